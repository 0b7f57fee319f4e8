// `runas-guard audit`: parse the flags, run the audit pipeline, render, exit (README, "Audit an org").

import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { RULES } from '../../analyze/rules/index.js';
import { auditWithProbes } from '../../audit/probe-audit.js';
import {
  DEFAULT_TIMEOUT_MS,
  runAudit,
  type AuditOutcome,
  type SnapshotSource,
} from '../../audit/run-audit.js';
import { resolveLiveSource } from '../../collect/live/connect.js';
import { resolveOutputTarget, writeFileAtomic } from '../../files/index.js';
import { DEFAULT_MANIFEST, loadManifest, type LoadedManifest } from '../../manifest/load.js';
import { SEVERITIES, type Severity } from '../../model/finding.js';
import { isFrameworkId } from '../../report/frameworks.js';
import {
  isReportFormat,
  REPORT_FILE_NAMES,
  REPORT_FORMATS,
  renderReport,
  type ReportFormat,
  type RuleInfo,
} from '../../report/index.js';
import { renderAuditProbesText } from '../../report/probe-text.js';
import { parseDuration } from '../../transport/http.js';
import { CliError } from '../errors.js';
import { parseInstant } from '../instant.js';
import { withProgress } from '../progress.js';

/** `audit --probe` reads each app's secret from `RUNAS_GUARD_SECRET_<DEVELOPER_NAME>` (upper case). */
export const SECRET_ENV_PREFIX = 'RUNAS_GUARD_SECRET_';

/** The environment variable `audit --probe` reads the secret of `app` from. */
export function secretEnvVarOf(app: string): string {
  return `${SECRET_ENV_PREFIX}${app.toUpperCase()}`;
}

/** `audit --probe`: each app's secret from `RUNAS_GUARD_SECRET_<DEVELOPER_NAME>`. */
export function secretsFromEnv(
  env: NodeJS.ProcessEnv,
): (app: string) => { secret: string | undefined; source: string } {
  return (app) => {
    const variable = secretEnvVarOf(app);
    return { secret: env[variable], source: `the environment variable ${variable}` };
  };
}

export interface SourceFlags {
  targetOrg?: string;
  instanceUrl?: string;
  auditorClientId?: string;
  auditorClientSecretEnv?: string;
  /** API version of live collection (default 62.0); the sf plugin's `--api-version`. */
  apiVersion?: string;
  project?: string;
  snapshot?: string;
}

export interface AuditFlags extends SourceFlags {
  manifest?: string;
  /** One format, or several comma-separated with `outputDir`. */
  format?: string;
  output?: string;
  /** `--output-dir`: each format to DIR/runas-guard.<ext>. */
  outputDir?: string;
  failOn?: string;
  now?: string;
  sandboxSuffix?: string;
  framework?: string;
  verbose?: boolean;
  /** `--full-evidence`: evidence lists every excess grant, not the first 10 with counts. */
  fullEvidence?: boolean;
  allowIncomplete?: boolean;
  saveSnapshot?: string;
  /** `--timeout`: the overall deadline of live collection (`30m`, `90s`). */
  timeout?: string;
  /** Also probe each integration whose secret is in RUNAS_GUARD_SECRET_<APP>. */
  probe?: boolean;
  /** `--max-requests N`: live collection sends at most N API requests. */
  maxRequests?: string;
}

/** `--manifest FILE`, else `runas-guard.yaml` in the working directory when it exists. */
export async function manifestFromFlags(
  file: string | undefined,
): Promise<LoadedManifest | undefined> {
  if (file !== undefined) {
    if (!existsSync(file)) throw new CliError(`--manifest: ${file} does not exist`);
    return loadManifest(file);
  }
  return existsSync(DEFAULT_MANIFEST) ? loadManifest(DEFAULT_MANIFEST) : undefined;
}

/** The one source the flags name (README, "Audit an org"). */
export function sourceFromFlags(flags: SourceFlags, env: NodeJS.ProcessEnv): SnapshotSource {
  const live = resolveLiveSource(
    {
      ...(flags.targetOrg !== undefined ? { targetOrg: flags.targetOrg } : {}),
      ...(flags.instanceUrl !== undefined ? { instanceUrl: flags.instanceUrl } : {}),
      ...(flags.auditorClientId !== undefined ? { auditorClientId: flags.auditorClientId } : {}),
      ...(flags.auditorClientSecretEnv !== undefined
        ? { auditorClientSecretEnv: flags.auditorClientSecretEnv }
        : {}),
      ...(flags.apiVersion !== undefined ? { apiVersion: flags.apiVersion } : {}),
    },
    env,
  );
  if (flags.snapshot !== undefined) {
    if (live !== undefined) throw new CliError('--snapshot cannot be combined with a live source');
    if (flags.project !== undefined)
      throw new CliError('--snapshot cannot be combined with --project: a snapshot is complete');
    return { kind: 'snapshot', file: flags.snapshot };
  }
  if (flags.project !== undefined) {
    // docs/adr/0004-project-mode.md: `--project` may be combined with a live source (user state from the org).
    return live === undefined
      ? { kind: 'project', dir: flags.project }
      : { kind: 'project+live', dir: flags.project, source: live };
  }
  if (live === undefined) {
    throw new CliError(
      'no source: give --target-org ALIAS, --instance-url URL (token in SF_ACCESS_TOKEN), the auditor app flags, --project DIR or --snapshot FILE',
    );
  }
  return { kind: 'live', source: live };
}

/** `--fail-on LEVEL` of every command that gates on findings. */
export function severityOf(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new CliError(`--fail-on: expected one of ${SEVERITIES.join(', ')}, got "${value}"`);
  }
  return value as Severity;
}

/**
 * Writes rendered outputs (all rendered first, so a failing renderer writes nothing): stdout when
 * a file is undefined, else atomically into the file, creating `--output-dir` when given.
 */
export async function writeOutputs(
  rendered: readonly { file: string | undefined; text: string }[],
  outputDir: string | undefined,
): Promise<void> {
  if (outputDir !== undefined) {
    try {
      await mkdir(outputDir, { recursive: true });
    } catch (error) {
      const reason = (error as { code?: string }).code ?? 'error';
      throw new CliError(`--output-dir: ${outputDir} cannot be created (${reason})`);
    }
  }
  const label = outputDir === undefined ? '--output' : '--output-dir';
  for (const { file, text } of rendered) {
    if (file === undefined) process.stdout.write(text);
    else await writeFileAtomic(file, text, { label });
  }
}

/** `--max-requests N`: a whole number of requests, 0 or more; undefined without the flag. */
export function maxRequestsFromFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value.trim()))
    throw new CliError(`--max-requests: expected a whole number of requests, got "${value}"`);
  return Number(value.trim());
}

/** `--timeout DURATION` in ms (default 30 minutes). */
export function timeoutFromFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new CliError(`--timeout: expected a duration such as 30m, 90s or 1h, got "${value}"`);
  return ms;
}

/** `--format a,b`: the formats named, each once, in the order given. */
export function formatsFromFlag(value: string): ReportFormat[] {
  const names = value.split(',').map((name) => name.trim());
  const formats: ReportFormat[] = [];
  for (const name of names) {
    if (!isReportFormat(name)) {
      const shown = JSON.stringify(name.slice(0, 40));
      throw new CliError(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got ${shown}`);
    }
    if (!formats.includes(name)) formats.push(name);
  }
  return formats;
}

/** Where each format goes: stdout (undefined), `--output FILE` or `--output-dir DIR`. */
export function outputsFromFlags(
  formats: readonly ReportFormat[],
  output: string | undefined,
  outputDir: string | undefined,
): { format: ReportFormat; file: string | undefined }[] {
  if (output !== undefined && outputDir !== undefined)
    throw new CliError('--output and --output-dir cannot be combined: give one');
  if (outputDir !== undefined) {
    if (outputDir === '') throw new CliError('--output-dir: expected a directory, got ""');
    return formats.map((format) => ({
      format,
      file: join(outputDir, REPORT_FILE_NAMES[format]),
    }));
  }
  if (formats.length > 1)
    throw new CliError(
      `--format ${formats.join(',')}: several formats need --output-dir DIR (one file each)`,
    );
  const [format = 'text'] = formats;
  return [{ format, file: output }];
}

/** The rule catalog as the report formats describe it (titles, rationale, help). */
export function ruleCatalog(): RuleInfo[] {
  return RULES.map(({ meta }) => ({
    id: meta.id,
    slug: meta.slug,
    title: meta.title,
    severity: meta.severity,
    rationale: meta.rationale,
    remediation: meta.remediation,
    tags: [meta.category, ...meta.tags],
    frameworks: meta.frameworks,
  }));
}

/** `--output-dir`: an existing directory, or absent (created after the audit). @throws CliError */
async function checkOutputDir(dir: string): Promise<boolean> {
  const stats = await stat(dir).catch(() => undefined);
  if (stats === undefined) return false;
  if (!stats.isDirectory()) throw new CliError(`--output-dir: ${dir} is not a directory`);
  return true;
}

export async function runAuditCommand(
  flags: AuditFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ outcome: AuditOutcome; exitCode: number }> {
  const outputs = outputsFromFlags(
    formatsFromFlag(flags.format ?? 'text'),
    flags.output,
    flags.outputDir,
  );
  if (flags.framework !== undefined && !isFrameworkId(flags.framework)) {
    throw new CliError(`--framework: unknown framework "${flags.framework}"`);
  }
  const failOn = severityOf(flags.failOn);
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const maxRequests = maxRequestsFromFlag(flags.maxRequests);
  const source = sourceFromFlags(flags, env);
  const manifest = await manifestFromFlags(flags.manifest);
  // Refuse a directory, FIFO or device before collecting, not after (they are checked again on write).
  const outputDirExists =
    flags.outputDir === undefined ? false : await checkOutputDir(flags.outputDir);
  for (const { file } of outputs)
    if (file !== undefined && (flags.outputDir === undefined || outputDirExists))
      await resolveOutputTarget(file, flags.outputDir === undefined ? '--output' : '--output-dir');
  if (flags.saveSnapshot !== undefined)
    await resolveOutputTarget(flags.saveSnapshot, '--save-snapshot');
  const outcome = await withProgress(
    () =>
      runAudit({
        source,
        manifest,
        now,
        failOn,
        sandboxSuffix: flags.sandboxSuffix,
        saveSnapshot: flags.saveSnapshot,
        allowIncomplete: flags.allowIncomplete === true,
        timeoutMs,
        maxRequests,
        fullEvidence: flags.fullEvidence === true,
      }),
    { env },
  );
  const probed =
    flags.probe === true
      ? await auditWithProbes(outcome, {
          secretOf: secretsFromEnv(env),
          manifest,
          allowIncomplete: flags.allowIncomplete === true,
        })
      : undefined;
  const report = probed?.report ?? outcome.report;
  const options = {
    verbose: flags.verbose === true,
    rules: ruleCatalog(),
    ...(flags.framework !== undefined ? { framework: flags.framework } : {}),
  };
  // Every format is rendered before anything is written: a renderer that throws writes nothing.
  const rendered = outputs.map(({ format, file }) => {
    let text = renderReport(format, report, options);
    if (probed !== undefined && format === 'text')
      text += `\n${renderAuditProbesText(probed.probes)}`;
    return { file, text };
  });
  await writeOutputs(rendered, flags.outputDir);
  const notSent = report.collection.failedRequests.filter(
    (f) => f.errorCode === 'MAX_REQUESTS_REACHED',
  );
  if (notSent.length > 0)
    process.stderr.write(
      `runas-guard: --max-requests ${maxRequests ?? ''} reached after ${report.collection.apiRequests} requests; not sent: ` +
        `${[...new Set(notSent.map((f) => f.request))].join(', ')} (the rules needing them are not evaluated)\n`,
    );
  return { outcome: { ...outcome, report }, exitCode: probed?.exitCode ?? outcome.exitCode };
}
