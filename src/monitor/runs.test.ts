// Which runs `monitor diff` and `history` mean, and diff's exit code, on a real SQLite store.

import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { tempDir } from '../../test/helpers/guard.js';
import type { FindingState, IntegrationState } from '../drift/types.js';
import { diffExitCode, diffRuns, diffStored } from './diff.js';
import { MonitorError } from './errors.js';
import { historyOf } from './history.js';
import { orgOf, selectRunPair } from './runs.js';
import { openStore } from './store/index.js';
import type { RunInput } from './store/types.js';

const ORG_A = '00D000000000001AAA';
const ORG_B = '00D000000000002AAA';

function integration(frozen: boolean): IntegrationState {
  return {
    app: 'Billing_Callback',
    integration: 'billing',
    appType: 'ConnectedApp',
    runAs: {
      username: 'billing@acme.com',
      found: true,
      active: true,
      frozen,
      licence: 'Salesforce Integration',
    },
    userStateKnown: true,
    preAuthorized: true,
    policy: { permittedUsers: 'AdminApprovedPreAuthorized' },
    access: [{ key: 'object:Invoice__c:edit', container: 'Billing_PS' }],
    needs: ['object:Invoice__c:edit'],
  };
}

function frozenFinding(status: FindingState['status']): FindingState {
  return {
    fingerprint: 'fp-frozen',
    ruleId: 'RG-0004',
    status,
    severity: 'critical',
    app: 'Billing_Callback',
    message: 'billing@acme.com is frozen',
  };
}

function run(orgKey: string, day: number, frozen: boolean): RunInput {
  const at = `2026-11-${String(20 + day)}T12:00:00.000Z`;
  return {
    orgKey,
    source: 'snapshot test.json',
    collectedAt: at,
    recordedAt: at,
    toolVersion: '0.0.0',
    exitCode: 0,
    integrations: [integration(frozen)],
    findings: [frozenFinding(frozen ? 'fail' : 'pass')],
    events: [],
    highWater: {},
    alerts: [],
  };
}

const store = await openStore(join(tempDir('monitor-runs-'), 'history.db'));
afterAll(() => store.close());

async function message(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MonitorError);
  return (error as MonitorError).message;
}

describe('run selection', () => {
  it('says so when the store holds no run', async () => {
    expect(await message(orgOf(store, undefined))).toContain('holds no run yet');
  });

  it('defaults to the org newest run and the one before it, skipping other orgs', async () => {
    expect(await store.recordRun(run(ORG_A, 1, false))).toBe(1);
    expect(await message(selectRunPair(store, {}))).toContain('first run of');
    expect(await store.recordRun(run(ORG_B, 1, false))).toBe(2);
    expect(await store.recordRun(run(ORG_A, 2, true))).toBe(3);

    expect(await message(selectRunPair(store, {}))).toContain(
      `runs of 2 orgs (${ORG_A}, ${ORG_B}): give --org KEY`,
    );
    const pair = await selectRunPair(store, { orgKey: ORG_A });
    expect([pair.from.id, pair.to.id]).toEqual([1, 3]);
    // --from alone: the newest run of the same org.
    const fromOnly = await selectRunPair(store, { from: 1 });
    expect([fromOnly.from.id, fromOnly.to.id]).toEqual([1, 3]);
    // --to alone: the run of its org before it.
    const toOnly = await selectRunPair(store, { to: 3 });
    expect([toOnly.from.id, toOnly.to.id]).toEqual([1, 3]);
  });

  it('refuses unknown runs, runs of two orgs and a run of another org than --org', async () => {
    expect(await message(selectRunPair(store, { from: 99 }))).toBe(
      '--from 99: no such run in the store',
    );
    expect(await message(selectRunPair(store, { to: 42, orgKey: ORG_A }))).toBe(
      '--to 42: no such run in the store',
    );
    expect(await message(selectRunPair(store, { from: 2, to: 3 }))).toContain(
      'a diff compares two runs of one org',
    );
    expect(await message(selectRunPair(store, { to: 2, orgKey: ORG_A }))).toContain(
      `--to 2 is a run of ${ORG_B}, not of --org ${ORG_A}`,
    );
    expect(await message(orgOf(store, '00D000000000009AAA'))).toContain('no run of this org');
  });
});

describe('diff exit code', () => {
  it('is 0 without --fail-on, 1 for a breaking change or a new failure at the threshold', async () => {
    const report = await diffStored(store, { orgKey: ORG_A }, '2026-11-22T00:00:00Z');
    expect(report.summary.breaking).toBeGreaterThan(0);
    expect(diffExitCode(report, undefined)).toBe(0);
    expect(diffExitCode(report, 'breaking')).toBe(1);
    expect(diffExitCode(report, 'critical')).toBe(1);
    expect(diffExitCode(report, 'info')).toBe(1);
  });

  it('is 0 when the change only undoes a failure (the freeze lifted)', async () => {
    const [from, to] = [await store.loadRun(3), await store.loadRun(1)];
    if (from === undefined || to === undefined) throw new Error('runs missing');
    const report = diffRuns(from, to);
    expect(report.summary.changes).toBeGreaterThan(0);
    expect(diffExitCode(report, 'critical')).toBe(0);
    expect(diffExitCode(report, 'breaking')).toBe(0);
  });
});

describe('history', () => {
  it('lists the org runs and, with --app, what changed in each', async () => {
    const all = await historyOf(store, { orgKey: ORG_A });
    expect(all.runs.map((r) => r.run.id)).toEqual([1, 3]);
    expect(all.runs[0]?.changes).toBeUndefined();
    const app = await historyOf(store, { orgKey: ORG_A, app: 'Billing_Callback' });
    expect(app.runs[0]?.changes).toEqual([]);
    expect(app.runs[1]?.changes?.map((c) => c.kind).sort()).toEqual(['finding', 'user']);
  });
});
