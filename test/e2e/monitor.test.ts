// The check of issue 11 through the CLI: Northwind a day apart (test/fixtures/monitor/README.md),
// each day served by the emulator and recorded with `monitor record`; `monitor diff` then names
// exactly what happened in between (a run-as user frozen, a permission set unassigned, an
// assignment expired) and the integrations each change breaks. The same against PostgreSQL.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import type { DriftChange, DriftReport } from '../../src/drift/report.js';
import type { HistoryReport } from '../../src/monitor/history.js';
import { openStore } from '../../src/monitor/store/index.js';
import { fixedClock } from '../../src/util/clock.js';
import { runCli } from '../helpers/cli.js';
import { serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';
import { pgServer } from '../helpers/pg.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/monitor');
const DAY1 = join(FIXTURES, 'northwind-day1');
const DAY2 = join(FIXTURES, 'northwind-day2');
const ORG_ID = '00D8d000004NwTrEAK';

function clockOf(dir: string): ReturnType<typeof fixedClock> {
  const { now } = JSON.parse(readFileSync(join(dir, 'emulator.json'), 'utf8')) as { now: string };
  return fixedClock(new Date(now));
}

const day1 = await serveFixture(DAY1, { clock: clockOf(DAY1) });
const day2 = await serveFixture(DAY2, { clock: clockOf(DAY2) });

function record(db: string, day: typeof day1, dir: string, extra: string[] = []) {
  return runCli(
    [
      'monitor',
      'record',
      '--db',
      db,
      '--instance-url',
      day.instanceUrl,
      '--manifest',
      join(dir, 'runas-guard.yaml'),
      ...extra,
    ],
    { SF_ACCESS_TOKEN: day.accessToken },
  );
}

/** What a change says, without its wording: kind, subject, from → to, and what it breaks. */
function subjectOf(change: DriftChange): string {
  switch (change.kind) {
    case 'user':
      return `user ${change.username} ${change.field} ${String(change.from)} → ${String(change.to)}`;
    case 'access':
      return `access ${change.change} ${change.grant} via ${change.container}`;
    case 'preAuthorization':
      return `preAuthorized ${String(change.from)} → ${String(change.to)}`;
    case 'policy':
      return `policy ${change.policyKey} ${String(change.from)} → ${String(change.to)}`;
    case 'finding':
      return `finding ${change.ruleId} ${change.change} ${String(change.from)} → ${String(change.to)} (${change.severity})`;
    case 'runAs':
      return `runAs ${String(change.from)} → ${String(change.to)}`;
  }
}

/** One line per change: app, what changed, what it breaks; sorted. */
function changeLines(report: DriftReport): string[] {
  return report.integrations
    .flatMap((integration) =>
      integration.changes.map(
        (change) =>
          `${integration.app} | ${subjectOf(change)} | breaks ${change.breaks.join(',') || '-'}`,
      ),
    )
    .sort();
}

/**
 * What happened between the two days (test/fixtures/monitor/README.md) and the findings that follow
 * from it, nothing else: Supplier_Catalog and the human users' changes are absent. The profile
 * still grants ApiEnabled and ApiUserOnly, so losing them through the set breaks nothing.
 */
const EXPECTED_CHANGES = [
  // Frozen run-as user.
  'Carrier_Tracking | finding RG-0004 new pass → fail (critical) | breaks carrier-tracking',
  'Carrier_Tracking | finding RG-0030 new pass → fail (high) | breaks -',
  'Carrier_Tracking | user carrier.integration@northwindtraders.com frozen false → true | breaks carrier-tracking',
  // Expired assignment.
  'Ledger_Export | access lost field:Contract.SpecialTerms:read via Ledger_Year_End_Close | breaks ledger-export',
  'Ledger_Export | access lost object:Contract:read via Ledger_Year_End_Close | breaks ledger-export',
  'Ledger_Export | finding RG-0010 new pass → fail (critical) | breaks ledger-export',
  'Ledger_Export | finding RG-0013 changed fail → fail (high) | breaks -',
  // Unassigned permission set, which was also what pre-authorized the user.
  'Storefront_Orders | access lost field:Account.AccountNumber:read via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost field:Order.PoNumber:edit via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost field:Order.PoNumber:read via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost object:Account:read via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost object:Order:create via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost object:Order:edit via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost object:Order:read via Storefront_Orders_Integration | breaks storefront-orders',
  'Storefront_Orders | access lost system:ApiEnabled via Storefront_Orders_Integration | breaks -',
  'Storefront_Orders | access lost system:ApiUserOnly via Storefront_Orders_Integration | breaks -',
  'Storefront_Orders | finding RG-0010 new pass → fail (critical) | breaks storefront-orders',
  'Storefront_Orders | finding RG-0030 new pass → fail (high) | breaks -',
  'Storefront_Orders | finding RG-0038 new pass → fail (critical) | breaks storefront-orders',
  'Storefront_Orders | preAuthorized true → false | breaks storefront-orders',
];

async function checkTwoDays(db: string): Promise<void> {
  const first = await record(db, day1, DAY1);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(new RegExp(`^recorded run 1 of ${ORG_ID} .*4 integration`));

  // Nothing to compare yet: exit 2 with the reason.
  const early = await runCli(['monitor', 'diff', '--db', db]);
  expect(early.code).toBe(2);
  expect(early.stderr).toContain('first run');

  const second = await record(db, day2, DAY2, ['--format', 'json']);
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
  const summary = JSON.parse(second.stdout) as { id: number; orgKey: string; incomplete: boolean };
  expect(summary).toMatchObject({ id: 2, orgKey: ORG_ID, incomplete: false });

  const diff = await runCli(['monitor', 'diff', '--db', db, '--format', 'json']);
  expect(diff.stderr).toBe('');
  expect(diff.code).toBe(0);
  const report = JSON.parse(diff.stdout) as DriftReport;
  expect(report.kind).toBe('monitor-diff');
  expect([report.from.runId, report.to.runId]).toEqual([1, 2]);
  expect(changeLines(report)).toEqual(EXPECTED_CHANGES);
  expect(report.summary.broken).toEqual(['carrier-tracking', 'ledger-export', 'storefront-orders']);

  // --from / --to name the same pair; the reverse pair undoes each change.
  const explicit = await runCli([
    'monitor',
    'diff',
    '--db',
    db,
    '--from',
    '1',
    '--to',
    '2',
    '--format',
    'json',
  ]);
  expect(changeLines(JSON.parse(explicit.stdout) as DriftReport)).toEqual(EXPECTED_CHANGES);

  // The reverse pair undoes each change: as many changes, the freeze lifted.
  const reverse = await runCli([
    'monitor',
    'diff',
    '--db',
    db,
    '--from',
    '2',
    '--to',
    '1',
    '--format',
    'json',
  ]);
  const undone = JSON.parse(reverse.stdout) as DriftReport;
  expect(undone.summary.changes).toBe(EXPECTED_CHANGES.length);
  expect(changeLines(undone)).toContain(
    'Carrier_Tracking | user carrier.integration@northwindtraders.com frozen true → false | breaks -',
  );

  // --fail-on breaking makes a breaking change exit 1.
  const gate = await runCli(['monitor', 'diff', '--db', db, '--fail-on', 'breaking']);
  expect(gate.code).toBe(1);
  expect(gate.stdout).toContain('Carrier_Tracking');
}

describe('monitor record and diff over two days of Northwind', () => {
  it(
    'SQLite: diff names exactly the changes and the integrations they break',
    { timeout: 240_000 },
    async () => {
      const db = join(tempDir('monitor-'), 'history.db');
      await checkTwoDays(db);

      const text = await runCli(['monitor', 'diff', '--db', db]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('carrier.integration@northwindtraders.com');

      // Several formats in one run, one file each; the JSON file is the same diff.
      const out = join(tempDir('monitor-out-'), 'reports');
      const many = await runCli([
        'monitor',
        'diff',
        '--db',
        db,
        '--format',
        'text,json,html',
        '--output-dir',
        out,
      ]);
      expect(many.code).toBe(0);
      expect(many.stdout).toBe('');
      const json = JSON.parse(
        readFileSync(join(out, 'runas-guard-diff.json'), 'utf8'),
      ) as DriftReport;
      expect(changeLines(json)).toEqual(EXPECTED_CHANGES);
      const html = readFileSync(join(out, 'runas-guard-diff.html'), 'utf8');
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain('Storefront_Orders_Integration');
      expect(readFileSync(join(out, 'runas-guard-diff.txt'), 'utf8')).toContain('Carrier_Tracking');
      const historyHtml = await runCli([
        'monitor',
        'history',
        '--db',
        db,
        '--app',
        'Carrier_Tracking',
        '--format',
        'html',
      ]);
      expect(historyHtml.code).toBe(0);
      expect(historyHtml.stdout).toMatch(/^<!doctype html>/i);
      // The app's change of the second run is on the timeline.
      expect(historyHtml.stdout).toContain('frozen false → true');

      // What record kept besides the states: the rows read once each by Id, and the marks the next
      // run reads after.
      const store = await openStore(db);
      try {
        expect(await store.highWater(ORG_ID)).toEqual({
          auditTrail: '2026-11-26T08:15:31.000Z',
          loginHistory: '2026-11-25T11:58:41.000Z',
        });
        // The rows of the 90-day window on day 1 and the two new on day 2 (the June and July rows
        // are older than the window); Ids as the API gives them, 18 characters.
        const trail = await store.events(ORG_ID, 'auditTrail', '2026-01-01T00:00:00Z');
        expect(trail.map((e) => e.id.slice(0, 15)).sort()).toEqual(
          ['05', '06', '07', '08'].map((n) => `0Ym8d00000NwA${n}`),
        );
      } finally {
        await store.close();
      }

      const history = await runCli([
        'monitor',
        'history',
        '--db',
        db,
        '--app',
        'Storefront_Orders',
        '--format',
        'json',
      ]);
      expect(history.code).toBe(0);
      const timeline = JSON.parse(history.stdout) as HistoryReport;
      expect(timeline.runs.map((r) => r.run.id)).toEqual([1, 2]);
      expect(timeline.runs[0]?.changes).toEqual([]);
      expect(
        timeline.runs[1]?.changes
          ?.map((c) => `Storefront_Orders | ${subjectOf(c)} | breaks ${c.breaks.join(',') || '-'}`)
          .sort(),
      ).toEqual(EXPECTED_CHANGES.filter((line) => line.startsWith('Storefront_Orders |')));
    },
  );

  it('PostgreSQL: the same record and diff', { timeout: 240_000 }, async (context) => {
    const pg = await pgServer();
    if (pg.skipReason !== undefined) {
      context.skip(pg.skipReason);
      return;
    }
    try {
      await checkTwoDays(await pg.createDatabase('monitor'));
    } finally {
      await pg.dropAll();
    }
  });
});

describe('monitor record of an incomplete collection', () => {
  it(
    'records the run marked incomplete (exit 3); unknown user state is never a change',
    { timeout: 120_000 },
    async () => {
      const refused = await serveFixture(DAY2, {
        clock: clockOf(DAY2),
        faults: [
          {
            path: '/query$',
            query: 'FROM UserLogin',
            status: 403,
            errorCode: 'INSUFFICIENT_ACCESS',
            message: 'insufficient access rights on object id',
          },
        ],
      });
      const db = join(tempDir('monitor-'), 'history.db');
      expect((await record(db, day1, DAY1)).code).toBe(0);
      const partial = await record(db, refused, DAY2);
      expect(partial.code).toBe(3);
      expect(partial.stdout).toContain('recorded run 2');
      expect(partial.stdout).toContain('incomplete');
      const allowed = await record(db, refused, DAY2, ['--allow-incomplete']);
      expect(allowed.code).toBe(0);

      const diff = await runCli([
        'monitor',
        'diff',
        '--db',
        db,
        '--from',
        '1',
        '--to',
        '2',
        '--format',
        'json',
      ]);
      expect(diff.code).toBe(0);
      const lines = changeLines(JSON.parse(diff.stdout) as DriftReport);
      // The freeze is not known on day 2 (UserLogin refused): neither the field nor RG-0004 changes,
      // and RG-0005 (password locked), not evaluated now, is not resolved.
      expect(
        lines.filter((l) => l.includes('frozen') || l.includes('RG-0004') || l.includes('RG-0005')),
      ).toEqual([]);
      // What was collected still differs as it did.
      expect(lines).toContain(
        'Storefront_Orders | preAuthorized true → false | breaks storefront-orders',
      );

      const history = await runCli(['monitor', 'history', '--db', db, '--format', 'json']);
      const runs = (JSON.parse(history.stdout) as HistoryReport).runs.map((r) => [
        r.run.id,
        r.run.exitCode,
      ]);
      expect(runs).toEqual([
        [1, 1],
        [2, 3],
        [3, 3],
      ]);
    },
  );
});

describe('monitor: bad input is exit 2 with a message, and nothing is written', () => {
  it(
    'refuses a file that is not a runas-guard store, leaving it as it was',
    { timeout: 60_000 },
    async () => {
      const file = join(tempDir('monitor-'), 'notes.db');
      writeFileSync(file, 'these are my notes, not a database\n');
      const before = readFileSync(file);
      const result = await record(file, day1, DAY1);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/runas-guard: .*notes\.db/);
      expect(readFileSync(file)).toEqual(before);
    },
  );

  it(
    'refuses a store whose schema is newer than this runas-guard, leaving it as it was',
    { timeout: 60_000 },
    async () => {
      const db = join(tempDir('monitor-'), 'history.db');
      expect((await record(db, day1, DAY1)).code).toBe(0);
      const sqlite = new Database(db);
      sqlite
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(999, '0999-future', '2030-01-01T00:00:00Z');
      sqlite.close();
      const before = readFileSync(db);
      for (const args of [
        ['history'],
        ['diff'],
        ['record', '--snapshot', join(DAY1, 'missing.json')],
      ]) {
        const result = await runCli(['monitor', ...args, '--db', db]);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toContain('newer than this runas-guard knows');
      }
      expect(readFileSync(db)).toEqual(before);
    },
  );

  it('refuses an unreachable PostgreSQL without printing its password', async () => {
    const password = 'hunter2-monitor-secret';
    const url = `postgres://runas_guard:${password}@127.0.0.1:1/runas_guard`;
    const result = await runCli(['monitor', 'history', '--db', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stderr + result.stdout).not.toContain(password);
  });

  it(
    'refuses a run that does not exist, and an impossible run id',
    { timeout: 60_000 },
    async () => {
      const db = join(tempDir('monitor-'), 'history.db');
      expect((await record(db, day1, DAY1)).code).toBe(0);
      const size = statSync(db).size;
      const missing = await runCli(['monitor', 'diff', '--db', db, '--from', '99']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--from 99: no such run');
      const bad = await runCli(['monitor', 'diff', '--db', db, '--to', '1; DROP TABLE runs']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--to: expected a run id');
      expect(statSync(db).size).toBe(size);
    },
  );
});
