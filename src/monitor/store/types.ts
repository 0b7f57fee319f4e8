// The history store's contract (docs/adr/0017-history-store.md): one interface, two back ends
// (SQLite by default, PostgreSQL for a fleet), the same migrations and queries.

import type { FindingState, IntegrationState } from '../../drift/types.js';

/** A Setup Audit Trail or Login History row as stored: de-duplicated by its Salesforce Id. */
export interface StoredEvent {
  kind: 'auditTrail' | 'loginHistory';
  /** Salesforce record Id (0Ym / 0Ya). */
  id: string;
  /** CreatedDate or LoginTime, ISO-8601. */
  at: string;
  /** The row as the snapshot holds it (AuditTrailEntry or LoginHistoryEntry), JSON. */
  row: unknown;
}

export interface AlertInput {
  /** Stable key of the change the alert is about: one alert per change, ever. */
  key: string;
  /** The alert's JSON body (already redacted; the channel formats it). */
  payload: unknown;
}

export interface RunInput {
  /** The org id live; the project name in project mode. */
  orgKey: string;
  /** How the source was named, never a secret (`--target-org prod`, `snapshot day2.json`). */
  source: string;
  collectedAt: string;
  recordedAt: string;
  toolVersion: string;
  exitCode: number;
  integrations: IntegrationState[];
  findings: FindingState[];
  /** The audit trail and login history rows this run read (new and overlapping). */
  events: StoredEvent[];
  /** Newest CreatedDate / LoginTime read, for the next run's incremental read. */
  highWater: { auditTrail?: string; loginHistory?: string };
  alerts: AlertInput[];
  /** The snapshot JSON, for offline re-evaluation of a stored run. */
  snapshot?: string;
}

export interface RunSummary {
  id: number;
  orgKey: string;
  source: string;
  collectedAt: string;
  recordedAt: string;
  exitCode: number;
  integrationCount: number;
  /** Findings with status fail. */
  failCount: number;
}

export interface StoredRun extends RunSummary {
  integrations: IntegrationState[];
  findings: FindingState[];
}

export interface PendingAlert {
  id: number;
  orgKey: string;
  runId: number;
  key: string;
  payload: unknown;
  attempts: number;
  lastError?: string;
}

export interface HistoryStore {
  /** `sqlite` or `postgres`: messages and tests name the back end. */
  readonly kind: 'sqlite' | 'postgres';
  /** The file's absolute path or the URL with its password hidden: what messages may name. */
  readonly location: string;
  /**
   * Records one run atomically: the run, its integrations, findings, events (de-duplicated by Id),
   * high-water marks and alerts, or nothing. Holds the org's lock meanwhile (PostgreSQL: an
   * advisory lock per org; SQLite: the write transaction), so two workers never record one org at
   * once. Returns the new run's id.
   */
  recordRun(run: RunInput): Promise<number>;
  /** Runs of an org (every org when omitted), oldest first. */
  listRuns(filter?: { orgKey?: string; app?: string }): Promise<RunSummary[]>;
  /** One run with its integrations and findings; undefined when no such run. */
  loadRun(id: number): Promise<StoredRun | undefined>;
  /** The snapshot JSON a run was recorded with; undefined when none was stored or no such run. */
  runSnapshot(id: number): Promise<string | undefined>;
  /** The org's newest run; undefined before the first. */
  latestRun(orgKey: string): Promise<StoredRun | undefined>;
  highWater(orgKey: string): Promise<{ auditTrail?: string; loginHistory?: string }>;
  /** Stored events of an org of one kind at or after `since` (ISO-8601), oldest first. */
  events(orgKey: string, kind: StoredEvent['kind'], since: string): Promise<StoredEvent[]>;
  /** Ids among `ids` already stored for the org: what an incremental read has seen before. */
  knownEventIds(
    orgKey: string,
    kind: StoredEvent['kind'],
    ids: readonly string[],
  ): Promise<Set<string>>;
  pendingAlerts(orgKey?: string): Promise<PendingAlert[]>;
  markAlertDelivered(id: number, at: string): Promise<void>;
  markAlertFailed(id: number, error: string): Promise<void>;
  close(): Promise<void>;
}
