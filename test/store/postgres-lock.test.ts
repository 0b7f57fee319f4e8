// PostgreSQL: a run holds its org's advisory lock for its transaction (docs/adr/0017-history-store.md).
// A second worker on the same org waits on that lock until the first commits; a worker on another
// org does not wait at all; parallel workers all succeed. Skipped with the reason when PostgreSQL is
// unreachable (failing under CI=true).

import { afterAll, describe, expect, it } from 'vitest';

import { openStore } from '../../src/monitor/store/index.js';
import { LOCK_CLASS, orgLockKey } from '../../src/monitor/store/postgres.js';
import type { HistoryStore } from '../../src/monitor/store/types.js';
import { pgServer } from '../helpers/pg.js';

import { sampleRun } from './sample-run.js';
import { startWriter } from './writer-process.js';

const server = await pgServer();
afterAll(() => server.dropAll(), 60_000);

/** A store whose next recordRun stops inside its transaction until `release`. */
async function heldStore(url: string): Promise<{
  store: HistoryStore;
  inside: Promise<number>;
  release: () => void;
}> {
  let onInside: (id: number) => void = () => undefined;
  const inside = new Promise<number>((resolve) => (onInside = resolve));
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const store = await openStore(url, {
    beforeCommit: async (id) => {
      if (!first) return;
      first = false;
      onInside(id);
      await gate;
    },
  });
  return { store, inside, release };
}

/** Sessions of this database waiting for an advisory lock, and the lock they wait for. */
async function advisoryWaiters(url: string): Promise<{ classid: number; objid: number }[]> {
  return server.query(
    url,
    `SELECT classid::int AS classid, objid::int AS objid FROM pg_locks
     WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
}

/** Polls until `check` holds (a state the other session reaches, not a timing). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

const live = server.skipReason === undefined ? describe : describe.skip;

live(
  `PostgreSQL store: an advisory lock per org${server.skipReason === undefined ? '' : ` (skipped: ${server.skipReason})`}`,
  () => {
    it('a second worker on the same org waits for the first one commit', async () => {
      const url = await server.createSchema();
      const first = await heldStore(url);
      const second = await openStore(url);
      try {
        const firstRun = first.store.recordRun(sampleRun('00Dsame', 1, 4));
        const firstId = await first.inside;
        let secondDone = false;
        const secondRun = second.recordRun(sampleRun('00Dsame', 2, 4)).then((id) => {
          secondDone = true;
          return id;
        });
        // The second session is blocked on exactly the org's advisory lock.
        await until(
          async () => (await advisoryWaiters(url)).length === 1,
          'the second worker waits on an advisory lock',
        );
        expect(await advisoryWaiters(url)).toEqual([
          { classid: LOCK_CLASS, objid: orgLockKey('00Dsame') },
        ]);
        expect(secondDone).toBe(false);
        expect(await second.listRuns({ orgKey: '00Dsame' })).toEqual([]);
        first.release();
        const [a, b] = await Promise.all([firstRun, secondRun]);
        expect(a).toBe(firstId);
        expect(b).toBeGreaterThan(a);
        expect((await second.listRuns({ orgKey: '00Dsame' })).map((r) => r.id)).toEqual([a, b]);
      } finally {
        first.release();
        await first.store.close();
        await second.close();
      }
    });

    it('a worker on another org records while the first one holds its transaction', async () => {
      const url = await server.createSchema();
      const first = await heldStore(url);
      const second = await openStore(url);
      try {
        let firstDone = false;
        const firstRun = first.store.recordRun(sampleRun('00Done', 1, 4)).then((id) => {
          firstDone = true;
          return id;
        });
        await first.inside;
        const other = await second.recordRun(sampleRun('00Dtwo', 2, 4));
        expect(firstDone).toBe(false);
        expect((await second.latestRun('00Dtwo'))?.id).toBe(other);
        first.release();
        expect(await firstRun).toBeLessThan(other);
      } finally {
        first.release();
        await first.store.close();
        await second.close();
      }
    });

    it('four workers recording two orgs in parallel: every run complete', async () => {
      const url = await server.createSchema();
      const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(url)));
      try {
        await Promise.all(
          stores.map(async (store, w) => {
            for (let i = 0; i < 10; i++) {
              await store.recordRun(sampleRun(w % 2 === 0 ? '00Deven' : '00Dodd', w * 100 + i, 5));
            }
          }),
        );
        const [store] = stores;
        const runs = (await store?.listRuns()) ?? [];
        expect(runs).toHaveLength(40);
        for (const summary of runs) {
          const seed = Number(/^seed (\d+)$/.exec(summary.source)?.[1]);
          const expected = sampleRun(summary.orgKey, seed, 5);
          const stored = await store?.loadRun(summary.id);
          expect(stored?.integrations).toStrictEqual(expected.integrations);
          expect(stored?.findings).toStrictEqual(expected.findings);
        }
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('a worker killed inside its transaction leaves no run and no lock behind', async () => {
      const url = await server.createSchema();
      const writer = startWriter(url, '00Dkill', 5, 1, 30, 60_000);
      const open = await writer.inside;
      writer.child.kill('SIGKILL');
      expect(await writer.exited, writer.stderr()).toBeNull();
      const store = await openStore(url);
      try {
        // The same org records at once: the dead session's lock went with its connection.
        const next = await store.recordRun(sampleRun('00Dkill', 2, 4));
        const runs = await store.listRuns({ orgKey: '00Dkill' });
        expect(runs.map((r) => r.id)).toEqual([next]);
        expect(runs.map((r) => r.id)).not.toContain(open);
        expect(
          await server.query(
            url,
            'SELECT COUNT(*)::int AS n FROM run_integrations WHERE run_id = $1',
            [open],
          ),
        ).toEqual([{ n: 0 }]);
      } finally {
        await store.close();
      }
    });

    it('many workers opening a new database at once migrate it once', async () => {
      const url = await server.createSchema();
      const stores = await Promise.all([1, 2, 3, 4, 5].map(() => openStore(url)));
      await Promise.all(stores.map((s) => s.close()));
      expect(
        await server.query(url, 'SELECT version, name FROM schema_migrations ORDER BY version'),
      ).toEqual([{ version: 1, name: 'history' }]);
    });
  },
);
