// Opening the history store (docs/adr/0017-history-store.md): a file path is SQLite, a
// postgres:// URL is PostgreSQL, anything else is refused before anything is written.

import { redactUrl, StoreError } from './errors.js';
import { openPostgres } from './postgres.js';
import { storeOver, type StoreOptions } from './repository.js';
import { openSqlite } from './sqlite.js';
import type { HistoryStore } from './types.js';

export { StoreError, redactUrl } from './errors.js';
export type { StoreOptions } from './repository.js';
export type * from './types.js';

/** Where `monitor` keeps its history when `--db` is not given. */
export const DEFAULT_DB = '.runas-guard/history.db';

export async function openStore(db: string, options: StoreOptions = {}): Promise<HistoryStore> {
  if (db.trim() === '') throw new StoreError('history store: --db is empty');
  if (/^postgres(ql)?:\/\//i.test(db)) {
    const location = redactUrl(db);
    return storeOver(await openPostgres(db), location, options);
  }
  const scheme = /^([a-z][a-z\d+.-]+):\/\//i.exec(db)?.[1];
  if (scheme !== undefined) {
    throw new StoreError(
      `history store ${redactUrl(db)}: unsupported scheme ${scheme}: (a file path for SQLite, or postgres:// or postgresql://)`,
    );
  }
  const sqlite = openSqlite(db);
  return storeOver(sqlite, sqlite.location, options);
}
