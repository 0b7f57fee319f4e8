// The migrations of both back ends describe one schema (docs/adr/0017-history-store.md): the same
// versions, tables and columns, and the package ships them where the built code reads them.

import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { openStore, StoreError } from '../../src/monitor/store/index.js';
import { migrationsOf } from '../../src/monitor/store/sql.js';
import { tempDir } from '../helpers/guard.js';
import { pgServer } from '../helpers/pg.js';

import { sqliteQuery } from './backends.js';

const ROOT = join(import.meta.dirname, '../..');
const server = await pgServer();
afterAll(() => server.dropAll(), 60_000);

describe('the migrations', () => {
  it('come in pairs: the same versions and names for SQLite and PostgreSQL', () => {
    const sqlite = migrationsOf('sqlite').map((m) => [m.version, m.name]);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationsOf('postgres').map((m) => [m.version, m.name])).toEqual(sqlite);
  });

  it('are in the package, next to the built code that reads them', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
    const paths = (pack?.files ?? []).map((f) => f.path);
    for (const dialect of ['sqlite', 'postgres'] as const) {
      for (const m of migrationsOf(dialect)) {
        expect(paths).toContain(
          `migrations/${dialect}/${String(m.version).padStart(4, '0')}-${m.name}.sql`,
        );
      }
    }
  });

  const live = server.skipReason === undefined ? it : it.skip;
  live(
    `create the same tables and columns on both back ends${server.skipReason === undefined ? '' : ` (skipped: ${server.skipReason})`}`,
    async () => {
      const file = join(tempDir('rg-mig-'), 'history.db');
      const url = await server.createSchema();
      for (const db of [file, url]) await (await openStore(db)).close();
      const sqliteColumns = sqliteQuery<{ name: string }>(
        file,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      ).flatMap((t) =>
        sqliteQuery<{ name: string }>(file, `PRAGMA table_info(${t.name})`).map(
          (c) => `${t.name}.${c.name}`,
        ),
      );
      const pgColumns = (
        await server.query<{ c: string }>(
          url,
          `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
           WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
        )
      ).map((r) => r.c);
      expect(pgColumns.sort()).toEqual(sqliteColumns.sort());
      expect(sqliteColumns.length).toBeGreaterThan(50);
    },
  );
});

describe('a server that never answers', () => {
  let silent: Server | undefined;
  afterAll(() => silent?.close());

  it('ends in a StoreError, not a hang', async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const error = await openStore(`postgres://u:SilentSecret9@127.0.0.1:${port}/db`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(
      new RegExp(
        `^history store postgres://u:\\*\\*\\*@127\\.0\\.0\\.1:${port}/db: .*timeout`,
        'i',
      ),
    );
    expect((error as StoreError).message).not.toContain('SilentSecret9');
  }, 30_000);
});
