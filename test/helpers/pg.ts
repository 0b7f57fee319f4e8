// PostgreSQL for tests: the server is RUNAS_GUARD_TEST_PG_URL (default: the role .ci/run creates on
// 127.0.0.1:5432). Each test file creates fresh databases through that role and drops them after its
// tests. Unreachable: the tests skip with the reason, except under CI=true, where they fail.

import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const PG_URL =
  process.env.RUNAS_GUARD_TEST_PG_URL ??
  'postgres://runas_guard:runas_guard@127.0.0.1:5432/postgres';

export interface PgServer {
  /** Why the PostgreSQL tests are skipped; undefined when the server answers. */
  skipReason?: string;
  /** A new empty database (its URL); every one is dropped by `dropAll`. */
  createDatabase(label?: string): Promise<string>;
  /**
   * A new empty schema in this file's one database, as a URL whose connections use it (the
   * `search_path` option): a fresh store per test without a database each (they are slow to drop).
   */
  createSchema(): Promise<string>;
  /** Runs SQL on a database created here (or on the server's own database without `url`). */
  query<T = Record<string, unknown>>(
    url: string | undefined,
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  dropAll(): Promise<void>;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Probes the server once; throws under CI=true when it cannot be reached. */
export async function pgServer(): Promise<PgServer> {
  let skipReason: string | undefined;
  try {
    await withClient(PG_URL, (c) => c.query('SELECT 1'));
  } catch (error) {
    const host = new URL(PG_URL).host;
    skipReason = `PostgreSQL at ${host} is unreachable (${(error as Error).message}); set RUNAS_GUARD_TEST_PG_URL`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${skipReason}`);
  }
  const created: string[] = [];
  async function createDatabase(label = 'store'): Promise<string> {
    const name = `rg_${label.replace(/\W/g, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
    await withClient(PG_URL, (c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return url.toString();
  }
  let shared: Promise<string> | undefined;
  let schemas = 0;
  return {
    ...(skipReason === undefined ? {} : { skipReason }),
    createDatabase,
    async createSchema() {
      shared ??= createDatabase('store');
      const base = await shared;
      const schema = `s${++schemas}`;
      await withClient(base, (c) => c.query(`CREATE SCHEMA ${schema}`));
      const url = new URL(base);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
    query<T>(url: string | undefined, sql: string, params: unknown[] = []) {
      return withClient(url ?? PG_URL, async (c) => (await c.query(sql, params)).rows as T[]);
    },
    async dropAll() {
      if (created.length === 0) return;
      await withClient(PG_URL, async (c) => {
        for (const name of created.splice(0)) {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      });
    },
  };
}
