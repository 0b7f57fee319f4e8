// The SQLite back end (docs/adr/0017-history-store.md): one better-sqlite3 connection, WAL,
// synchronous=FULL, foreign keys on, a busy timeout for a second writer. A file is checked before
// anything is written to it: a text file or somebody else's database is refused untouched.

import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import Database from 'better-sqlite3';

import { StoreError, cleanMessage } from './errors.js';
import { migrationsOf, storable, type Db, type Tx } from './sql.js';

/** `PRAGMA application_id` of a runas-guard store: "RGH1" (runas-guard history). */
export const APPLICATION_ID = 0x52474831;
/** How long a writer waits for another one's transaction before giving up. */
const BUSY_TIMEOUT_MS = 15_000;
const SQLITE_HEADER = 'SQLite format 3\0';
const MAX_STATEMENTS = 256;

function header(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const read = readSync(fd, buffer, 0, 16, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Creates the file (and its folder) owner-only; false when it was there already. */
function prepareFile(path: string): boolean {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    stat = undefined;
  }
  if (stat !== undefined) {
    if (!stat.isFile()) throw new StoreError(`history store ${path}: not a file`);
    if (stat.size > 0 && header(path) !== SQLITE_HEADER) {
      throw new StoreError(
        `history store ${path}: not a runas-guard history store (not an SQLite database); name another file with --db`,
      );
    }
    return false;
  }
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new StoreError(
      `history store ${path}: cannot create its folder ${dirname(path)}: ${typeof code === 'string' ? code : cleanMessage(error, [])}`,
    );
  }
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    // Another process created it first (two writers starting on a new store): it is theirs.
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  }
  return true;
}

function toParam(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  return storable(value);
}

class SqliteDb implements Db {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Database.Statement>();
  /** One connection: operations of this process take turns, a transaction is never interleaved. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly tx: Tx = { all: (sql, params) => Promise.resolve(this.exec(sql, params)) };

  constructor(
    readonly db: Database.Database,
    /** The absolute path, for messages. */
    readonly location: string,
  ) {}

  private exec<T>(sql: string, params: readonly unknown[] = []): T[] {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      // Chunked inserts and id lists vary in length: a long watch must not keep every variant.
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    const bound = params.map(toParam);
    if (statement.reader) return statement.all(...bound) as T[];
    statement.run(...bound);
    return [];
  }

  private turn<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.turn(() => Promise.resolve(this.exec<T>(sql, params)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.turn(async () => {
      // IMMEDIATE: the write lock at the start, so a second writer waits (busy timeout) instead of
      // failing at its first write.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.tx);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.turn(() => {
      if (this.db.open) this.db.close();
      return Promise.resolve();
    });
  }
}

function tablesOf(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** Applies the pending migrations, each in its own transaction; refuses a newer schema. */
function migrate(db: Database.Database, path: string): void {
  const migrations = migrationsOf('sqlite');
  const known = migrations.length;
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    try {
      // Read under the write lock: another process may have migrated since we looked.
      const version = tablesOf(db).includes('schema_migrations')
        ? ((
            db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
              v: number | null;
            }
          ).v ?? 0)
        : 0;
      if (version > known) {
        throw new StoreError(
          `history store ${path}: schema version ${version} is newer than this runas-guard knows (${known}); upgrade runas-guard`,
        );
      }
      const next = migrations[version];
      if (next === undefined) {
        db.exec('COMMIT');
        return;
      }
      db.exec(next.sql);
      if (next.version === 1) {
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.prepare(
          "INSERT INTO runas_guard_meta (key, value) VALUES ('application', 'runas-guard')",
        ).run();
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        next.version,
        next.name,
        new Date().toISOString(),
      );
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

export function openSqlite(file: string): Db & { location: string } {
  const memory = file === ':memory:';
  const path = memory ? file : resolve(file);
  let created = false;
  let db: Database.Database | undefined;
  try {
    if (!memory) created = prepareFile(path);
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    // Inspect before writing anything: an empty database is new, one with our application id is
    // ours, anything else belongs to somebody else and stays as it is.
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const tables = tablesOf(db);
    if (applicationId !== APPLICATION_ID && (applicationId !== 0 || tables.length > 0)) {
      const what =
        tables.length > 0
          ? `tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', ...' : ''}`
          : `application id ${applicationId}`;
      throw new StoreError(
        `history store ${path}: an SQLite database but not a runas-guard history store (${what}); name another file with --db`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return new SqliteDb(db, path);
  } catch (error) {
    if (db?.open === true) db.close();
    // A file this call created holds nothing worth keeping.
    if (created)
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'SQLITE_NOTADB'
        ? 'not a runas-guard history store (not an SQLite database)'
        : cleanMessage(error, []);
    throw new StoreError(`history store ${path}: ${reason}`, { cause: error });
  }
}
