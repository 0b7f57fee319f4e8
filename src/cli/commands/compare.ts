// `runas-guard compare --source A --target B`: parse the flags, compare the two sources, render,
// exit (docs/compare.md). Text, JSON and HTML render the drift report; sarif, junit and markdown
// render what decides the exit code (RG-0032 and the target's own failures) as an audit report.

import { statSync } from 'node:fs';

import type { SnapshotSource } from '../../audit/run-audit.js';
import { resolveLiveSource } from '../../collect/live/connect.js';
import { COMPARE_RULE_INFO, runCompare, type CompareOutcome } from '../../compare/index.js';
import { renderDriftJson, renderDriftText } from '../../drift/render.js';
import { resolveOutputTarget } from '../../files/index.js';
import { renderDriftHtml, renderReport } from '../../report/index.js';
import { CliError } from '../errors.js';
import { parseInstant } from '../instant.js';
import { withProgress } from '../progress.js';
import {
  formatsFromFlag,
  manifestFromFlags,
  maxRequestsFromFlag,
  outputsFromFlags,
  ruleCatalog,
  severityOf,
  timeoutFromFlag,
  writeOutputs,
} from './audit.js';
import type { Command } from 'commander';
import { OUTPUT_DIR_HELP, REPORT_FORMAT_HELP } from '../options.js';

export interface CompareFlags {
  source?: string;
  target?: string;
  manifest?: string;
  format?: string;
  output?: string;
  outputDir?: string;
  failOn?: string;
  now?: string;
  sandboxSuffix?: string;
  allowIncomplete?: boolean;
  timeout?: string;
  /** `--max-requests N`: each live side's collection sends at most N API requests. */
  maxRequests?: string;
}

export function registerCompare(cli: Command): void {
  cli
    .command('compare')
    .description(
      'Parity of each integration between two sources (production and a sandbox): run-as user, access, policy; RG-0032 (docs/compare.md)',
    )
    .requiredOption(
      '--source <file|alias>',
      'the reference side: a snapshot file, else an sf alias',
    )
    .requiredOption('--target <file|alias>', 'the side checked against it (e.g. the sandbox)')
    .option('--manifest <file>', 'integration manifest (default: runas-guard.yaml when present)')
    .option('--sandbox-suffix <name>', 'sandbox username suffix (e.g. uat)')
    .option('--format <formats>', REPORT_FORMAT_HELP, 'text')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', OUTPUT_DIR_HELP)
    .option(
      '--fail-on <level>',
      'exit 1 on RG-0032 or target-only failures at or above: critical | high | medium | low | info',
    )
    .option('--now <iso>', "evaluation time of both sides (default: each one's collection clock)")
    .option('--allow-incomplete', 'do not exit 3 when a side could not be fully collected')
    .option('--timeout <duration>', 'overall deadline of each live collection (e.g. 30m)', '30m')
    .option(
      '--max-requests <n>',
      'send at most N API requests to each live side; what is left is not collected',
    )
    .action(async (flags: CompareFlags) => {
      process.exitCode = (await runCompareCommand(flags)).exitCode;
    });
}

/** A side: a snapshot file when such a file exists, else an org alias of the Salesforce CLI. */
export function compareSide(
  value: string,
  flag: '--source' | '--target',
  env: NodeJS.ProcessEnv,
): { label: string; source: SnapshotSource } {
  if (value.trim() === '') throw new CliError(`${flag}: expected a snapshot file or an org alias`);
  let isFile = false;
  try {
    isFile = statSync(value).isFile();
  } catch {
    isFile = false;
  }
  if (isFile) return { label: `snapshot ${value}`, source: { kind: 'snapshot', file: value } };
  if (/[/\\]/.test(value) || /\.json$/i.test(value))
    throw new CliError(`${flag}: ${printable(value)} is not a file (nor an org alias)`);
  const live = resolveLiveSource({ targetOrg: value }, env);
  if (live === undefined) throw new CliError(`${flag}: expected a snapshot file or an org alias`);
  return { label: `org ${value}`, source: { kind: 'live', source: live } };
}

export async function runCompareCommand(
  flags: CompareFlags,
): Promise<{ outcome: CompareOutcome; exitCode: number }> {
  if (flags.source === undefined) throw new CliError('--source is required');
  if (flags.target === undefined) throw new CliError('--target is required');
  const outputs = outputsFromFlags(
    formatsFromFlag(flags.format ?? 'text'),
    flags.output,
    flags.outputDir,
  );
  const failOn = severityOf(flags.failOn);
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const maxRequests = maxRequestsFromFlag(flags.maxRequests);
  const source = compareSide(flags.source, '--source', process.env);
  const target = compareSide(flags.target, '--target', process.env);
  const manifest = await manifestFromFlags(flags.manifest);
  const label = flags.outputDir === undefined ? '--output' : '--output-dir';
  if (flags.outputDir === undefined)
    for (const { file } of outputs) if (file !== undefined) await resolveOutputTarget(file, label);

  const outcome = await withProgress(() =>
    runCompare({
      source,
      target,
      manifest,
      sandboxSuffix: flags.sandboxSuffix,
      failOn,
      allowIncomplete: flags.allowIncomplete === true,
      now,
      timeoutMs,
      maxRequests,
    }),
  );
  const options = { rules: [...ruleCatalog(), ...COMPARE_RULE_INFO], command: 'compare' as const };
  // Every format is rendered before anything is written.
  const rendered = outputs.map(({ format, file }) => ({
    file,
    text:
      format === 'text'
        ? renderDriftText(outcome.report)
        : format === 'json'
          ? renderDriftJson(outcome.report)
          : format === 'html'
            ? renderDriftHtml(outcome.report, options)
            : renderReport(format, outcome.gate, options),
  }));
  await writeOutputs(rendered, flags.outputDir);
  return { outcome, exitCode: outcome.exitCode };
}

function printable(value: string): string {
  return JSON.stringify(value.slice(0, 100));
}
