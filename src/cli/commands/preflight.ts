// `runas-guard preflight`: parse the flags, compare the project at two git commits, render, exit
// (docs/preflight.md). Text and JSON render the preflight report; sarif, junit and markdown render
// what can fail the run (the head's audit report with introduced findings only).

import { resolveLiveSource } from '../../collect/live/connect.js';
import { resolveOutputTarget } from '../../files/index.js';
import { loadManifest } from '../../manifest/load.js';
import {
  PREFLIGHT_RULE_INFO,
  renderPreflightJson,
  renderPreflightText,
  runPreflight,
} from '../../preflight/index.js';
import type { PreflightOutcome } from '../../preflight/index.js';
import { renderReport } from '../../report/index.js';
import { CliError } from '../errors.js';
import { parseInstant } from '../instant.js';
import { withProgress } from '../progress.js';
import {
  formatsFromFlag,
  maxRequestsFromFlag,
  outputsFromFlags,
  ruleCatalog,
  severityOf,
  writeOutputs,
} from './audit.js';

export interface PreflightFlags {
  project?: string;
  base?: string;
  head?: string;
  manifest?: string;
  format?: string;
  output?: string;
  outputDir?: string;
  failOn?: string;
  now?: string;
  sandboxSuffix?: string;
  allowIncomplete?: boolean;
  targetOrg?: string;
  instanceUrl?: string;
  /** `--max-requests N`: the live collection sends at most N API requests. */
  maxRequests?: string;
  /** API version of the live collection (default 62.0); the sf plugin's `--api-version`. */
  apiVersion?: string;
}

/** `env` holds SF_ACCESS_TOKEN for `--instance-url` (the sf plugin passes the org's token there). */
export async function runPreflightCommand(
  flags: PreflightFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ outcome: PreflightOutcome; exitCode: number }> {
  if (flags.project === undefined) throw new CliError('--project DIR is required');
  if (flags.base === undefined) throw new CliError('--base REF is required');
  // The run-as users' assignments from the org, the change from git (docs/preflight.md).
  const live = resolveLiveSource(
    {
      ...(flags.targetOrg !== undefined ? { targetOrg: flags.targetOrg } : {}),
      ...(flags.instanceUrl !== undefined ? { instanceUrl: flags.instanceUrl } : {}),
      ...(flags.apiVersion !== undefined ? { apiVersion: flags.apiVersion } : {}),
    },
    env,
  );
  const outputs = outputsFromFlags(
    formatsFromFlag(flags.format ?? 'text'),
    flags.output,
    flags.outputDir,
  );
  const failOn = severityOf(flags.failOn);
  const maxRequests = maxRequestsFromFlag(flags.maxRequests);
  if (maxRequests !== undefined && live === undefined)
    throw new CliError(
      '--max-requests applies to a live source: give --target-org or --instance-url',
    );
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const manifest = flags.manifest === undefined ? undefined : await loadManifest(flags.manifest);
  const label = flags.outputDir === undefined ? '--output' : '--output-dir';
  if (flags.outputDir === undefined)
    for (const { file } of outputs) if (file !== undefined) await resolveOutputTarget(file, label);
  const { project: projectDir, base } = flags;
  const outcome = await withProgress(() =>
    runPreflight({
      projectDir,
      base,
      head: flags.head,
      manifest,
      now,
      failOn,
      sandboxSuffix: flags.sandboxSuffix,
      allowIncomplete: flags.allowIncomplete === true,
      live,
      maxRequests,
    }),
  );
  const options = {
    rules: [...ruleCatalog(), ...PREFLIGHT_RULE_INFO],
    command: 'preflight' as const,
  };
  // Every format is rendered before anything is written.
  const rendered = outputs.map(({ format, file }) => ({
    file,
    text:
      format === 'text'
        ? renderPreflightText(outcome.report)
        : format === 'json'
          ? renderPreflightJson(outcome.report)
          : renderReport(format, outcome.gate, options),
  }));
  await writeOutputs(rendered, flags.outputDir);
  return { outcome, exitCode: outcome.exitCode };
}
