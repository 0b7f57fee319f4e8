// `runas-guard monitor watch`: record a run every interval, alert once per change, deliver the
// org's pending alerts to a webhook (docs/monitor.md, "Alerts"; docs/adr/0020-alerts.md).

import { Command, Option } from 'commander';

import { DEFAULT_DB, openStore } from '../../monitor/store/index.js';
import {
  type AlertChannel,
  streamChannel,
  watch,
  WEBHOOK_FORMATS,
  webhookChannel,
  webhookOf,
  type WebhookFormat,
} from '../../monitor/watch/index.js';
import { parseDuration } from '../../transport/http.js';
import { CliError } from '../errors.js';
import { parseInstant } from '../instant.js';
import { addLiveSourceOptions } from '../options.js';
import { manifestFromFlags, type SourceFlags, sourceFromFlags, timeoutFromFlag } from './audit.js';
import { sourceLabel } from './monitor.js';

export interface WatchFlags extends SourceFlags {
  db?: string;
  interval?: string;
  maxRuns?: string;
  webhook?: string;
  webhookEnv?: string;
  webhookFormat?: string;
  retryRejected?: boolean;
  manifest?: string;
  now?: string;
  sandboxSuffix?: string;
  timeout?: string;
}

function intervalOf(value: string | undefined): number {
  if (value === undefined)
    throw new CliError('--interval DURATION is required (e.g. 15m, 30s, 1h)');
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new CliError(`--interval: expected a duration such as 15m, 30s or 1h, got "${value}"`);
  return ms;
}

function maxRunsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new CliError(`--max-runs: expected a positive whole number, got "${value}"`);
  return Number(value);
}

/** The channel of `--webhook URL` / `--webhook-env VAR` (stdout without either). @throws CliError */
export function channelFromFlags(flags: WatchFlags, env: NodeJS.ProcessEnv): AlertChannel {
  const format = (flags.webhookFormat ?? 'json') as WebhookFormat;
  if (!(WEBHOOK_FORMATS as readonly string[]).includes(format))
    throw new CliError(
      `--webhook-format: expected one of ${WEBHOOK_FORMATS.join(', ')}, got "${flags.webhookFormat ?? ''}"`,
    );
  if (flags.webhook !== undefined && flags.webhookEnv !== undefined)
    throw new CliError('--webhook and --webhook-env cannot be combined: give one');
  let raw: string | undefined;
  let label = '--webhook';
  if (flags.webhookEnv !== undefined) {
    label = `--webhook-env ${flags.webhookEnv}`;
    raw = env[flags.webhookEnv];
    if (raw === undefined || raw.trim() === '')
      throw new CliError(`${label}: the environment variable is not set`);
  } else raw = flags.webhook;
  if (raw === undefined) {
    if (flags.webhookFormat !== undefined)
      throw new CliError('--webhook-format needs --webhook URL or --webhook-env VAR');
    return streamChannel((line) => process.stdout.write(line));
  }
  try {
    return webhookChannel(webhookOf(raw, label, format));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export async function runWatchCommand(
  flags: WatchFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  // Every flag is checked before the store is opened or the org is asked.
  const intervalMs = intervalOf(flags.interval);
  const maxRuns = maxRunsOf(flags.maxRuns);
  const channel = channelFromFlags(flags, env);
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const source = sourceFromFlags(flags, env);
  const manifest = await manifestFromFlags(flags.manifest);
  const store = await openStore(flags.db ?? DEFAULT_DB);
  const stop = new AbortController();
  const onSignal = (): void => {
    process.stderr.write('watch: stopping after this iteration\n');
    stop.abort();
  };
  // `once`: a second signal ends the process the default way.
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await watch({
      store,
      audit: { source, manifest, now, sandboxSuffix: flags.sandboxSuffix, timeoutMs },
      source: sourceLabel(flags),
      channel,
      intervalMs,
      ...(maxRuns !== undefined ? { maxRuns } : {}),
      signal: stop.signal,
      delivery: { retryRejected: flags.retryRejected === true },
      out: (line) => process.stdout.write(`${line}\n`),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    return result.exitCode;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await store.close();
  }
}

/**
 * Registers `watch` on the `monitor` command. The monitor command's file calls it once:
 *
 *     import { registerWatch } from './monitor-watch.js';
 *     registerWatch(monitor); // monitor = cli.command('monitor')
 *
 * The subcommand sets `process.exitCode` itself: 0 when the loop ended (after `--max-runs`, or
 * after SIGINT / SIGTERM ended the current iteration), 3 when the last iteration could not collect,
 * 2 on bad input (thrown as CliError before any collection).
 */
export function registerWatch(monitor: Command): Command {
  const command = addLiveSourceOptions(
    new Command('watch').description(
      'Record a run every interval and alert once per change (docs/monitor.md, "Alerts")',
    ),
  )
    .option(
      '--db <file|url>',
      `history store: a SQLite file or postgres://… (default ${DEFAULT_DB})`,
    )
    .option('--interval <duration>', 'time between the starts of two runs (e.g. 15m, 30s, 1h)')
    .option('--max-runs <n>', 'stop after N runs (one-shot cron: 1)')
    .option('--webhook <url>', 'post each alert to this URL (a secret: prefer --webhook-env)')
    .option('--webhook-env <var>', 'environment variable holding the webhook URL')
    .addOption(
      new Option('--webhook-format <format>', 'body posted: json | slack | teams (default json)'),
    )
    .option('--retry-rejected', 'also resend alerts the webhook refused before (4xx)')
    .option('--project <dir>', 'an SFDX project (configuration only)')
    .option('--snapshot <file>', 'a saved snapshot, read again each run')
    .option('--manifest <file>', 'integration manifest (default: runas-guard.yaml when present)')
    .option('--now <iso>', "evaluation time (default: the org's clock at collection)")
    .option('--sandbox-suffix <name>', 'sandbox username suffix (e.g. uat)')
    .option('--timeout <duration>', 'overall deadline of each live collection (e.g. 30m)', '30m')
    .action(async (flags: WatchFlags) => {
      process.exitCode = await runWatchCommand(flags);
    });
  monitor.addCommand(command);
  return command;
}
