import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../test/helpers/snapshot-builder.js';
import { liveSource, serveFixture } from '../../test/helpers/emulator.js';
import { tempDir } from '../../test/helpers/guard.js';
import { runAudit } from '../audit/run-audit.js';
import { integrationStatesOf } from '../drift/state.js';
import type { AuditOutcome } from '../audit/run-audit.js';
import type { RunningEmulator } from '../emulator/server.js';
import type { AuditTrailEntry, LoginHistoryEntry, OrgSnapshot } from '../model/snapshot.js';
import { eventId, historySince, mergeHistory, OVERLAP_MS, storeHistory } from './lifecycle.js';
import type { KnownEvents } from './lifecycle.js';
import { openStore } from './store/index.js';
import type { HistoryStore, StoredEvent } from './store/types.js';

const NOW = BASE.collectedAt; // 2026-11-25T12:00:00.000Z
const MARK = '2026-11-25T11:00:00.000Z';
const ledgerId = '005000000000002AAA';

const trail = (id: string | undefined, createdDate: string): AuditTrailEntry => ({
  ...(id === undefined ? {} : { id }),
  action: 'frozeuser',
  section: 'Manage Users',
  display: `Froze user account for Ledger Integration (UserID: [${ledgerId}])`,
  createdDate,
  createdBy: 'grace.okafor@acme.com',
});
const login = (id: string, loginTime: string): LoginHistoryEntry => ({
  id,
  username: BASE.connectedAppUser,
  loginTime,
  loginType: 'Remote Access 2.0',
  status: 'Success',
});
const storedTrail = (row: AuditTrailEntry): StoredEvent => ({
  kind: 'auditTrail',
  id: row.id ?? '',
  at: row.createdDate,
  row,
});
const known = (auditTrail: string[] = [], loginHistory: string[] = []): KnownEvents => ({
  auditTrail: new Set(auditTrail),
  loginHistory: new Set(loginHistory),
});
const withTrail = (...rows: AuditTrailEntry[]): OrgSnapshot =>
  snapshot()
    .with((s) => {
      s.auditTrail = rows;
      s.loginHistory = [];
    })
    .build();

describe('mergeHistory', () => {
  it('is new by Id, not by time: a late row in the overlap is new, a known one is not', () => {
    const inOverlap = trail('0Ym000000000001AAA', '2026-11-25T10:50:00.000Z');
    const late = trail('0Ym000000000002AAA', '2026-11-25T10:55:00.000Z');
    const after = trail('0Ym000000000003AAA', '2026-11-25T11:30:00.000Z');
    const merged = mergeHistory(
      withTrail(after, late, inOverlap),
      [storedTrail(inOverlap)],
      known([inOverlap.id ?? '']),
      { now: NOW, dormantDays: 90, highWater: { auditTrail: MARK } },
    );
    expect(merged.newIds.auditTrail).toEqual(['0Ym000000000002AAA', '0Ym000000000003AAA']);
    expect(merged.ruleOptions['RG-0030']).toEqual({ newIds: merged.newIds.auditTrail });
    expect(merged.snapshot.auditTrail.map((e) => e.id)).toEqual([
      '0Ym000000000003AAA',
      '0Ym000000000002AAA',
      '0Ym000000000001AAA',
    ]);
    expect(merged.events.map((e) => [e.kind, e.id])).toEqual([
      ['auditTrail', '0Ym000000000003AAA'],
      ['auditTrail', '0Ym000000000002AAA'],
      ['auditTrail', '0Ym000000000001AAA'],
    ]);
    expect(merged.highWater.auditTrail).toBe('2026-11-25T11:30:00.000Z');
  });

  it('keeps the window from stored rows plus the delta, each row once', () => {
    const old = trail('0Ym000000000010AAA', '2026-08-01T00:00:00.000Z'); // before now - 90 days
    const stored = trail('0Ym000000000011AAA', '2026-11-01T00:00:00.000Z');
    const storedLogin = login('0Ya000000000011AAA', '2026-11-02T00:00:00.000Z');
    const readLogin = login('0Ya000000000012AAA', '2026-11-25T11:10:00.000Z');
    const s = snapshot()
      .with((x) => {
        x.auditTrail = [];
        x.loginHistory = [readLogin];
      })
      .build();
    const merged = mergeHistory(
      s,
      [
        storedTrail(old),
        storedTrail(stored),
        {
          kind: 'loginHistory',
          id: storedLogin.id ?? '',
          at: storedLogin.loginTime,
          row: storedLogin,
        },
        // A stored row that is not a row is skipped, not evaluated.
        { kind: 'loginHistory', id: '0Ya000000000013AAA', at: NOW, row: { nonsense: true } },
      ],
      known(),
      { now: NOW, dormantDays: 90, highWater: { auditTrail: MARK, loginHistory: MARK } },
    );
    expect(merged.snapshot.auditTrail.map((e) => e.id)).toEqual(['0Ym000000000011AAA']);
    expect(merged.snapshot.loginHistory.map((e) => e.id)).toEqual([
      '0Ya000000000012AAA',
      '0Ya000000000011AAA',
    ]);
    expect(merged.newIds).toEqual({ auditTrail: [], loginHistory: ['0Ya000000000012AAA'] });
    // Nothing read: the audit trail's mark stays where it was.
    expect(merged.highWater).toEqual({
      auditTrail: MARK,
      loginHistory: '2026-11-25T11:10:00.000Z',
    });
  });

  it('reports the window as audit does on the first run (no mark: no rule options)', () => {
    const merged = mergeHistory(withTrail(trail('0Ym000000000001AAA', MARK)), [], known(), {
      now: NOW,
      dormantDays: 90,
    });
    expect(merged.ruleOptions).toEqual({});
    expect(merged.newIds.auditTrail).toEqual(['0Ym000000000001AAA']);
    expect(merged.highWater.auditTrail).toBe(MARK);
  });

  it('leaves a facet that was not collected alone: no stored rows, nothing new, the mark kept', () => {
    const failed = snapshot()
      .with((s) => {
        s.loginHistory = [];
      })
      .failFacet('auditTrail')
      .build();
    const merged = mergeHistory(failed, [storedTrail(trail('0Ym000000000001AAA', MARK))], known(), {
      now: NOW,
      dormantDays: 90,
      highWater: { auditTrail: MARK, loginHistory: MARK },
    });
    expect(merged.snapshot.auditTrail).toEqual([]);
    expect(merged.ruleOptions['RG-0030']).toBeUndefined();
    expect(merged.ruleOptions['RG-0031']).toEqual({ newIds: [] });
    expect(merged.highWater.auditTrail).toBe(MARK);
  });

  it('keys a row without an Id (an older snapshot) by a stable hash of its content', () => {
    const row = trail(undefined, MARK);
    const merged = mergeHistory(withTrail(row), [], known(), {
      now: NOW,
      dormantDays: 90,
      highWater: { auditTrail: MARK },
    });
    const id = eventId('auditTrail', row);
    expect(id).toMatch(/^h[0-9a-f]{17}$/);
    expect(eventId('auditTrail', { ...row })).toBe(id);
    const other: AuditTrailEntry = { ...row, display: 'other' };
    expect(eventId('auditTrail', other)).not.toBe(id);
    expect(merged.snapshot.auditTrail[0]?.id).toBe(id);
    expect(merged.newIds.auditTrail).toEqual([id]);
  });
});

// The real store (SQLite) and the emulator: two days of Northwind recorded one after the other.
const MONITOR = join(import.meta.dirname, '../../test/fixtures/monitor');

async function recordOutcome(
  store: HistoryStore,
  outcome: AuditOutcome,
  history: ReturnType<typeof storeHistory>,
): Promise<void> {
  const merged = history.merged();
  if (merged === undefined) throw new Error('not merged');
  await store.recordRun({
    orgKey: outcome.snapshot.org?.id ?? '',
    source: 'test',
    collectedAt: outcome.snapshot.collectedAt,
    recordedAt: outcome.snapshot.collectedAt,
    toolVersion: 'test',
    exitCode: outcome.exitCode,
    integrations: integrationStatesOf(outcome.snapshot, outcome.report),
    findings: [],
    events: merged.events,
    highWater: merged.highWater,
    alerts: [],
    snapshot: JSON.stringify(outcome.snapshot),
  });
}

function rg0030(outcome: AuditOutcome): Record<string, string> {
  return Object.fromEntries(
    outcome.report.findings
      .filter((f) => f.ruleId === 'RG-0030')
      .map((f) => [f.app ?? '', `${f.status}: ${f.message}`]),
  );
}

function queriesOf(running: RunningEmulator, from: number, object: string): string[] {
  return running.emulator.state.log
    .slice(from)
    .map((e) => decodeURIComponent(e.query.replace(/\+/g, ' ')))
    .filter((q) => q.includes(`FROM ${object} `));
}

describe('two days recorded with the store (SQLite, emulator)', async () => {
  const store = await openStore(join(tempDir('lifecycle-'), 'history.db'));
  afterAll(() => store.close());
  const day1 = await serveFixture(join(MONITOR, 'northwind-day1'));
  const day2 = await serveFixture(join(MONITOR, 'northwind-day2'));
  const orgKey = (s: OrgSnapshot) => s.org?.id ?? '';

  async function record(running: RunningEmulator) {
    const history = storeHistory(store, orgKey);
    const from = running.emulator.state.log.length;
    const outcome = await runAudit({
      source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
      history,
    });
    await recordOutcome(store, outcome, history);
    return {
      outcome,
      queries: queriesOf(running, from, 'SetupAuditTrail'),
      logins: queriesOf(running, from, 'LoginHistory'),
      merged: history.merged(),
    };
  }

  it('reads the window first, then after the mark minus the overlap, and alerts on new rows once', async () => {
    const first = await record(day1);
    expect(first.queries).toEqual([expect.stringMatching(/LAST_N_DAYS:90/)]);
    const orgId = first.outcome.snapshot.org?.id ?? '';
    const marks = await store.highWater(orgId);
    expect(marks.auditTrail).toBe('2026-11-18T16:06:40.000Z');
    expect(await historySince(store, orgId)).toEqual({
      auditTrailSince: new Date(Date.parse('2026-11-18T16:06:40.000Z') - OVERLAP_MS).toISOString(),
      loginHistorySince: new Date(Date.parse(marks.loginHistory ?? '') - OVERLAP_MS).toISOString(),
    });

    const second = await record(day2);
    expect(second.queries).toEqual([
      expect.stringMatching(/WHERE CreatedDate > 2026-11-18T15:51:40Z ORDER BY/),
    ]);
    expect(second.logins).toEqual([expect.stringMatching(/AND LoginTime > 2026-11-25T11:43:41Z /)]);
    // The window of Login History is still what the dormancy rules see (stored rows + delta).
    expect(second.outcome.snapshot.loginHistory.length).toBe(
      first.outcome.snapshot.loginHistory.length,
    );
    // Read: A08, A07 (new), A06 and A05 (within 15 minutes before the mark, known).
    expect(second.merged?.events.filter((e) => e.kind === 'auditTrail').length).toBe(4);
    expect(second.merged?.newIds.auditTrail.map((id) => id.slice(0, 15))).toEqual([
      '0Ym8d00000NwA07',
      '0Ym8d00000NwA08',
    ]);
    const findings = rg0030(second.outcome);
    expect(findings.Carrier_Tracking).toBe(
      'fail: carrier.integration@northwindtraders.com, the run-as user of Carrier_Tracking, changed: 1 Setup Audit Trail event(s) new since the last run: 2026-11-26T08:15:31Z frozen (frozeuser by grace.okafor@northwindtraders.com)',
    );
    // The unassigned set is no longer collected; its content comes from day 1's stored snapshot.
    // ApiEnabled and ApiUserOnly are not lost: the profile still gives them.
    expect(findings.Storefront_Orders).toMatch(
      /^fail: .* new since the last run: 2026-11-25T16:42:09Z permission set Storefront_Orders_Integration unassigned \(PermSetUnassign by grace\.okafor@northwindtraders\.com\): Storefront_Orders loses field Account\.AccountNumber read, field Order\.PoNumber edit, field Order\.PoNumber read, Account read, Order create, Order edit, Order read \(the set as the previous run read it\)$/,
    );
    expect(findings.Ledger_Export).toMatch(/^pass: .*no new lifecycle event/);
    expect(findings.Supplier_Catalog).toMatch(/^pass: .*no new lifecycle event/);

    // Day 2 again: everything read is known, nothing is reported twice.
    const third = await record(day2);
    expect(third.merged?.newIds).toEqual({ auditTrail: [], loginHistory: [] });
    expect(Object.values(rg0030(third.outcome)).every((m) => m.startsWith('pass: '))).toBe(true);
    expect((await store.highWater(orgId)).auditTrail).toBe('2026-11-26T08:15:31.000Z');
  });

  it('reads the window of Login History again when a run-as user is new to the history', async () => {
    const orgId = (await store.listRuns())[0]?.orgKey ?? '';
    const known = [
      'carrier.integration@northwindtraders.com',
      'ledger.integration@northwindtraders.com',
      'storefront.integration@northwindtraders.com',
      'supplier.integration@northwindtraders.com',
    ];
    const since = await historySince(
      store,
      orgId,
      known.map((u) => u.toUpperCase()),
    );
    expect(since?.loginHistorySince).toBeDefined();
    const withNew = await historySince(store, orgId, [
      ...known,
      'new.integration@northwindtraders.com',
    ]);
    expect(withNew?.loginHistorySince).toBeUndefined();
    expect(withNew?.auditTrailSince).toBe(since?.auditTrailSince);
  });
});
