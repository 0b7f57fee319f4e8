// `monitor record`: audit a source as `audit` does and keep the run in the history store, in one
// recordRun (one transaction): the integrations' states, the findings, the audit trail and login
// history rows with their high-water marks, and the snapshot (docs/monitor.md).

import { createHash } from 'node:crypto';

import { runAudit, TOOL, type AuditOutcome, type AuditRequest } from '../audit/run-audit.js';
import { findingStatesOf, integrationStatesOf } from '../drift/state.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import type { AlertInput, HistoryStore, RunInput, RunSummary, StoredEvent } from './store/types.js';

export interface RecordRequest {
  store: HistoryStore;
  /** The audit, as `audit` would run it (`allowIncomplete` is decided here, see below). */
  audit: Omit<AuditRequest, 'allowIncomplete'>;
  /** How the source was named, never a secret (`--target-org prod`, `snapshot day2.json`). */
  source: string;
  /** When the run is recorded (machine time; not an evaluation input). */
  recordedAt?: string;
  /**
   * The alerts to queue with the run, in the same transaction (`watch`): computed from the run
   * about to be recorded, before it is.
   */
  alertsFor?: (input: Omit<RunInput, 'alerts'>) => Promise<AlertInput[]>;
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

/** A row's Salesforce Id; a snapshot written before rows carried one gets a stable content hash. */
function eventId(kind: StoredEvent['kind'], row: { id?: string | undefined }): string {
  if (row.id !== undefined) return row.id;
  const digest = createHash('sha256')
    .update(`${kind}\n${JSON.stringify(row)}`)
    .digest('hex');
  return `h${digest.slice(0, 17)}`;
}

function newest(values: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestTime = -Infinity;
  for (const value of values) {
    const time = Date.parse(value);
    if (!Number.isNaN(time) && time > bestTime) {
      best = value;
      bestTime = time;
    }
  }
  return best === undefined ? undefined : new Date(bestTime).toISOString();
}

/** The audit trail and login history rows the run read, and the newest instant of each. */
export function eventsOf(snapshot: OrgSnapshot): Pick<RunInput, 'events' | 'highWater'> {
  const events: StoredEvent[] = [
    ...snapshot.auditTrail.map((row) => ({
      kind: 'auditTrail' as const,
      id: eventId('auditTrail', row),
      at: row.createdDate,
      row,
    })),
    ...snapshot.loginHistory.map((row) => ({
      kind: 'loginHistory' as const,
      id: eventId('loginHistory', row),
      at: row.loginTime,
      row,
    })),
  ];
  const auditTrail = newest(snapshot.auditTrail.map((row) => row.createdDate));
  const loginHistory = newest(snapshot.loginHistory.map((row) => row.loginTime));
  return {
    events,
    highWater: {
      ...(auditTrail !== undefined ? { auditTrail } : {}),
      ...(loginHistory !== undefined ? { loginHistory } : {}),
    },
  };
}

/** Audits the source and records the run; a source that cannot be read at all (the audit throws) records nothing. */
export async function recordRun(request: RecordRequest): Promise<RecordOutcome> {
  // Never allowIncomplete here: whether the run was complete is stored with it (exit code 3).
  const outcome = await runAudit({ ...request.audit, allowIncomplete: false });
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
    ...eventsOf(snapshot),
    snapshot: JSON.stringify(snapshot),
  };
  const input: RunInput = {
    ...base,
    alerts: request.alertsFor === undefined ? [] : await request.alertsFor(base),
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
