// `monitor watch`: record a run, turn each change since the org's previous run and each new
// lifecycle event into one alert queued in the same transaction as the run, then deliver every
// pending alert of the org (this run's and earlier ones), every interval (docs/monitor.md, "Alerts").

import { TOOL } from '../../audit/run-audit.js';
import { diffStates } from '../../drift/diff.js';
import { recordRun, type RecordRequest } from '../record.js';
import { runLabel } from '../runs.js';
import type { AlertInput, HistoryStore, RunInput, StoredEvent } from '../store/types.js';
import { alertsFromDrift, alertsFromLifecycle, type EventFinding } from './alerts.js';
import { type AlertChannel, deliverPending, type DeliveryOptions } from './deliver.js';
import { runLoop } from './loop.js';

export interface WatchRequest {
  store: HistoryStore;
  /** The audit of each iteration, as `monitor record` runs it. */
  audit: RecordRequest['audit'];
  /** How the source was named, never a secret. */
  source: string;
  channel: AlertChannel;
  intervalMs: number;
  maxRuns?: number;
  signal: AbortSignal;
  delivery?: Partial<DeliveryOptions>;
  /** One line per iteration (stdout). */
  out: (line: string) => void;
  /** Failed deliveries and iterations (stderr); never a secret. */
  log: (line: string) => void;
}

export interface WatchResult {
  runs: number;
  /** 0, or 3 when the last iteration could not collect (the loop went on after earlier ones). */
  exitCode: 0 | 3;
}

/**
 * The alerts of a run about to be recorded: each change against the org's previous run, and each
 * lifecycle event its findings tie to an integration (RG-0030, RG-0031) that the store has not
 * seen. The org's first run is the baseline: it alerts nothing (every row of the first read would
 * otherwise be "new").
 */
export async function alertsForRun(
  store: HistoryStore,
  input: Omit<RunInput, 'alerts'>,
  findings: readonly EventFinding[],
): Promise<AlertInput[]> {
  const previous = await store.latestRun(input.orgKey);
  if (previous === undefined) return [];
  const context = { orgKey: input.orgKey, runId: 0, collectedAt: input.collectedAt };
  const report = diffStates(
    {
      side: { label: runLabel(previous), runId: previous.id, collectedAt: previous.collectedAt },
      integrations: previous.integrations,
      findings: previous.findings,
    },
    {
      side: { label: 'this run', collectedAt: input.collectedAt },
      integrations: input.integrations,
      findings: input.findings,
    },
    { kind: 'monitor-diff', tool: TOOL, generatedAt: input.recordedAt },
  );
  const known = new Map<StoredEvent['kind'], Set<string>>();
  for (const kind of ['auditTrail', 'loginHistory'] as const) {
    const ids = input.events.filter((e) => e.kind === kind).map((e) => e.id);
    known.set(kind, await store.knownEventIds(input.orgKey, kind, ids));
  }
  return [
    ...alertsFromDrift(report, context),
    ...alertsFromLifecycle(findings, (kind, id) => known.get(kind)?.has(id) !== true, context),
  ];
}

function exitCodeOf(error: unknown): number | undefined {
  const code = (error as { exitCode?: unknown }).exitCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Runs the loop. Input and store errors (exit 2) end it at once; a run that cannot collect (exit 3)
 * is logged and the next iteration tries again.
 */
export async function watch(request: WatchRequest): Promise<WatchResult> {
  const { store, channel } = request;
  let orgKey: string | undefined;
  let lastExit: 0 | 3 = 0;
  const runs = await runLoop(
    {
      intervalMs: request.intervalMs,
      ...(request.maxRuns !== undefined ? { maxRuns: request.maxRuns } : {}),
      signal: request.signal,
    },
    async () => {
      let recorded: Awaited<ReturnType<typeof recordRun>> | undefined;
      let queued = 0;
      try {
        recorded = await recordRun({
          store,
          audit: request.audit,
          source: request.source,
          alertsFor: async (input, outcome) => {
            const alerts = await alertsForRun(store, input, outcome.report.findings);
            queued = alerts.length;
            return alerts;
          },
        });
        orgKey = recorded.summary.orgKey;
        lastExit = recorded.incomplete ? 3 : 0;
      } catch (error) {
        if (exitCodeOf(error) !== 3) throw error;
        lastExit = 3;
        request.log(`watch: this iteration could not collect: ${(error as Error).message}`);
      }
      // Alerts left from earlier iterations are delivered even when this one could not collect.
      if (orgKey === undefined) return;
      const delivery = await deliverPending(store, orgKey, channel, {
        ...request.delivery,
        onFailure: (alert, attempt, error) => {
          request.log(`watch: alert ${alert.id} not delivered (attempt ${attempt}): ${error}`);
        },
      });
      const head =
        recorded === undefined
          ? `org ${orgKey}: not recorded (could not collect)`
          : `run ${recorded.runId} org ${orgKey}: ${recorded.summary.integrationCount} integrations, ${recorded.summary.failCount} failing findings${recorded.incomplete ? ' (incomplete)' : ''}, ${queued} new alerts`;
      request.out(
        `${head}; ${delivery.delivered} delivered, ${delivery.pending} pending, ${delivery.rejected} rejected (${channel.label})`,
      );
    },
  );
  return { runs, exitCode: lastExit };
}
