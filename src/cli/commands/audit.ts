// `runas-guard audit`: parse the flags, run the audit pipeline, render, exit (README, "Audit an org").

import { existsSync } from 'node:fs';

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
import { isReportFormat, REPORT_FORMATS, renderReport } from '../../report/index.js';
import { renderAuditProbesText } from '../../report/probe-text.js';
import { parseDuration } from '../../transport/http.js';
import { CliError } from '../errors.js';
import { parseInstant } from '../instant.js';

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
  project?: string;
  snapshot?: string;
}

export interface AuditFlags extends SourceFlags {
  manifest?: string;
  format?: string;
  output?: string;
  failOn?: string;
  now?: string;
  sandboxSuffix?: string;
  framework?: string;
  verbose?: boolean;
  allowIncomplete?: boolean;
  saveSnapshot?: string;
  /** `--timeout`: the overall deadline of live collection (`30m`, `90s`). */
  timeout?: string;
  /** Also probe each integration whose secret is in RUNAS_GUARD_SECRET_<APP>. */
  probe?: boolean;
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

function severityOf(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new CliError(`--fail-on: expected one of ${SEVERITIES.join(', ')}, got "${value}"`);
  }
  return value as Severity;
}

/** `--timeout DURATION` in ms (default 30 minutes). */
export function timeoutFromFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new CliError(`--timeout: expected a duration such as 30m, 90s or 1h, got "${value}"`);
  return ms;
}

export async function runAuditCommand(
  flags: AuditFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ outcome: AuditOutcome; exitCode: number }> {
  const format = flags.format ?? 'text';
  if (!isReportFormat(format)) {
    throw new CliError(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  }
  if (flags.framework !== undefined && !isFrameworkId(flags.framework)) {
    throw new CliError(`--framework: unknown framework "${flags.framework}"`);
  }
  const failOn = severityOf(flags.failOn);
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const source = sourceFromFlags(flags, env);
  const manifest = await manifestFromFlags(flags.manifest);
  // Refuse a directory, FIFO or device before collecting, not after (they are checked again on write).
  if (flags.output !== undefined) await resolveOutputTarget(flags.output, '--output');
  if (flags.saveSnapshot !== undefined)
    await resolveOutputTarget(flags.saveSnapshot, '--save-snapshot');
  const outcome = await runAudit({
    source,
    manifest,
    now,
    failOn,
    sandboxSuffix: flags.sandboxSuffix,
    saveSnapshot: flags.saveSnapshot,
    allowIncomplete: flags.allowIncomplete === true,
    timeoutMs,
  });
  const probed =
    flags.probe === true
      ? await auditWithProbes(outcome, {
          secretOf: secretsFromEnv(env),
          manifest,
          allowIncomplete: flags.allowIncomplete === true,
        })
      : undefined;
  const report = probed?.report ?? outcome.report;
  let text = renderReport(format, report, {
    verbose: flags.verbose === true,
    ...(flags.framework !== undefined ? { framework: flags.framework } : {}),
  });
  if (probed !== undefined && format === 'text')
    text += `\n${renderAuditProbesText(probed.probes)}`;
  if (flags.output === undefined) process.stdout.write(text);
  else await writeFileAtomic(flags.output, text, { label: '--output' });
  return { outcome: { ...outcome, report }, exitCode: probed?.exitCode ?? outcome.exitCode };
}
