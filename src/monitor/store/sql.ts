// The repository layer's port: the few operations the store's queries need, implemented once per
// back end (sqlite.ts, postgres.ts). Queries are written once, with `?` placeholders; the PostgreSQL
// adapter numbers them. Booleans go in as JS booleans and come back as 0/1 (SQLite) or booleans.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Dialect = 'sqlite' | 'postgres';

export interface Tx {
  /** Rows of a query (a statement with RETURNING included); [] for a statement without rows. */
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Tx {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction, committed when it resolves and rolled back when it throws. With
   * `lockKey` the transaction first holds the lock of that key (PostgreSQL: an advisory lock; SQLite
   * locks the whole database for every write transaction anyway).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, lockKey?: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * A parameter as both back ends store it: undefined is NULL, and NUL characters (which PostgreSQL's
 * text cannot hold) become U+FFFD in both, so hostile text from an org is stored alike everywhere.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string')
    return value.includes('\0') ? value.replace(/\0/g, '\uFFFD') : value;
  return value ?? null;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `migrations/` at the package root: the same path from `src/monitor/store/` and `dist/monitor/store/`. */
const MIGRATIONS = new URL('../../../migrations/', import.meta.url);

/** The plain SQL migrations of a back end, `NNNN-name.sql`, in order; numbered 1, 2, 3, ... */
export function migrationsOf(dialect: Dialect): Migration[] {
  const dir = fileURLToPath(new URL(`${dialect}/`, MIGRATIONS));
  const list = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file, index) => {
      const match = /^(\d{4})-([\w-]+)\.sql$/.exec(file);
      const version = Number(match?.[1]);
      if (match === null || version !== index + 1) {
        throw new Error(
          `migration ${dir}${file}: expected ${String(index + 1).padStart(4, '0')}-name.sql`,
        );
      }
      return { version, name: match[2] ?? '', sql: readFileSync(`${dir}${file}`, 'utf8') };
    });
  return list;
}

/** `INSERT INTO table (cols) VALUES (?, ...), (?, ...)` in chunks that stay under every parameter limit. */
export async function insertMany(
  tx: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): Promise<void> {
  const perChunk = Math.max(1, Math.floor(900 / columns.length));
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    await tx.all(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}${suffix}`,
      chunk.flat(),
    );
  }
}
