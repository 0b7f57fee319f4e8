// `runas-guard monitor record | diff | history`: thin commands over src/monitor/ (docs/monitor.md).
// `record` takes the audit's source and evaluation flags, parsed by the audit command's own
// functions; the store is opened (and a bad --db refused, exit 2) before anything is collected.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Command } from 'commander';

import { renderDriftJson, renderDriftText } from '../../drift/render.js';
import type { DriftReport } from '../../drift/report.js';
import { resolveOutputTarget, writeFileAtomic } from '../../files/index.js';
import { SEVERITIES } from '../../model/finding.js';
import { renderDriftHtml, renderHistoryHtml } from '../../report/html/index.js';
import { diffExitCode, diffStored, type DiffFailOn } from '../../monitor/diff.js';
import { historyOf, type HistoryReport } from '../../monitor/history.js';
import { recordRun } from '../../monitor/record.js';
import { withProgress } from '../progress.js';
import {
  renderHistoryJson,
  renderHistoryText,
  renderRecordJson,
  renderRecordText,
} from '../../monitor/render.js';
import { DEFAULT_DB, openStore } from '../../monitor/store/index.js';
import type { HistoryStore } from '../../monitor/store/types.js';
import { CliError, EXIT } from '../errors.js';
import { parseInstant } from '../instant.js';
import { addLiveSourceOptions } from '../options.js';
import {
  manifestFromFlags,
  maxRequestsFromFlag,
  ruleCatalog,
  sourceFromFlags,
  timeoutFromFlag,
  type SourceFlags,
} from './audit.js';

export interface RecordFlags extends SourceFlags {
  db?: string;
  manifest?: string;
  now?: string;
  sandboxSuffix?: string;
  allowIncomplete?: boolean;
  timeout?: string;
  /** `--max-requests N`: live collection sends at most N API requests. */
  maxRequests?: string;
  format?: string;
}

export interface DiffFlags {
  db?: string;
  from?: string;
  to?: string;
  org?: string;
  format?: string;
  output?: string;
  outputDir?: string;
  failOn?: string;
}

export interface HistoryFlags {
  db?: string;
  app?: string;
  org?: string;
  format?: string;
  output?: string;
}

const DB_HELP = `history store: a SQLite file or postgres://... (default ${DEFAULT_DB})`;

/** Opens the store, runs `body`, always closes it. */
async function withStore<T>(
  db: string | undefined,
  body: (store: HistoryStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(db ?? DEFAULT_DB);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(
      `${flag}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  return value as T;
}

/** `--from 12`: a run id, a positive integer. */
function runIdOf(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value))
    throw new CliError(
      `${flag}: expected a run id (a positive integer, see monitor history), got ${JSON.stringify(value.slice(0, 40))}`,
    );
  return Number(value);
}

/** How the source is named in the store: never a token, nor more of a URL than its origin. */
export function sourceLabel(flags: SourceFlags): string {
  if (flags.snapshot !== undefined) return `snapshot ${flags.snapshot}`;
  const live =
    flags.targetOrg !== undefined
      ? `--target-org ${flags.targetOrg}`
      : flags.instanceUrl !== undefined
        ? `--instance-url ${originOf(flags.instanceUrl)}`
        : undefined;
  if (flags.project !== undefined)
    return live === undefined ? `project ${flags.project}` : `project ${flags.project} + ${live}`;
  return live ?? 'unknown source';
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
}

export async function runRecordCommand(
  flags: RecordFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const format = oneOf('--format', flags.format ?? 'text', ['text', 'json'] as const);
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const maxRequests = maxRequestsFromFlag(flags.maxRequests);
  const source = sourceFromFlags(flags, env);
  const manifest = await manifestFromFlags(flags.manifest);
  return withStore(flags.db, async (store) => {
    const outcome = await withProgress(
      () =>
        recordRun({
          store,
          source: sourceLabel(flags),
          audit: {
            source,
            manifest,
            now,
            sandboxSuffix: flags.sandboxSuffix,
            timeoutMs,
            maxRequests,
          },
        }),
      { env },
    );
    process.stdout.write(format === 'json' ? renderRecordJson(outcome) : renderRecordText(outcome));
    return outcome.incomplete && flags.allowIncomplete !== true ? EXIT.collection : EXIT.ok;
  });
}

const DIFF_FORMATS = ['text', 'json', 'html'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];
const DIFF_FILES: Record<DiffFormat, string> = {
  text: 'runas-guard-diff.txt',
  json: 'runas-guard-diff.json',
  html: 'runas-guard-diff.html',
};
const DIFF_RENDERERS: Record<DiffFormat, (report: DriftReport) => string> = {
  text: renderDriftText,
  json: renderDriftJson,
  html: (report) => renderDriftHtml(report, { rules: ruleCatalog() }),
};

/** Writes each rendered format: stdout, `--output FILE` or `--output-dir DIR`. */
async function writeOutputs(
  rendered: { file: string | undefined; text: string }[],
  outputDir: string | undefined,
): Promise<void> {
  if (outputDir !== undefined) await mkdir(outputDir, { recursive: true });
  const label = outputDir === undefined ? '--output' : '--output-dir';
  for (const { file, text } of rendered) {
    if (file === undefined) process.stdout.write(text);
    else await writeFileAtomic(file, text, { label });
  }
}

export async function runDiffCommand(flags: DiffFlags): Promise<number> {
  const formats = [...new Set((flags.format ?? 'text').split(',').map((f) => f.trim()))].map((f) =>
    oneOf('--format', f, DIFF_FORMATS),
  );
  if (flags.output !== undefined && flags.outputDir !== undefined)
    throw new CliError('--output and --output-dir cannot be combined: give one');
  if (formats.length > 1 && flags.outputDir === undefined)
    throw new CliError(
      `--format ${formats.join(',')}: several formats need --output-dir DIR (one file each)`,
    );
  const failOn =
    flags.failOn === undefined
      ? undefined
      : oneOf<DiffFailOn>('--fail-on', flags.failOn, ['breaking', ...SEVERITIES]);
  const selection = {
    from: runIdOf('--from', flags.from),
    to: runIdOf('--to', flags.to),
    orgKey: flags.org,
  };
  if (flags.output !== undefined) await resolveOutputTarget(flags.output, '--output');
  const report = await withStore(flags.db, (store) => diffStored(store, selection));
  await writeOutputs(
    formats.map((format) => ({
      file:
        flags.outputDir !== undefined ? join(flags.outputDir, DIFF_FILES[format]) : flags.output,
      text: DIFF_RENDERERS[format](report),
    })),
    flags.outputDir,
  );
  return diffExitCode(report, failOn);
}

const HISTORY_FORMATS = ['text', 'json', 'html'] as const;
const HISTORY_RENDERERS: Record<
  (typeof HISTORY_FORMATS)[number],
  (report: HistoryReport) => string
> = {
  text: renderHistoryText,
  json: renderHistoryJson,
  html: (report) =>
    renderHistoryHtml(
      // With --app, each run carries that app's changes since the run before.
      report.runs.map(({ run, ...app }) => ({ ...run, ...app })),
      report.app === undefined ? {} : { app: report.app },
    ),
};

export async function runHistoryCommand(flags: HistoryFlags): Promise<number> {
  const format = oneOf('--format', flags.format ?? 'text', HISTORY_FORMATS);
  if (flags.output !== undefined) await resolveOutputTarget(flags.output, '--output');
  const report = await withStore(flags.db, (store) =>
    historyOf(store, { orgKey: flags.org, app: flags.app }),
  );
  await writeOutputs([{ file: flags.output, text: HISTORY_RENDERERS[format](report) }], undefined);
  return EXIT.ok;
}

/**
 * Adds `monitor` and its subcommands to the program. `extensions` add further subcommands
 * (`watch`, registered from its own module).
 */
export function registerMonitor(
  cli: Command,
  extensions: readonly ((monitor: Command) => void)[] = [],
): Command {
  const monitor = cli
    .command('monitor')
    .description(
      'History of the integrations in SQLite or PostgreSQL: record, diff, history, watch (docs/monitor.md)',
    );

  addLiveSourceOptions(
    monitor.command('record').description('Audit a source and store the run in the history'),
  )
    .option('--db <file|url>', DB_HELP)
    .option('--project <dir>', 'an SFDX project (configuration only)')
    .option('--snapshot <file>', 'record a saved snapshot')
    .option('--manifest <file>', 'integration manifest (default: runas-guard.yaml when present)')
    .option('--now <iso>', "evaluation time (default: the org's clock at collection)")
    .option('--sandbox-suffix <name>', 'sandbox username suffix (e.g. uat)')
    .option(
      '--allow-incomplete',
      'exit 0, not 3, when a source could not be collected (the run is recorded either way)',
    )
    .option('--timeout <duration>', 'overall deadline of live collection (e.g. 30m, 90s)', '30m')
    .option('--max-requests <n>', 'send at most N API requests; what is left is not collected')
    .option('--format <format>', 'text | json (the run recorded)', 'text')
    .action(async (flags: RecordFlags) => {
      process.exitCode = await runRecordCommand(flags);
    });

  monitor
    .command('diff')
    .description(
      'What changed between two runs of an org, per integration, and what each change breaks',
    )
    .option('--db <file|url>', DB_HELP)
    .option('--from <run>', 'the earlier run (default: the run before --to)')
    .option('--to <run>', "the later run (default: the org's newest run)")
    .option('--org <key>', 'the org id (needed when the store holds several orgs)')
    .option(
      '--format <formats>',
      'text | json | html; several, comma-separated, with --output-dir',
      'text',
    )
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write each --format to DIR/runas-guard-diff.<ext>')
    .option(
      '--fail-on <level>',
      'exit 1 when a change breaks an integration (breaking) or a finding newly fails at or above critical | high | medium | low | info',
    )
    .action(async (flags: DiffFlags) => {
      process.exitCode = await runDiffCommand(flags);
    });

  monitor
    .command('history')
    .description("The runs of an org; with --app, that integration's changes run by run")
    .option('--db <file|url>', DB_HELP)
    .option('--app <name>', 'developer name of the Connected App or External Client App')
    .option('--org <key>', 'the org id (needed when the store holds several orgs)')
    .option('--format <format>', 'text | json | html', 'text')
    .option('--output <file>', 'write the history to a file instead of stdout')
    .action(async (flags: HistoryFlags) => {
      process.exitCode = await runHistoryCommand(flags);
    });

  for (const extend of extensions) extend(monitor);
  return monitor;
}
