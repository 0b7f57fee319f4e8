// The history store on both back ends (docs/adr/0017-history-store.md), one suite: what is recorded
// comes back exactly, the queries filter, events and alerts are stored once, and what is not a
// store is refused untouched. PostgreSQL is skipped with the reason when unreachable (not under CI).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import type { IntegrationState } from '../../src/drift/types.js';

import { openStore, StoreError } from '../../src/monitor/store/index.js';
import type { HistoryStore, RunInput } from '../../src/monitor/store/types.js';

import { backends } from './backends.js';
import { sampleRun } from './sample-run.js';

const { backends: BACKENDS } = await backends();

afterAll(async () => {
  for (const backend of BACKENDS) await backend.cleanup();
}, 60_000);

const DOC = readFileSync(join(import.meta.dirname, '../../docs/monitor.md'), 'utf8');

async function errorOf(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

/** Any text but NUL, which PostgreSQL's text type cannot hold. */
const text = fc.string({ unit: 'grapheme', maxLength: 20 }).map((t) => t.replace(/\0/g, ''));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const integrationArb: fc.Arbitrary<IntegrationState> = fc
  .record({
    appType: fc.constantFrom('ConnectedApp' as const, 'ExternalClientApplication' as const),
    runAs: fc.option(
      fc
        .record(
          {
            username: text,
            found: fc.boolean(),
            id: text,
            active: fc.boolean(),
            frozen: fc.boolean(),
            passwordLocked: fc.boolean(),
            licence: text,
            profile: text,
            role: text,
          },
          { requiredKeys: ['username', 'found'] },
        )
        .map((user) => ({ ...user })),
      { nil: null },
    ),
    userStateKnown: fc.boolean(),
    preAuthorized: optional(fc.boolean()),
    integration: optional(text),
    policy: fc.dictionary(text, text, { maxKeys: 4 }),
    access: fc.option(fc.array(fc.record({ key: text, container: text }), { maxLength: 6 }), {
      nil: null,
    }),
    needs: fc.array(text, { maxLength: 4 }),
  })
  .map(({ preAuthorized, integration, policy, ...rest }) => ({
    app: '',
    ...rest,
    policy: Object.fromEntries(
      Object.entries(policy).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    ...(preAuthorized === undefined ? {} : { preAuthorized }),
    ...(integration === undefined ? {} : { integration }),
  }));

function run(orgKey: string, patch: Partial<RunInput> = {}): RunInput {
  return { ...sampleRun(orgKey, 1, 3), ...patch };
}

describe.each(BACKENDS)('history store on $name', (backend) => {
  if (backend.skip !== undefined) {
    it.skip(`skipped: ${backend.skip}`, () => undefined);
    return;
  }

  async function withStore(fn: (store: HistoryStore, db: string) => Promise<void>): Promise<void> {
    const db = await backend.fresh();
    const store = await openStore(db);
    try {
      await fn(store, db);
    } finally {
      await store.close();
    }
  }

  it('returns a run exactly as recorded, every optional field and order kept', async () => {
    await withStore(async (store) => {
      expect(store.kind).toBe(backend.name);
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const input = sampleRun('00Dorg', seed, 9);
        const id = await store.recordRun(input);
        const stored = await store.loadRun(id);
        expect(stored).toStrictEqual({
          id,
          orgKey: input.orgKey,
          source: input.source,
          collectedAt: input.collectedAt,
          recordedAt: input.recordedAt,
          exitCode: input.exitCode,
          integrationCount: input.integrations.length,
          failCount: input.findings.filter((f) => f.status === 'fail').length,
          integrations: input.integrations,
          findings: input.findings,
        });
      }
      expect(await store.loadRun(9999)).toBeUndefined();
    });
  });

  it('returns the snapshot a run was recorded with, none when it had none', async () => {
    await withStore(async (store) => {
      const snapshot = JSON.stringify({ schemaVersion: 1, note: 'caf\u00e9 \u{1F600}' });
      const withOne = await store.recordRun({ ...sampleRun('00Dorg', 1, 2), snapshot });
      const without = await store.recordRun(sampleRun('00Dorg', 2, 2));
      expect(await store.runSnapshot(withOne)).toBe(snapshot);
      expect(await store.runSnapshot(without)).toBeUndefined();
      expect(await store.runSnapshot(9999)).toBeUndefined();
    });
  });

  it('returns any integration state exactly as recorded (property)', async () => {
    await withStore(async (store) => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(text, { minLength: 1, maxLength: 4 }),
          fc.array(integrationArb, { minLength: 4, maxLength: 4 }),
          async (apps, states) => {
            const integrations = apps.map(
              (app, i) => ({ ...states[i % states.length], app }) as IntegrationState,
            );
            const id = await store.recordRun(run('00Dprop', { integrations, findings: [] }));
            // Plain objects (fast-check's records have no prototype); nothing here is undefined.
            const expected = JSON.parse(JSON.stringify(integrations)) as unknown;
            expect((await store.loadRun(id))?.integrations).toStrictEqual(expected);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  it('stores a NUL character of hostile text as U+FFFD, alike on both back ends', async () => {
    await withStore(async (store) => {
      const id = await store.recordRun(
        run('00Dnul', {
          integrations: [
            {
              app: 'Evil\0App',
              appType: 'ConnectedApp',
              runAs: { username: 'u\0@acme.example', found: true, profile: '\0' },
              userStateKnown: true,
              policy: { 'k\0': 'v\0' },
              access: [{ key: 'object:X\0:read', container: 'Set\0' }],
              needs: [],
            },
          ],
          findings: [
            {
              fingerprint: 'f',
              ruleId: 'RG-0001',
              status: 'fail',
              severity: 'high',
              message: 'm\0',
            },
          ],
        }),
      );
      const stored = await store.loadRun(id);
      expect(stored?.integrations).toStrictEqual([
        {
          app: 'Evil\uFFFDApp',
          appType: 'ConnectedApp',
          runAs: { username: 'u\uFFFD@acme.example', found: true, profile: '\uFFFD' },
          userStateKnown: true,
          policy: { 'k\uFFFD': 'v\uFFFD' },
          access: [{ key: 'object:X\uFFFD:read', container: 'Set\uFFFD' }],
          needs: [],
        },
      ]);
      expect(stored?.findings[0]?.message).toBe('m\uFFFD');
    });
  });

  it('keeps the difference between no run-as user, a missing user, unknown access and no access', async () => {
    await withStore(async (store) => {
      const integrations: RunInput['integrations'] = [
        {
          app: 'NoUser',
          appType: 'ConnectedApp',
          runAs: null,
          userStateKnown: true,
          policy: {},
          access: [],
          needs: [],
        },
        {
          app: 'Missing',
          appType: 'ExternalClientApplication',
          runAs: { username: 'gone@acme.example', found: false },
          userStateKnown: true,
          preAuthorized: false,
          policy: { scopes: 'api refresh_token' },
          access: null,
          needs: ['object:Case:read'],
        },
        {
          app: 'Twice',
          appType: 'ConnectedApp',
          runAs: {
            username: 'x@acme.example',
            found: true,
            active: false,
            frozen: true,
            passwordLocked: true,
            role: 'CEO',
          },
          userStateKnown: false,
          preAuthorized: true,
          policy: { b: '2', a: '1' },
          // One grant through two containers, and the same grant listed twice: kept as given.
          access: [
            { key: 'object:Case:edit', container: 'profile P' },
            { key: 'object:Case:edit', container: 'Group / Set' },
            { key: 'object:Case:edit', container: 'profile P' },
          ],
          needs: [],
        },
      ];
      const id = await store.recordRun(run('00Dorg', { integrations, findings: [] }));
      const stored = await store.loadRun(id);
      expect(stored?.integrations).toStrictEqual(
        integrations.map((s) => (s.app === 'Twice' ? { ...s, policy: { a: '1', b: '2' } } : s)),
      );
      expect(Object.keys(stored?.integrations[2]?.policy ?? {})).toEqual(['a', 'b']);
      expect(stored?.failCount).toBe(0);
    });
  });

  it('lists runs by org and by app, oldest first; latestRun is the org newest', async () => {
    await withStore(async (store) => {
      expect(await store.listRuns()).toEqual([]);
      expect(await store.latestRun('A')).toBeUndefined();
      const a1 = await store.recordRun(sampleRun('A', 11, 4));
      const b1 = await store.recordRun(sampleRun('B', 12, 4));
      const a2 = await store.recordRun({
        ...sampleRun('A', 13, 4),
        integrations: [
          {
            app: 'Only_Here',
            appType: 'ConnectedApp',
            runAs: null,
            userStateKnown: true,
            policy: {},
            access: null,
            needs: [],
          },
        ],
      });
      expect((await store.listRuns()).map((r) => r.id)).toEqual([a1, b1, a2]);
      expect((await store.listRuns({ orgKey: 'A' })).map((r) => r.id)).toEqual([a1, a2]);
      expect((await store.listRuns({ app: 'Only_Here' })).map((r) => r.id)).toEqual([a2]);
      expect((await store.listRuns({ orgKey: 'B', app: 'Only_Here' })).map((r) => r.id)).toEqual(
        [],
      );
      expect((await store.listRuns({ orgKey: 'A', app: 'App_0' })).map((r) => r.id)).toEqual([a1]);
      const [summary] = await store.listRuns({ orgKey: 'B' });
      const b = sampleRun('B', 12, 4);
      expect(summary).toStrictEqual({
        id: b1,
        orgKey: 'B',
        source: b.source,
        collectedAt: b.collectedAt,
        recordedAt: b.recordedAt,
        exitCode: b.exitCode,
        integrationCount: b.integrations.length,
        failCount: b.findings.filter((f) => f.status === 'fail').length,
      });
      expect((await store.latestRun('A'))?.id).toBe(a2);
      expect((await store.latestRun('B'))?.id).toBe(b1);
      expect(await store.latestRun('C')).toBeUndefined();
    });
  });

  it('moves the high-water marks forward only, per org and kind', async () => {
    await withStore(async (store) => {
      expect(await store.highWater('A')).toEqual({});
      await store.recordRun(
        run('A', { highWater: { auditTrail: '2026-11-25T10:00:00.000+0000' } }),
      );
      await store.recordRun(run('B', { highWater: { loginHistory: '2026-11-25T09:00:00.000Z' } }));
      expect(await store.highWater('A')).toEqual({ auditTrail: '2026-11-25T10:00:00.000+0000' });
      await store.recordRun(
        run('A', {
          highWater: {
            auditTrail: '2026-11-25T09:59:59.000Z',
            loginHistory: '2026-11-25T08:00:00.000Z',
          },
        }),
      );
      expect(await store.highWater('A')).toEqual({
        auditTrail: '2026-11-25T10:00:00.000+0000',
        loginHistory: '2026-11-25T08:00:00.000Z',
      });
      await store.recordRun(run('A', { highWater: { auditTrail: '2026-11-25T11:00:00.000Z' } }));
      expect(await store.highWater('A')).toEqual({
        auditTrail: '2026-11-25T11:00:00.000Z',
        loginHistory: '2026-11-25T08:00:00.000Z',
      });
      expect(await store.highWater('B')).toEqual({ loginHistory: '2026-11-25T09:00:00.000Z' });
    });
  });

  it('stores each event once per org and kind, reads them since an instant, and knows their ids', async () => {
    await withStore(async (store) => {
      const e = (id: string, at: string, note: string) => ({
        kind: 'auditTrail' as const,
        id,
        at,
        row: { Id: id, note },
      });
      await store.recordRun(
        run('A', {
          events: [
            e('0Ym1', '2026-11-25T10:00:00.000+0000', 'first'),
            e('0Ym2', '2026-11-25T11:00:00.000+0000', 'first'),
            {
              kind: 'loginHistory',
              id: '0Ya1',
              at: '2026-11-25T10:30:00.000+0000',
              row: { Id: '0Ya1' },
            },
          ],
        }),
      );
      // The overlap read again (with a changed body), one new row, and the same Id in another org.
      await store.recordRun(
        run('A', {
          events: [
            e('0Ym2', '2026-11-25T11:00:00.000+0000', 'again'),
            e('0Ym3', '2026-11-25T12:00:00.000+0000', 'new'),
            e('0Ym3', '2026-11-25T12:00:00.000+0000', 'twice in one run'),
          ],
        }),
      );
      await store.recordRun(
        run('B', { events: [e('0Ym1', '2026-11-25T10:00:00.000+0000', 'other org')] }),
      );

      const all = await store.events('A', 'auditTrail', '2026-01-01T00:00:00Z');
      expect(all.map((x) => [x.id, (x.row as { note: string }).note])).toEqual([
        ['0Ym1', 'first'],
        ['0Ym2', 'first'],
        ['0Ym3', 'new'],
      ]);
      expect(all[0]).toStrictEqual(e('0Ym1', '2026-11-25T10:00:00.000+0000', 'first'));
      // "At or after", compared as instants: the same instant written with Z counts.
      expect(
        (await store.events('A', 'auditTrail', '2026-11-25T11:00:00.000Z')).map((x) => x.id),
      ).toEqual(['0Ym2', '0Ym3']);
      expect(
        (await store.events('A', 'loginHistory', '2026-11-25T00:00:00Z')).map((x) => x.id),
      ).toEqual(['0Ya1']);
      expect(
        (await store.events('B', 'auditTrail', '2026-01-01T00:00:00Z')).map((x) => x.id),
      ).toEqual(['0Ym1']);
      await expect(store.events('A', 'auditTrail', 'yesterday')).rejects.toThrow(/not a time/);

      expect(
        await store.knownEventIds('A', 'auditTrail', ['0Ym1', '0Ym3', '0Ym9', '0Ya1']),
      ).toEqual(new Set(['0Ym1', '0Ym3']));
      expect(await store.knownEventIds('A', 'loginHistory', [])).toEqual(new Set());
      // More ids than one query takes.
      const many = Array.from({ length: 1200 }, (_, i) => `0Ymx${i}`);
      expect(await store.knownEventIds('A', 'auditTrail', [...many, '0Ym2'])).toEqual(
        new Set(['0Ym2']),
      );
    });
  });

  it('keeps one alert per change and org, pending until delivered; a failure counts and keeps no URL path', async () => {
    await withStore(async (store) => {
      const r1 = await store.recordRun(
        run('A', {
          alerts: [
            { key: 'frozen:u1', payload: { text: 'frozen' } },
            { key: 'lost:x', payload: { n: 1 } },
          ],
        }),
      );
      const r2 = await store.recordRun(
        run('A', {
          alerts: [
            { key: 'frozen:u1', payload: { text: 'again' } },
            { key: 'new:y', payload: null },
          ],
        }),
      );
      const rb = await store.recordRun(
        run('B', { alerts: [{ key: 'frozen:u1', payload: { text: 'B' } }] }),
      );
      const pending = await store.pendingAlerts();
      expect(pending.map((a) => [a.orgKey, a.runId, a.key, a.payload, a.attempts])).toEqual([
        ['A', r1, 'frozen:u1', { text: 'frozen' }, 0],
        ['A', r1, 'lost:x', { n: 1 }, 0],
        ['A', r2, 'new:y', null, 0],
        ['B', rb, 'frozen:u1', { text: 'B' }, 0],
      ]);
      const [first, second] = pending;
      if (first === undefined || second === undefined) throw new Error('no alerts');
      await store.markAlertFailed(
        first.id,
        'POST https://hooks.slack.com/services/T000/B000/XXXXSECRET answered 500',
      );
      await store.markAlertFailed(
        first.id,
        'connect ECONNREFUSED 127.0.0.1:9 (https://example.test/hook?token=abc)',
      );
      await store.markAlertDelivered(second.id, '2026-11-25T12:00:00.000Z');
      const after = await store.pendingAlerts('A');
      expect(after.map((a) => a.key)).toEqual(['frozen:u1', 'new:y']);
      expect(after[0]).toMatchObject({
        attempts: 2,
        lastError: 'connect ECONNREFUSED 127.0.0.1:9 (https://example.test/***',
      });
      expect(after[1]?.lastError).toBeUndefined();
      expect((await store.pendingAlerts('B')).map((a) => a.key)).toEqual(['frozen:u1']);
      await expect(store.markAlertDelivered(99_999, '2026-11-25T12:00:00.000Z')).rejects.toThrow(
        /no alert 99999/,
      );
      await expect(store.markAlertFailed(99_999, 'x')).rejects.toThrow(StoreError);
    });
  });

  it('answers the documented EXCEPT query with the grants an app gained', async () => {
    await withStore(async (store, db) => {
      const app = 'Billing_Callback';
      const state = (access: { key: string; container: string }[]): RunInput['integrations'] => [
        {
          app,
          appType: 'ConnectedApp',
          runAs: { username: 'b@acme.example', found: true },
          userStateKnown: true,
          policy: {},
          access,
          needs: [],
        },
      ];
      const from = await store.recordRun(
        run('A', {
          integrations: state([
            { key: 'object:Account:read', container: 'profile Integration' },
            { key: 'object:Invoice__c:edit', container: 'Billing_PS' },
          ]),
        }),
      );
      const to = await store.recordRun(
        run('A', {
          integrations: state([
            { key: 'object:Account:read', container: 'profile Integration' },
            { key: 'object:Invoice__c:edit', container: 'Billing_Group / Billing_PS' },
            { key: 'system:ViewAllData', container: 'Admin_Tools' },
          ]),
        }),
      );
      const query = /```sql\n((?:(?!```)[\s\S])*?EXCEPT(?:(?!```)[\s\S])*)```/.exec(DOC)?.[1];
      expect(query, 'docs/monitor.md shows the EXCEPT query').toBeDefined();
      const sql = (query ?? '')
        .replace('run_id = 7', `run_id = ${to}`)
        .replace('run_id = 3', `run_id = ${from}`);
      expect(await backend.query(db, sql)).toEqual([
        { grant_key: 'object:Invoice__c:edit', container: 'Billing_Group / Billing_PS' },
        { grant_key: 'system:ViewAllData', container: 'Admin_Tools' },
      ]);
    });
  });

  it('records nothing of a run that fails halfway, and says which org', async () => {
    await withStore(async (store) => {
      const good = await store.recordRun(sampleRun('A', 31, 4));
      const bad = sampleRun('A', 32, 6);
      const [first] = bad.integrations;
      if (first === undefined) throw new Error('no integration');
      // The same app twice: its second row breaks the key after the run row and the first are in.
      bad.integrations.push({ ...first });
      bad.events = [{ kind: 'auditTrail', id: '0YmBad', at: '2026-11-25T10:00:00.000Z', row: {} }];
      bad.alerts = [{ key: 'bad', payload: {} }];
      bad.highWater = { auditTrail: '2026-11-25T10:00:00.000Z' };
      const error = await errorOf(store.recordRun(bad));
      expect(error.message).toMatch(new RegExp(`^history store .*: cannot record the run of A: `));
      expect((await store.listRuns()).map((r) => r.id)).toEqual([good]);
      expect(await store.knownEventIds('A', 'auditTrail', ['0YmBad'])).toEqual(new Set());
      expect(await store.pendingAlerts()).toEqual([]);
      expect(await store.highWater('A')).toEqual({});
      // The store still works after the rollback.
      const next = await store.recordRun(sampleRun('A', 33, 4));
      expect((await store.latestRun('A'))?.id).toBe(next);
    });
  });

  it('reopens a store with its runs; a schema newer than this tool knows is refused', async () => {
    const db = await backend.fresh();
    const store = await openStore(db);
    const id = await store.recordRun(sampleRun('A', 21, 4));
    await store.close();
    const again = await openStore(db);
    expect((await again.listRuns()).map((r) => r.id)).toEqual([id]);
    await again.close();
    await backend.query(
      db,
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (42, 'future', 'now')`,
    );
    const error = await errorOf(openStore(db));
    expect(error.message).toMatch(
      /schema version 42 is newer than this runas-guard knows \(1\); upgrade runas-guard/,
    );
    expect(error.exitCode).toBe(2);
  });
});
