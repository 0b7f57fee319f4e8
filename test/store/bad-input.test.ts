// What is not a history store is refused with a StoreError (exit 2) naming it, and left exactly as
// it was; a URL's password never appears in a message (docs/adr/0017-history-store.md).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { openStore, redactUrl, StoreError } from '../../src/monitor/store/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/guard.js';
import { PG_URL, pgServer } from '../helpers/pg.js';

const server = await pgServer();
afterAll(() => server.dropAll(), 60_000);

async function refusal(db: string): Promise<StoreError> {
  try {
    const store = await openStore(db);
    await store.close();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).exitCode).toBe(2);
    return error as StoreError;
  }
  throw new Error(`expected ${db} to be refused`);
}

function fingerprint(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('SQLite: what is not a store', () => {
  it('refuses a text file, untouched', async () => {
    const file = join(tempDir('rg-bad-'), 'notes.txt');
    writeFileSync(file, 'not a database\n'.repeat(100));
    const before = fingerprint(file);
    const error = await refusal(file);
    expect(error.message).toBe(
      `history store ${file}: not a runas-guard history store (not an SQLite database); name another file with --db`,
    );
    expect(fingerprint(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file with an SQLite header and garbage after it', async () => {
    const file = join(tempDir('rg-bad-'), 'broken.db');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096, 0xab)]),
    );
    const error = await refusal(file);
    expect(error.message).toMatch(new RegExp(`^history store ${file}: `));
  });

  it("refuses somebody else's SQLite database without adding a table or switching it to WAL", async () => {
    const file = join(tempDir('rg-bad-'), 'crm.db');
    const other = new Database(file);
    other.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Acme')",
    );
    other.close();
    const before = fingerprint(file);
    const error = await refusal(file);
    expect(error.message).toBe(
      `history store ${file}: an SQLite database but not a runas-guard history store (tables customers); name another file with --db`,
    );
    expect(fingerprint(file)).toBe(before);
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([
      { name: 'customers' },
    ]);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(after.pragma('application_id', { simple: true })).toBe(0);
    after.close();
  });

  it('refuses an empty SQLite database that another application marked as its own', async () => {
    const file = join(tempDir('rg-bad-'), 'marked.db');
    const other = new Database(file);
    other.pragma('application_id = 1234');
    other.close();
    expect((await refusal(file)).message).toContain(
      'not a runas-guard history store (application id 1234)',
    );
  });

  it('refuses a directory and a path below a file', async () => {
    const dir = tempDir('rg-bad-');
    expect((await refusal(dir)).message).toBe(`history store ${dir}: not a file`);
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    const below = join(file, 'history.db');
    expect((await refusal(below)).message).toBe(
      `history store ${below}: cannot create its folder ${file}: EEXIST`,
    );
  });

  it('creates a new store owner-only, and takes an empty file as a new store', async () => {
    const dir = tempDir('rg-new-');
    const file = join(dir, '.runas-guard', 'history.db');
    const store = await openStore(file);
    expect(store.location).toBe(file);
    await store.close();
    expect(statSync(join(dir, '.runas-guard')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const again = await openStore(empty);
    expect(await again.listRuns()).toEqual([]);
    await again.close();
  });

  it('names the store in a CLI error and exits 2', async () => {
    const file = join(tempDir('rg-bad-'), 'notes.txt');
    writeFileSync(file, 'hello');
    const result = await runCli(['monitor', 'history', '--db', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`history store ${file}: not a runas-guard history store`);
  });
});

describe('other schemes and empty names', () => {
  it('refuses a scheme that is not PostgreSQL, the password hidden', async () => {
    const error = await refusal('mysql://root:hunter2hunter2@db.example/x');
    expect(error.message).toBe(
      'history store mysql://root:***@db.example/x: unsupported scheme mysql: (a file path for SQLite, or postgres:// or postgresql://)',
    );
    expect((await refusal('file:///tmp/history.db')).message).toContain('unsupported scheme file:');
    expect((await refusal('  ')).message).toBe('history store: --db is empty');
  });

  it('redacts passwords of URLs, in the authority and as a parameter', () => {
    expect(redactUrl('postgres://u:p%40ss@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('postgresql://u@h/db?password=abc123&sslmode=require')).toBe(
      'postgresql://u@h/db?password=***&sslmode=require',
    );
    expect(redactUrl('postgres://u:se cret@[bad')).toBe('postgres://u:***@[bad');
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});

describe('PostgreSQL: what is not a store', () => {
  it('refuses an unreachable server, the password never shown', async () => {
    const error = await refusal('postgres://runas_guard:Sup3rSecretPw@127.0.0.1:1/postgres');
    expect(error.message).toMatch(
      /^history store postgres:\/\/runas_guard:\*\*\*@127\.0\.0\.1:1\/postgres: .*ECONNREFUSED/,
    );
    expect(error.message).not.toContain('Sup3rSecretPw');
    const param = await refusal(
      'postgresql://runas_guard@127.0.0.1:1/postgres?password=QuerySecret1',
    );
    expect(param.message).toContain('password=***');
    expect(param.message).not.toContain('QuerySecret1');
  });

  const live = server.skipReason === undefined ? it : it.skip;
  const reason = server.skipReason === undefined ? '' : ` (skipped: ${server.skipReason})`;

  live(
    `refuses a wrong password and a missing database, naming them without the password${reason}`,
    async () => {
      const url = new URL(await server.createDatabase('bad'));
      url.password = 'WrongPassw0rd';
      const wrong = await refusal(url.toString());
      expect(wrong.message).toContain('password authentication failed');
      expect(wrong.message).not.toContain('WrongPassw0rd');
      url.password = new URL(PG_URL).password;
      url.pathname = '/rg_no_such_database';
      const missing = await refusal(url.toString());
      expect(missing.message).toContain('database "rg_no_such_database" does not exist');
      expect(missing.message).toContain(':***@');
    },
  );

  live(
    `refuses a database whose tables are named like ours but are not a store, adding nothing${reason}`,
    async () => {
      const url = await server.createSchema();
      await server.query(url, 'CREATE TABLE runs (id integer primary key, started timestamptz)');
      const error = await refusal(url);
      expect(error.message).toMatch(
        /the database has tables runs but is not a runas-guard history store/,
      );
      expect(error.message).not.toContain(`:${new URL(PG_URL).password}@`);
      const tables = await server.query<{ table_name: string }>(
        url,
        'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()',
      );
      expect(tables.map((t) => t.table_name)).toEqual(['runs']);
    },
  );

  live(`shares a database with unrelated tables${reason}`, async () => {
    const url = await server.createSchema();
    await server.query(url, 'CREATE TABLE invoices (id integer primary key)');
    const store = await openStore(url);
    expect(store.kind).toBe('postgres');
    expect(store.location).not.toContain(`:${new URL(PG_URL).password}@`);
    expect(store.location).toContain(':***@');
    await store.close();
  });
});
