// The PostgreSQL back end (docs/adr/0017-history-store.md): a small pg Pool; each transaction on
// one client; a run holds an advisory lock of its org for its transaction, so two workers never
// record one org at once and workers on different orgs never wait for each other.

import { createHash } from 'node:crypto';

import pg from 'pg';

import { StoreError, cleanMessage, passwordsOf, redactUrl } from './errors.js';
import { migrationsOf, storable, type Db, type Tx } from './sql.js';

/**
 * Advisory lock keys. An org's lock is the two-key form (LOCK_CLASS, 32-bit hash of the org key):
 * the class keeps our locks apart from other applications' on a shared server, and two orgs whose
 * hashes collide merely take turns. Migrations hold the one-key lock MIGRATION_LOCK (Postgres keeps
 * the one-key and two-key spaces apart).
 */
export const LOCK_CLASS = 0x52474831;
const MIGRATION_LOCK = '5928154663395541041';
const CONNECT_TIMEOUT_MS = 10_000;

/** The 32-bit signed key of an org's advisory lock: the first four bytes of SHA-256 of its key. */
export function orgLockKey(orgKey: string): number {
  return createHash('sha256').update(orgKey, 'utf8').digest().readInt32BE(0);
}

/** `?` placeholders numbered as PostgreSQL wants them (our queries hold no `?` in literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function txOf(client: pg.PoolClient): Tx {
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []): Promise<T[]> => {
      const result = await client.query(numbered(sql), params.map(storable));
      return result.rows as T[];
    },
  };
}

class PostgresDb implements Db {
  readonly dialect = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    const client = await this.pool.connect();
    try {
      return await txOf(client).all<T>(sql, params);
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>, lockKey?: string): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        if (lockKey !== undefined) {
          await client.query('SELECT pg_advisory_xact_lock($1, $2)', [
            LOCK_CLASS,
            orgLockKey(lockKey),
          ]);
        }
        const result = await fn(txOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollback) {
          broken = rollback as Error;
        }
        throw error;
      }
    } finally {
      // A client whose rollback failed is dropped, never reused with a transaction half open.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function migrate(db: PostgresDb, where: string): Promise<void> {
  const migrations = migrationsOf('postgres');
  const known = migrations.length;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      // One migrating worker at a time; the state is read under the lock.
      await tx.all(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      const [present] = await tx.all<Record<string, string | null>>(
        `SELECT to_regclass('runas_guard_meta')::text AS meta, to_regclass('schema_migrations')::text AS migrations,
                to_regclass('runs')::text AS runs, to_regclass('events')::text AS events, to_regclass('alerts')::text AS alerts`,
      );
      let version = 0;
      if (present?.meta == null) {
        const clash = ['migrations', 'runs', 'events', 'alerts'].filter(
          (k) => present?.[k] != null,
        );
        if (clash.length > 0) {
          throw new StoreError(
            `history store ${where}: the database has tables ${clash.map((k) => present?.[k]).join(', ')} but is not a runas-guard history store; name another database with --db`,
          );
        }
      } else {
        const [marker] = await tx.all<{ value: string }>(
          "SELECT value FROM runas_guard_meta WHERE key = 'application'",
        );
        if (marker?.value !== 'runas-guard') {
          throw new StoreError(`history store ${where}: not a runas-guard history store`);
        }
        const [row] = await tx.all<{ v: number | null }>(
          'SELECT MAX(version) AS v FROM schema_migrations',
        );
        version = row?.v ?? 0;
      }
      if (version > known) {
        throw new StoreError(
          `history store ${where}: schema version ${version} is newer than this runas-guard knows (${known}); upgrade runas-guard`,
        );
      }
      const next = migrations[version];
      if (next === undefined) return true;
      await tx.all(next.sql);
      if (next.version === 1) {
        await tx.all(
          "INSERT INTO runas_guard_meta (key, value) VALUES ('application', 'runas-guard')",
        );
      }
      await tx.all('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        next.version,
        next.name,
        new Date().toISOString(),
      ]);
      return false;
    });
    if (done) return;
  }
}

export async function openPostgres(url: string): Promise<Db> {
  const where = redactUrl(url);
  const secrets = passwordsOf(url);
  let pool: pg.Pool | undefined;
  try {
    pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'runas-guard',
    });
    // An idle client losing its connection is reported by the next query, not by a crash.
    pool.on('error', () => undefined);
    const db = new PostgresDb(pool);
    await migrate(db, where);
    return db;
  } catch (error) {
    await pool?.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`history store ${where}: ${cleanMessage(error, secrets)}`);
  }
}
