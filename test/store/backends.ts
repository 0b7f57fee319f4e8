// The two back ends the store's tests run against: each gives a fresh store location and raw SQL on
// it (to look under the store, as an operator with sqlite3 or psql would).

import { join } from 'node:path';

import Database from 'better-sqlite3';

import { tempDir } from '../helpers/guard.js';
import { pgServer, type PgServer } from '../helpers/pg.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why this back end's tests are skipped. */
  skip?: string;
  /** A location no store has used yet: a file path or a database URL. */
  fresh(): Promise<string>;
  /** Raw SQL on a location (`?` placeholders on SQLite, `$1` on PostgreSQL). */
  query<T = Record<string, unknown>>(db: string, sql: string, params?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

export function sqliteQuery<T>(file: string, sql: string, params: unknown[] = []): T[] {
  const db = new Database(file);
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  } finally {
    db.close();
  }
}

export async function backends(): Promise<{ backends: Backend[]; server: PgServer }> {
  const dir = tempDir('rg-store-');
  let n = 0;
  const server = await pgServer();
  const sqlite: Backend = {
    name: 'sqlite',
    fresh: () => Promise.resolve(join(dir, `store-${++n}`, 'history.db')),
    query: <T>(db: string, sql: string, params?: unknown[]) =>
      Promise.resolve(sqliteQuery<T>(db, sql, params)),
    cleanup: () => Promise.resolve(),
  };
  const postgres: Backend = {
    name: 'postgres',
    ...(server.skipReason === undefined ? {} : { skip: server.skipReason }),
    fresh: () => server.createSchema(),
    query: (db, sql, params) => server.query(db, sql, params),
    cleanup: () => server.dropAll(),
  };
  return { backends: [sqlite, postgres], server };
}
