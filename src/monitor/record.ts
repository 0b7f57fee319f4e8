// `monitor record`: audit a source as `audit` does and keep the run in the history store, in one
// recordRun (one transaction): the integrations' states, the findings, the audit trail and login
// history rows with their high-water marks, and the snapshot (docs/monitor.md).

import { runAudit, TOOL, type AuditOutcome, type AuditRequest } from '../audit/run-audit.js';
import { findingStatesOf, integrationStatesOf } from '../drift/state.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { storeHistory } from './lifecycle.js';
import type { AlertInput, HistoryStore, RunInput, RunSummary } from './store/types.js';

export interface RecordRequest {
  store: HistoryStore;
  /** The audit, as `audit` would run it (`allowIncomplete` and `history` are decided here). */
  audit: Omit<AuditRequest, 'allowIncomplete' | 'history'>;
  /** How the source was named, never a secret (`--target-org prod`, `snapshot day2.json`). */
  source: string;
  /** When the run is recorded (machine time; not an evaluation input). */
  recordedAt?: string;
  /**
   * The alerts to queue with the run, in the same transaction (`watch`): computed from the run
   * about to be recorded, before it is; the audit's outcome gives the findings' evidence
   * (RG-0030 / RG-0031 name each lifecycle event and what it affects).
   */
  alertsFor?: (input: Omit<RunInput, 'alerts'>, outcome: AuditOutcome) => Promise<AlertInput[]>;
}

export interface RecordOutcome {
  runId: number;
  summary: RunSummary;
  outcome: AuditOutcome;
  /**
   * A source could not be collected (a rule not evaluated because a request failed or was
   * forbidden). The run is recorded all the same, with exit code 3 stored: its unknown parts are
   * unknown in the stored states, never a change in a diff.
   */
  incomplete: boolean;
}

/** The org a run belongs to: the org id, else the project's name (project mode). */
export function orgKeyOf(snapshot: OrgSnapshot): string {
  if (snapshot.org !== null) return snapshot.org.id;
  if (snapshot.project !== null) return `project:${snapshot.project.name}`;
  return 'unknown';
}

/** Audits the source and records the run; a source that cannot be read at all (the audit throws) records nothing. */
export async function recordRun(request: RecordRequest): Promise<RecordOutcome> {
  // The audit trail and login history are read after the store's high-water marks and merged with
  // the stored window (src/monitor/lifecycle.ts): RG-0030 and RG-0031 report new rows only.
  const history = storeHistory(request.store, orgKeyOf);
  // Never allowIncomplete here: whether the run was complete is stored with it (exit code 3).
  const outcome = await runAudit({ ...request.audit, allowIncomplete: false, history });
  const merged = history.merged();
  if (merged === undefined) throw new Error('monitor record: the audit did not merge its history');
  const { report, snapshot } = outcome;
  const manifest = request.audit.manifest?.manifest;
  const integrations = integrationStatesOf(
    snapshot,
    report,
    manifest,
    request.audit.now === undefined ? {} : { now: request.audit.now },
  );
  const findings = findingStatesOf(report);
  const recordedAt = request.recordedAt ?? new Date().toISOString();
  const base: Omit<RunInput, 'alerts'> = {
    orgKey: orgKeyOf(snapshot),
    source: request.source,
    collectedAt: snapshot.collectedAt,
    recordedAt,
    toolVersion: TOOL.version,
    exitCode: outcome.exitCode,
    integrations,
    findings,
    // The rows this run read and the marks they move to, not the merged window.
    events: merged.events,
    highWater: merged.highWater,
    snapshot: JSON.stringify(snapshot),
  };
  const input: RunInput = {
    ...base,
    alerts: request.alertsFor === undefined ? [] : await request.alertsFor(base, outcome),
  };
  const runId = await request.store.recordRun(input);
  return {
    runId,
    outcome,
    incomplete: outcome.exitCode === 3,
    summary: {
      id: runId,
      orgKey: input.orgKey,
      source: input.source,
      collectedAt: input.collectedAt,
      recordedAt,
      exitCode: input.exitCode,
      integrationCount: integrations.length,
      failCount: findings.filter((f) => f.status === 'fail').length,
    },
  };
}
