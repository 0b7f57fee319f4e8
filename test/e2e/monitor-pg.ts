// A fresh PostgreSQL database for one monitor e2e test, dropped after it. The server is
// RUNAS_GUARD_TEST_PG_URL (default: the role .ci/run creates on 127.0.0.1:5432). Unreachable: the
// test skips with the reason, except under CI=true, where it fails.

import { randomBytes } from 'node:crypto';

import pg from 'pg';

const DEFAULT_URL = 'postgres://runas_guard:runas_guard@127.0.0.1:5432/postgres';

export interface PgDatabase {
  /** The new database's URL; undefined when the server cannot be reached (see `reason`). */
  url?: string;
  reason: string;
  drop(): Promise<void>;
}

export async function pgDatabase(): Promise<PgDatabase> {
  const base = process.env.RUNAS_GUARD_TEST_PG_URL ?? DEFAULT_URL;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    const where = new URL(base).host;
    const reason = `PostgreSQL at ${where} is unreachable (${(error as Error).message}); set RUNAS_GUARD_TEST_PG_URL`;
    if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
    await admin.end().catch(() => undefined);
    return { reason, drop: () => Promise.resolve() };
  }
  const name = `rg_monitor_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    reason: '',
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
