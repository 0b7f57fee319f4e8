// Lifecycle events, incremental (docs/adr/0021-incremental-lifecycle-events.md): with a history
// store, the Setup Audit Trail and Login History are read after the store's high-water marks (minus
// an overlap), merged with the stored rows of the look-back window, and RG-0030 / RG-0031 report
// only the rows no earlier run has seen. Without a store nothing here runs: `audit` reads its window.

import { createHash } from 'node:crypto';

import type { AuditHistory, HistorySince } from '../audit/run-audit.js';
import { parseSnapshot } from '../collect/snapshot-file.js';
import { AuditTrailEntrySchema, LoginHistoryEntrySchema } from '../model/snapshot.js';
import type { AuditTrailEntry, LoginHistoryEntry, OrgSnapshot } from '../model/snapshot.js';
import type { HistoryStore, StoredEvent } from './store/types.js';

/**
 * How far before the high-water mark the next read starts: a row can be committed after a later
 * one was read, with an older timestamp. Rows read twice are de-duplicated by Id.
 */
export const OVERLAP_MS = 15 * 60_000;

const DAY_MS = 86_400_000;

type Kind = StoredEvent['kind'];
const KINDS: readonly Kind[] = ['auditTrail', 'loginHistory'];

export type { HistorySince };

/** Permission containers of an earlier run of the org (RG-0030's `formerContainers` option). */
export type FormerContainers = Pick<
  OrgSnapshot,
  'permissionSets' | 'permissionSetGroups' | 'mutingPermissionSets'
>;

/** Ids the store already holds, per kind: what is not in them is new. */
export type KnownEvents = Readonly<Record<Kind, ReadonlySet<string>>>;

export interface MergedHistory {
  /** The snapshot the engine evaluates: stored rows of the window ∪ the rows just read, by Id. */
  snapshot: OrgSnapshot;
  /** Ids of the rows just read that the store did not know, per kind, sorted. */
  newIds: Record<Kind, string[]>;
  /**
   * The engine's `ruleOptions`: RG-0030 and RG-0031 report the new rows only; RG-0030 also gets the
   * containers the previous run read and this one no longer holds (`formerContainers`), so that an
   * unassignment says what the integration lost.
   */
  ruleOptions: Record<string, { newIds: string[]; formerContainers?: FormerContainers }>;
  /** The rows this run read (new and overlapping), to record with the run. */
  events: StoredEvent[];
  /** The newest instant read of each kind, never older than the previous mark. */
  highWater: { auditTrail?: string; loginHistory?: string };
}

/**
 * The incremental read's start for an org: each stored high-water mark minus OVERLAP_MS, as
 * `collectLive`'s `history` option takes it; undefined before the org's first run (read the window).
 * Given the run-as usernames about to be read, Login History is read in its window again when one
 * of them was not a found run-as user of the org's latest run: the history holds none of its older
 * logins, and dormancy (RG-0021) would otherwise be judged on the delta alone.
 */
export async function historySince(
  store: HistoryStore,
  orgKey: string,
  runAsUsernames?: readonly string[],
): Promise<HistorySince | undefined> {
  const marks = { ...(await store.highWater(orgKey)) };
  if (runAsUsernames !== undefined && marks.loginHistory !== undefined) {
    const latest = await store.latestRun(orgKey);
    const known = new Set(
      (latest?.integrations ?? []).flatMap((i) =>
        i.runAs?.found === true ? [i.runAs.username.toLowerCase()] : [],
      ),
    );
    if (runAsUsernames.some((u) => !known.has(u.toLowerCase()))) delete marks.loginHistory;
  }
  const since = (mark: string | undefined): string | undefined => {
    const ms = mark === undefined ? NaN : Date.parse(mark);
    return Number.isNaN(ms) ? undefined : new Date(ms - OVERLAP_MS).toISOString();
  };
  const auditTrailSince = since(marks.auditTrail);
  const loginHistorySince = since(marks.loginHistory);
  if (auditTrailSince === undefined && loginHistorySince === undefined) return undefined;
  return {
    ...(auditTrailSince !== undefined ? { auditTrailSince } : {}),
    ...(loginHistorySince !== undefined ? { loginHistorySince } : {}),
  };
}

/**
 * A row's key in the store: its Salesforce Id; a row of a snapshot written before rows carried
 * one gets a stable hash of its content (the same row always gets the same key).
 */
export function eventId(kind: Kind, row: { id?: string | undefined }): string {
  if (row.id !== undefined) return row.id;
  const digest = createHash('sha256')
    .update(`${kind}\n${JSON.stringify(row)}`)
    .digest('hex');
  return `h${digest.slice(0, 17)}`;
}

type Row = AuditTrailEntry | LoginHistoryEntry;

function timeOfRow(kind: Kind, row: Row): string {
  return kind === 'auditTrail'
    ? (row as AuditTrailEntry).createdDate
    : (row as LoginHistoryEntry).loginTime;
}

function parseStored(kind: Kind, value: unknown): Row | undefined {
  const schema = kind === 'auditTrail' ? AuditTrailEntrySchema : LoginHistoryEntrySchema;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function newest(values: readonly (string | undefined)[]): string | undefined {
  let best = -Infinity;
  for (const value of values) {
    const ms = value === undefined ? NaN : Date.parse(value);
    if (!Number.isNaN(ms) && ms > best) best = ms;
  }
  return best === -Infinity ? undefined : new Date(best).toISOString();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The snapshot the rules evaluate after an incremental read, and what to record. Pure.
 *
 * - `snapshot`: as collected (its audit trail and login history possibly only the rows after the
 *   marks); `stored`: the store's rows of the org from `now - dormantDays` on; `known`: which of
 *   the collected rows' Ids the store already holds; `highWater`: the store's current marks.
 * - Login history and audit trail of the result are the stored rows of the window ∪ the collected
 *   ones, de-duplicated by Id (the collected row wins), latest first, every row with its `id`:
 *   RG-0021, RG-0022 and RG-0028 keep their `dormantDays` window from stored rows plus the delta.
 * - `newIds`: collected rows whose Id the store does not know. A row older than the mark but with
 *   an unknown Id (committed late, read in the overlap) is new; a known Id is not, however recent.
 * - A facet that was not collected (`ledger` not ok) is left as it is: no stored rows added (its
 *   rules stay not-evaluated), nothing new, its mark unchanged.
 */
export function mergeHistory(
  snapshot: OrgSnapshot,
  stored: readonly StoredEvent[],
  known: KnownEvents,
  options: {
    now: string;
    dormantDays: number;
    highWater?: Partial<Record<Kind, string>>;
    /** The org's previous run's snapshot: its containers that this collection lacks. */
    previous?: OrgSnapshot;
  },
): MergedHistory {
  const start = Date.parse(options.now) - options.dormantDays * DAY_MS;
  const result: MergedHistory = {
    snapshot,
    newIds: { auditTrail: [], loginHistory: [] },
    ruleOptions: {},
    events: [],
    highWater: {},
  };
  const merged: { auditTrail: AuditTrailEntry[]; loginHistory: LoginHistoryEntry[] } = {
    auditTrail: snapshot.auditTrail,
    loginHistory: snapshot.loginHistory,
  };
  for (const kind of KINDS) {
    const previous = options.highWater?.[kind];
    const collected = snapshot.ledger[kind]?.status === 'ok';
    const mark = collected
      ? newest([previous, ...snapshot[kind].map((row: Row) => timeOfRow(kind, row))])
      : newest([previous]);
    if (mark !== undefined) result.highWater[kind] = mark;
    if (!collected) continue;

    const byId = new Map<string, Row>();
    for (const event of stored) {
      if (event.kind !== kind) continue;
      const row = parseStored(kind, event.row);
      const at = row === undefined ? NaN : Date.parse(timeOfRow(kind, row));
      if (row !== undefined && at >= start) byId.set(event.id, { ...row, id: event.id });
    }
    for (const read of snapshot[kind] as readonly Row[]) {
      const id = eventId(kind, read);
      const row = { ...read, id };
      byId.set(id, row);
      result.events.push({ kind, id, at: timeOfRow(kind, row), row });
      if (!known[kind].has(id)) result.newIds[kind].push(id);
    }
    result.newIds[kind].sort(compareText);
    const rows = [...byId.values()].sort(
      (a, b) =>
        compareText(timeOfRow(kind, b), timeOfRow(kind, a)) || compareText(a.id ?? '', b.id ?? ''),
    );
    if (kind === 'auditTrail') merged.auditTrail = rows as AuditTrailEntry[];
    else merged.loginHistory = rows as LoginHistoryEntry[];
  }
  result.snapshot = { ...snapshot, ...merged };
  // The first run of an org (no mark) reports its window as `audit` does: everything is new.
  const incremental = (kind: Kind): boolean =>
    snapshot.ledger[kind]?.status === 'ok' && options.highWater?.[kind] !== undefined;
  if (incremental('auditTrail')) {
    const former =
      options.previous === undefined ? undefined : formerContainers(snapshot, options.previous);
    result.ruleOptions['RG-0030'] = {
      newIds: result.newIds.auditTrail,
      ...(former === undefined ? {} : { formerContainers: former }),
    };
  }
  if (incremental('loginHistory'))
    result.ruleOptions['RG-0031'] = { newIds: result.newIds.loginHistory };
  return result;
}

/**
 * The containers of the previous run that the current collection does not hold: a live
 * collection reads only the containers the run-as users hold now, so an unassigned permission set
 * is known only from the run before; undefined when there is none.
 */
function formerContainers(
  current: OrgSnapshot,
  previous: OrgSnapshot,
): FormerContainers | undefined {
  const missing = <T extends { name: string }>(now: readonly T[], before: readonly T[]): T[] => {
    const held = new Set(now.map((c) => c.name));
    return before.filter((c) => !held.has(c.name));
  };
  const former = {
    permissionSets: missing(current.permissionSets, previous.permissionSets),
    permissionSetGroups: missing(current.permissionSetGroups, previous.permissionSetGroups),
    mutingPermissionSets: missing(current.mutingPermissionSets, previous.mutingPermissionSets),
  };
  return Object.values(former).some((list) => list.length > 0) ? former : undefined;
}

/** The org's newest stored snapshot; undefined when none, or when it no longer parses. */
async function previousSnapshot(
  store: HistoryStore,
  orgKey: string,
): Promise<OrgSnapshot | undefined> {
  const runs = await store.listRuns({ orgKey });
  const last = runs.at(-1);
  const text = last === undefined ? undefined : await store.runSnapshot(last.id);
  if (text === undefined) return undefined;
  try {
    return parseSnapshot(text, `run ${last?.id ?? ''} of the history store`);
  } catch {
    // A snapshot written by another version of the tool: the loss is then "not computable".
    return undefined;
  }
}

/**
 * Reads from the store what mergeHistory needs for a collected snapshot (the window's stored rows,
 * which collected Ids are known, the marks) and merges.
 */
export async function mergeWithStore(
  store: HistoryStore,
  orgKey: string,
  snapshot: OrgSnapshot,
  options: { now: string; dormantDays: number },
): Promise<MergedHistory> {
  const since = new Date(Date.parse(options.now) - options.dormantDays * DAY_MS).toISOString();
  const stored: StoredEvent[] = [];
  const known: Record<Kind, ReadonlySet<string>> = {
    auditTrail: new Set(),
    loginHistory: new Set(),
  };
  for (const kind of KINDS) {
    stored.push(...(await store.events(orgKey, kind, since)));
    const ids = (snapshot[kind] as readonly Row[]).map((row) => eventId(kind, row));
    known[kind] = ids.length === 0 ? new Set() : await store.knownEventIds(orgKey, kind, ids);
  }
  const highWater = await store.highWater(orgKey);
  const previous = await previousSnapshot(store, orgKey);
  return mergeHistory(snapshot, stored, known, {
    ...options,
    highWater,
    ...(previous === undefined ? {} : { previous }),
  });
}

/**
 * The incremental history of `monitor record`, as `runAudit`'s `history` option: the live read
 * starts at historySince of the org collected, and the collected snapshot is merged with the
 * store (mergeWithStore) before the rules evaluate it. `orgKeyOf` names the org of a snapshot as
 * the store keys it (the org id live). After runAudit, `merged()` is what to record: `events` and
 * `highWater` for RunInput (the rows of the merged snapshot are the window, not what was read).
 */
export function storeHistory(
  store: HistoryStore,
  orgKeyOf: (snapshot: OrgSnapshot) => string,
): AuditHistory & { merged(): MergedHistory | undefined } {
  let last: MergedHistory | undefined;
  return {
    since: (orgId, runAsUsernames) => historySince(store, orgId, runAsUsernames),
    async merge(snapshot, settings) {
      last = await mergeWithStore(store, orgKeyOf(snapshot), snapshot, settings);
      return { snapshot: last.snapshot, ruleOptions: last.ruleOptions };
    },
    merged: () => last,
  };
}
