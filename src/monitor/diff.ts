// `monitor diff`: two stored runs of one org set side by side as a drift report (what changed per
// integration and which integrations each change breaks), and the exit code `--fail-on` decides
// (docs/monitor.md).

import { TOOL } from '../audit/run-audit.js';
import { diffStates } from '../drift/diff.js';
import type { DriftReport } from '../drift/report.js';
import { SEVERITY_RANK, type Severity } from '../model/finding.js';
import { runLabel, selectRunPair, type RunSelection } from './runs.js';
import type { HistoryStore, StoredRun } from './store/types.js';

/** `--fail-on`: a change that breaks an integration, or a finding newly failing at a severity. */
export type DiffFailOn = 'breaking' | Severity;

/** The drift report of two stored runs (`from` before `to`). */
export function diffRuns(
  from: StoredRun,
  to: StoredRun,
  generatedAt: string = new Date().toISOString(),
): DriftReport {
  const side = (run: StoredRun) => ({
    label: runLabel(run),
    runId: run.id,
    collectedAt: run.collectedAt,
    orgId: run.orgKey,
  });
  return diffStates(
    { side: side(from), integrations: from.integrations, findings: from.findings },
    { side: side(to), integrations: to.integrations, findings: to.findings },
    { kind: 'monitor-diff', tool: TOOL, generatedAt },
  );
}

/** Resolves `--from` / `--to` / `--org` and diffs the two runs. */
export async function diffStored(
  store: HistoryStore,
  selection: RunSelection,
  generatedAt?: string,
): Promise<DriftReport> {
  const { from, to } = await selectRunPair(store, selection);
  return diffRuns(from, to, generatedAt);
}

/**
 * Exit 1 under `--fail-on breaking` when a change breaks an integration; under `--fail-on
 * SEVERITY` when a finding new or changed on the `to` side fails there at or above it. 0
 * otherwise, and always without `--fail-on`: a diff is a report (docs/monitor.md).
 */
export function diffExitCode(report: DriftReport, failOn: DiffFailOn | undefined): 0 | 1 {
  if (failOn === undefined) return 0;
  if (failOn === 'breaking') return report.summary.breaking > 0 ? 1 : 0;
  const threshold = SEVERITY_RANK[failOn];
  const worse = report.integrations.some((integration) =>
    integration.changes.some(
      (change) =>
        change.kind === 'finding' &&
        change.change !== 'resolved' &&
        change.to === 'fail' &&
        SEVERITY_RANK[change.severity] <= threshold,
    ),
  );
  return worse ? 1 : 0;
}
