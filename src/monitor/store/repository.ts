// The store's queries, written once for both back ends over the port of sql.ts
// (docs/adr/0017-history-store.md). A run is one transaction: every row of it, or none.

import type {
  AccessGrant,
  FindingState,
  IntegrationState,
  RunAsUserState,
} from '../../drift/types.js';

import { StoreError, cleanMessage } from './errors.js';
import { insertMany, type Db, type Tx } from './sql.js';
import type {
  HistoryStore,
  PendingAlert,
  RunInput,
  RunSummary,
  StoredEvent,
  StoredRun,
} from './types.js';

export interface StoreOptions {
  /**
   * Test hook: runs inside recordRun's transaction once every row is written, before the commit
   * (the kill and lock tests hold a transaction open with it).
   */
  beforeCommit?: (runId: number) => Promise<void>;
}

type Value = string | number | boolean | null;
type Row = Record<string, Value>;

const KINDS: readonly StoredEvent['kind'][] = ['auditTrail', 'loginHistory'];
/** An error text kept for an alert: enough to tell what happened. */
const MAX_ERROR_LENGTH = 1_000;

function bool(value: Value | undefined): boolean | undefined {
  if (value === null || value === undefined) return undefined;
  return value === true || value === 1 || value === '1';
}

function text(value: Value | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/** The same instant as ISO-8601 UTC (what the store compares); the text itself when not a date. */
function utc(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(ms).toISOString();
}

/** Newer of two marks by instant; the new one when either does not parse. */
function later(stored: string | undefined, next: string): boolean {
  if (stored === undefined) return true;
  const a = Date.parse(stored);
  const b = Date.parse(next);
  return Number.isNaN(a) || Number.isNaN(b) || b > a;
}

/** An error text without URLs past their host: a webhook's path and query are its secret. */
function safeError(error: string): string {
  return error.replace(/\b(https?:\/\/[^/\s?#]+)[^\s]*/gi, '$1/***').slice(0, MAX_ERROR_LENGTH);
}

function runAsOf(row: Row): RunAsUserState | null {
  const username = text(row.run_as_username);
  if (username === undefined) return null;
  const state: RunAsUserState = { username, found: bool(row.found) ?? false };
  const id = text(row.user_id);
  const active = bool(row.active);
  const frozen = bool(row.frozen);
  const passwordLocked = bool(row.password_locked);
  const licence = text(row.licence);
  const profile = text(row.profile);
  const role = text(row.role);
  if (id !== undefined) state.id = id;
  if (active !== undefined) state.active = active;
  if (frozen !== undefined) state.frozen = frozen;
  if (passwordLocked !== undefined) state.passwordLocked = passwordLocked;
  if (licence !== undefined) state.licence = licence;
  if (profile !== undefined) state.profile = profile;
  if (role !== undefined) state.role = role;
  return state;
}

function byApp<T>(rows: readonly Row[], value: (row: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const app = String(row.app);
    const list = out.get(app) ?? [];
    list.push(value(row));
    out.set(app, list);
  }
  return out;
}

const SUMMARY = `SELECT r.id, r.org_key, r.source, r.collected_at, r.recorded_at, r.exit_code, r.integration_count,
  (SELECT COUNT(*) FROM findings f WHERE f.run_id = r.id AND f.status = 'fail') AS fail_count
FROM runs r`;

function summaryOf(row: Row): RunSummary {
  return {
    id: Number(row.id),
    orgKey: String(row.org_key),
    source: String(row.source),
    collectedAt: String(row.collected_at),
    recordedAt: String(row.recorded_at),
    exitCode: Number(row.exit_code),
    integrationCount: Number(row.integration_count),
    failCount: Number(row.fail_count),
  };
}

async function insertRun(tx: Tx, run: RunInput): Promise<number> {
  const [row] = await tx.all<Row>(
    `INSERT INTO runs (org_key, source, collected_at, recorded_at, tool_version, exit_code, integration_count, finding_count, snapshot)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      run.orgKey,
      run.source,
      run.collectedAt,
      run.recordedAt,
      run.toolVersion,
      run.exitCode,
      run.integrations.length,
      run.findings.length,
      run.snapshot ?? null,
    ],
  );
  const runId = Number(row?.id);
  const integrations = run.integrations;
  await insertMany(
    tx,
    'run_integrations',
    [
      'run_id',
      'app',
      'pos',
      'integration',
      'app_type',
      'run_as_username',
      'found',
      'user_id',
      'active',
      'frozen',
      'password_locked',
      'licence',
      'profile',
      'role',
      'user_state_known',
      'pre_authorized',
      'access_known',
    ],
    integrations.map((s, pos) => [
      runId,
      s.app,
      pos,
      s.integration ?? null,
      s.appType,
      s.runAs?.username ?? null,
      s.runAs?.found ?? null,
      s.runAs?.id ?? null,
      s.runAs?.active ?? null,
      s.runAs?.frozen ?? null,
      s.runAs?.passwordLocked ?? null,
      s.runAs?.licence ?? null,
      s.runAs?.profile ?? null,
      s.runAs?.role ?? null,
      s.userStateKnown,
      s.preAuthorized ?? null,
      s.access !== null,
    ]),
  );
  await insertMany(
    tx,
    'run_policy',
    ['run_id', 'app', 'key', 'value'],
    integrations.flatMap((s) => Object.entries(s.policy).map(([k, v]) => [runId, s.app, k, v])),
  );
  await insertMany(
    tx,
    'run_access',
    ['run_id', 'app', 'pos', 'grant_key', 'container'],
    integrations.flatMap((s) =>
      (s.access ?? []).map((g, pos) => [runId, s.app, pos, g.key, g.container]),
    ),
  );
  await insertMany(
    tx,
    'run_needs',
    ['run_id', 'app', 'pos', 'need'],
    integrations.flatMap((s) => s.needs.map((need, pos) => [runId, s.app, pos, need])),
  );
  await insertMany(
    tx,
    'findings',
    ['run_id', 'pos', 'fingerprint', 'rule_id', 'status', 'severity', 'app', 'message'],
    run.findings.map((f, pos) => [
      runId,
      pos,
      f.fingerprint,
      f.ruleId,
      f.status,
      f.severity,
      f.app ?? null,
      f.message,
    ]),
  );
  // Events and alerts: an Id (a key) already stored for the org stays as it was first stored.
  await insertMany(
    tx,
    'events',
    ['org_key', 'kind', 'sf_id', 'at', 'at_utc', 'row_json', 'run_id'],
    run.events.map((e) => [
      run.orgKey,
      e.kind,
      e.id,
      e.at,
      utc(e.at),
      JSON.stringify(e.row ?? null),
      runId,
    ]),
    ' ON CONFLICT (org_key, kind, sf_id) DO NOTHING',
  );
  const stored = await highWaterOf(tx, run.orgKey);
  for (const kind of KINDS) {
    const next = run.highWater[kind];
    if (next === undefined || !later(stored[kind], next)) continue;
    await tx.all(
      `INSERT INTO high_water (org_key, kind, value, run_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (org_key, kind) DO UPDATE SET value = excluded.value, run_id = excluded.run_id`,
      [run.orgKey, kind, next, runId],
    );
  }
  await insertMany(
    tx,
    'alerts',
    ['org_key', 'run_id', 'alert_key', 'payload_json', 'attempts'],
    run.alerts.map((a) => [run.orgKey, runId, a.key, JSON.stringify(a.payload ?? null), 0]),
    ' ON CONFLICT (org_key, alert_key) DO NOTHING',
  );
  return runId;
}

async function highWaterOf(
  tx: Tx,
  orgKey: string,
): Promise<{ auditTrail?: string; loginHistory?: string }> {
  const rows = await tx.all<Row>('SELECT kind, value FROM high_water WHERE org_key = ?', [orgKey]);
  const out: { auditTrail?: string; loginHistory?: string } = {};
  for (const row of rows) {
    const kind = row.kind;
    if (kind === 'auditTrail' || kind === 'loginHistory') out[kind] = String(row.value);
  }
  return out;
}

async function loadRun(db: Tx, id: number): Promise<StoredRun | undefined> {
  const [head] = await db.all<Row>(`${SUMMARY} WHERE r.id = ?`, [id]);
  if (head === undefined) return undefined;
  const integrationRows = await db.all<Row>(
    'SELECT * FROM run_integrations WHERE run_id = ? ORDER BY pos',
    [id],
  );
  const policy = byApp(
    await db.all<Row>('SELECT app, key, value FROM run_policy WHERE run_id = ?', [id]),
    (r) => [String(r.key), String(r.value)] as const,
  );
  const access = byApp(
    await db.all<Row>(
      'SELECT app, grant_key, container FROM run_access WHERE run_id = ? ORDER BY app, pos',
      [id],
    ),
    (r): AccessGrant => ({ key: String(r.grant_key), container: String(r.container) }),
  );
  const needs = byApp(
    await db.all<Row>('SELECT app, need FROM run_needs WHERE run_id = ? ORDER BY app, pos', [id]),
    (r) => String(r.need),
  );
  const integrations = integrationRows.map((row): IntegrationState => {
    const app = String(row.app);
    const state: IntegrationState = {
      app,
      appType: String(row.app_type) as IntegrationState['appType'],
      runAs: runAsOf(row),
      userStateKnown: bool(row.user_state_known) ?? false,
      // Sorted keys, as the contract has them; sorted here, not by the database's collation.
      policy: Object.fromEntries(
        (policy.get(app) ?? []).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ),
      access: bool(row.access_known) === true ? (access.get(app) ?? []) : null,
      needs: needs.get(app) ?? [],
    };
    const integration = text(row.integration);
    if (integration !== undefined) state.integration = integration;
    const preAuthorized = bool(row.pre_authorized);
    if (preAuthorized !== undefined) state.preAuthorized = preAuthorized;
    return state;
  });
  const findings = (
    await db.all<Row>('SELECT * FROM findings WHERE run_id = ? ORDER BY pos', [id])
  ).map((row): FindingState => {
    const finding: FindingState = {
      fingerprint: String(row.fingerprint),
      ruleId: String(row.rule_id),
      status: String(row.status) as FindingState['status'],
      severity: String(row.severity) as FindingState['severity'],
      message: String(row.message),
    };
    const app = text(row.app);
    if (app !== undefined) finding.app = app;
    return finding;
  });
  return { ...summaryOf(head), integrations, findings };
}

/** The store over one back end; `location` names it in messages (a URL's password hidden). */
export function storeOver(db: Db, location: string, options: StoreOptions = {}): HistoryStore {
  /** Driver errors become StoreErrors naming the store; ours pass as they are. */
  async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`history store ${location}: ${what}: ${cleanMessage(error, [])}`, {
        cause: error,
      });
    }
  }

  return {
    kind: db.dialect,
    location,

    recordRun: (run) =>
      guarded(`cannot record the run of ${run.orgKey}`, () =>
        db.transaction(async (tx) => {
          const runId = await insertRun(tx, run);
          await options.beforeCommit?.(runId);
          return runId;
        }, run.orgKey),
      ),

    listRuns: (filter = {}) =>
      guarded('cannot list runs', async () => {
        const where: string[] = [];
        const params: string[] = [];
        if (filter.orgKey !== undefined) {
          where.push('r.org_key = ?');
          params.push(filter.orgKey);
        }
        if (filter.app !== undefined) {
          where.push(
            'EXISTS (SELECT 1 FROM run_integrations i WHERE i.run_id = r.id AND i.app = ?)',
          );
          params.push(filter.app);
        }
        const sql = `${SUMMARY}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id`;
        return (await db.all<Row>(sql, params)).map(summaryOf);
      }),

    loadRun: (id) => guarded(`cannot load run ${id}`, () => loadRun(db, id)),

    runSnapshot: (id) =>
      guarded(`cannot read the snapshot of run ${id}`, async () => {
        const [row] = await db.all<Row>('SELECT snapshot FROM runs WHERE id = ?', [id]);
        return text(row?.snapshot);
      }),

    latestRun: (orgKey) =>
      guarded(`cannot load the latest run of ${orgKey}`, async () => {
        const [row] = await db.all<Row>('SELECT MAX(id) AS id FROM runs WHERE org_key = ?', [
          orgKey,
        ]);
        const id = row?.id;
        return id === null || id === undefined ? undefined : loadRun(db, Number(id));
      }),

    highWater: (orgKey) =>
      guarded('cannot read the high-water marks', () => highWaterOf(db, orgKey)),

    events: (orgKey, kind, since) =>
      guarded(`cannot read ${kind} events`, async () => {
        if (Number.isNaN(Date.parse(since))) {
          throw new StoreError(`history store ${location}: not a time: ${JSON.stringify(since)}`);
        }
        const rows = await db.all<Row>(
          'SELECT sf_id, at, row_json FROM events WHERE org_key = ? AND kind = ? AND at_utc >= ? ORDER BY at_utc, sf_id',
          [orgKey, kind, utc(since)],
        );
        return rows.map((r): StoredEvent => ({
          kind,
          id: String(r.sf_id),
          at: String(r.at),
          row: JSON.parse(String(r.row_json)) as unknown,
        }));
      }),

    knownEventIds: (orgKey, kind, ids) =>
      guarded(`cannot read ${kind} event ids`, async () => {
        const known = new Set<string>();
        const unique = [...new Set(ids)];
        for (let start = 0; start < unique.length; start += 500) {
          const chunk = unique.slice(start, start + 500);
          const rows = await db.all<Row>(
            `SELECT sf_id FROM events WHERE org_key = ? AND kind = ? AND sf_id IN (${chunk.map(() => '?').join(', ')})`,
            [orgKey, kind, ...chunk],
          );
          for (const r of rows) known.add(String(r.sf_id));
        }
        return known;
      }),

    pendingAlerts: (orgKey) =>
      guarded('cannot read pending alerts', async () => {
        const rows = await db.all<Row>(
          `SELECT id, org_key, run_id, alert_key, payload_json, attempts, last_error FROM alerts
           WHERE delivered_at IS NULL${orgKey === undefined ? '' : ' AND org_key = ?'} ORDER BY id`,
          orgKey === undefined ? [] : [orgKey],
        );
        return rows.map((r): PendingAlert => {
          const alert: PendingAlert = {
            id: Number(r.id),
            orgKey: String(r.org_key),
            runId: Number(r.run_id),
            key: String(r.alert_key),
            payload: JSON.parse(String(r.payload_json)) as unknown,
            attempts: Number(r.attempts),
          };
          const lastError = text(r.last_error);
          if (lastError !== undefined) alert.lastError = lastError;
          return alert;
        });
      }),

    markAlertDelivered: (id, at) =>
      guarded(`cannot mark alert ${id} delivered`, async () => {
        const rows = await db.all(
          'UPDATE alerts SET delivered_at = ?, attempts = attempts + 1 WHERE id = ? RETURNING id',
          [at, id],
        );
        if (rows.length === 0) throw new StoreError(`history store ${location}: no alert ${id}`);
      }),

    markAlertFailed: (id, error) =>
      guarded(`cannot mark alert ${id} failed`, async () => {
        const rows = await db.all(
          'UPDATE alerts SET attempts = attempts + 1, last_error = ? WHERE id = ? RETURNING id',
          [safeError(error), id],
        );
        if (rows.length === 0) throw new StoreError(`history store ${location}: no alert ${id}`);
      }),

    close: () => db.close(),
  };
}
