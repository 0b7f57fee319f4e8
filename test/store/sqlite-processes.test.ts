// The SQLite store under real processes (docs/adr/0017-history-store.md): two writers at once on a
// new file both succeed, and a writer killed with SIGKILL at any moment (inside a transaction too)
// leaves a consistent database holding every committed run complete and nothing of the others.

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { openStore } from '../../src/monitor/store/index.js';

import { sqliteQuery } from './backends.js';
import { sampleRun } from './sample-run.js';
import { startWriter } from './writer-process.js';
import { tempDir } from '../helpers/guard.js';

/** The database is sound and holds exactly complete runs, each equal to what its seed generates. */
async function checkStore(db: string, size: number): Promise<number[]> {
  expect(sqliteQuery(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(sqliteQuery(db, 'PRAGMA foreign_key_check')).toEqual([]);
  const incomplete = sqliteQuery(
    db,
    `SELECT r.id FROM runs r
     WHERE r.integration_count <> (SELECT COUNT(*) FROM run_integrations i WHERE i.run_id = r.id)
        OR r.finding_count <> (SELECT COUNT(*) FROM findings f WHERE f.run_id = r.id)`,
  );
  expect(incomplete).toEqual([]);
  const store = await openStore(db);
  try {
    const runs = await store.listRuns();
    for (const summary of runs) {
      const seed = Number(/^seed (\d+)$/.exec(summary.source)?.[1]);
      const expected = sampleRun(summary.orgKey, seed, size);
      const stored = await store.loadRun(summary.id);
      expect(stored?.integrations).toStrictEqual(expected.integrations);
      expect(stored?.findings).toStrictEqual(expected.findings);
    }
    return runs.map((r) => r.id);
  } finally {
    await store.close();
  }
}

describe('SQLite store under concurrent and killed writers', () => {
  it('two processes recording 50 runs each into one new file: 100 complete runs', async () => {
    const db = join(tempDir('rg-conc-'), 'fresh', 'history.db');
    // Both open the new file at once, then start together; each run holds its transaction 10 ms,
    // so the two overlap and one waits for the other's lock.
    const a = startWriter(db, 'org-a', 50, 1, 6, 10, true);
    const b = startWriter(db, 'org-b', 50, 1001, 6, 10, true);
    await Promise.all([a.ready, b.ready]);
    a.child.stdin?.write('go\n');
    b.child.stdin?.write('go\n');
    const codes = await Promise.all([a.exited, b.exited]);
    expect(codes, `${a.stderr()}\n${b.stderr()}`).toEqual([0, 0]);
    const ids = await checkStore(db, 6);
    expect(ids).toHaveLength(100);
    expect(new Set(ids)).toEqual(new Set([...a.committed.keys(), ...b.committed.keys()]));
    expect(
      sqliteQuery(db, 'SELECT org_key, COUNT(*) AS n FROM runs GROUP BY org_key ORDER BY org_key'),
    ).toEqual([
      { org_key: 'org-a', n: 50 },
      { org_key: 'org-b', n: 50 },
    ]);
  }, 120_000);

  it('SIGKILL at random moments and inside a transaction: every committed run survives whole, no partial run', async () => {
    const db = join(tempDir('rg-kill-'), 'history.db');
    const size = 40;
    const committed = new Map<number, number>();
    let killedInside = 0;
    for (let round = 0; round < 6; round++) {
      // Even rounds: killed the moment a run's rows are written and its transaction is still open.
      // Odd rounds: killed after a random delay, wherever the writer is.
      const mid = round % 2 === 0;
      const writer = startWriter(db, 'org', 10_000, round * 10_000 + 1, size, mid ? 2_000 : 0);
      let rolledBack: number | undefined;
      if (mid) {
        rolledBack = await writer.inside;
        killedInside++;
      } else {
        await writer.inside;
        await sleep(50 + Math.floor(Math.random() * 400));
      }
      writer.child.kill('SIGKILL');
      expect(await writer.exited, writer.stderr()).toBeNull();
      for (const [id, seed] of writer.committed) committed.set(id, seed);
      const ids = await checkStore(db, size);
      // Durable: everything the writer saw committed is there; atomic: the open run is not. At most
      // one more run: committed, and killed before it could say so (checkStore found it whole).
      for (const id of committed.keys()) expect(ids).toContain(id);
      const unreported = ids.filter((id) => !committed.has(id));
      expect(unreported.length).toBeLessThanOrEqual(1);
      for (const id of unreported) committed.set(id, -1);
      if (rolledBack !== undefined) expect(ids).not.toContain(rolledBack);
    }
    expect(killedInside).toBe(3);
    expect(committed.size).toBeGreaterThan(0);
  }, 180_000);
});
