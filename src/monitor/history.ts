// `monitor history`: the runs of an org, oldest first, and with `--app` that integration's changes
// run by run (each run compared with the org's run before it) (docs/monitor.md).

import { TOOL } from '../audit/run-audit.js';
import type { DriftChange } from '../drift/report.js';
import { diffRuns } from './diff.js';
import { orgOf } from './runs.js';
import type { HistoryStore, RunSummary, StoredRun } from './store/types.js';

export interface HistoryEntry {
  run: RunSummary;
  /** With `--app`: whether the app was in this run's audit. */
  present?: boolean;
  /** With `--app`: what changed for the app since the org's previous run (none on the first). */
  changes?: DriftChange[];
  /** With `--app`: what could not be compared (a facet not collected in one of the runs). */
  notCompared?: string[];
}

export interface HistoryReport {
  schemaVersion: 1;
  kind: 'monitor-history';
  tool: { name: string; version: string };
  generatedAt: string;
  orgKey: string;
  app?: string;
  /** Oldest first. */
  runs: HistoryEntry[];
}

export interface HistoryRequest {
  orgKey?: string | undefined;
  app?: string | undefined;
  generatedAt?: string | undefined;
}

function hasApp(run: StoredRun, app: string): boolean {
  return run.integrations.some((i) => i.app === app);
}

export async function historyOf(
  store: HistoryStore,
  request: HistoryRequest,
): Promise<HistoryReport> {
  const orgKey = await orgOf(store, request.orgKey);
  const summaries = await store.listRuns({ orgKey });
  const generatedAt = request.generatedAt ?? new Date().toISOString();
  const base = {
    schemaVersion: 1 as const,
    kind: 'monitor-history' as const,
    tool: TOOL,
    generatedAt,
    orgKey,
  };
  const { app } = request;
  if (app === undefined) return { ...base, runs: summaries.map((run) => ({ run })) };

  // One run loaded at a time beside the previous one: each change is diffed exactly once.
  const runs: HistoryEntry[] = [];
  let previous: StoredRun | undefined;
  for (const summary of summaries) {
    const run = await store.loadRun(summary.id);
    if (run === undefined) continue;
    const present = hasApp(run, app);
    const entry: HistoryEntry = { run: summary, present, changes: [], notCompared: [] };
    if (previous !== undefined && (present || hasApp(previous, app))) {
      const drift = diffRuns(previous, run, generatedAt).integrations.find((i) => i.app === app);
      entry.changes = drift?.changes ?? [];
      entry.notCompared = drift?.notCompared ?? [];
    }
    runs.push(entry);
    previous = run;
  }
  return { ...base, app, runs };
}
