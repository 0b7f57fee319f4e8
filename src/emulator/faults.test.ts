// Fault rules are validated before the emulator listens: bad regular expressions, unknown fields and
// combinations that make no single answer are refused with the file, the rule index and the field.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  FaultInjector,
  FaultRuleSchema,
  loadFaultFile,
  MAX_FAULT_FILE_BYTES,
  parseFaultRules,
} from './faults.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-faults-'));

function faultFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function loadError(file: string): Promise<string> {
  try {
    await loadFaultFile(file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} was accepted`);
}

describe('loadFaultFile', () => {
  it('loads every documented field', async () => {
    const rules = [
      {
        method: 'GET',
        path: '/query$',
        query: 'FROM User',
        status: 500,
        errorCode: 'X',
        message: 'm',
      },
      { path: '/limits$', status: 200, body: 'plain', headers: { 'Content-Type': 'text/html' } },
      { path: '/query$', jsonBody: { records: 'x' }, times: 1, after: 2 },
      { path: '/query$', status: 302, location: 'http://127.0.0.1:9/elsewhere' },
      { path: '/query$', status: 307, location: '/services/data/v62.0/query?q=x' },
      {
        path: '/query$',
        headers: { Date: 'Thu, 01 Jan 1970 00:00:00 GMT', 'Content-Length': '3' },
      },
      { path: '/query$', stall: true },
      { path: '/query$', dripMs: 5, truncate: true, latencyMs: 10, expireSessions: true },
      { path: '/query$', hugeBodyBytes: 600_000_000, status: 200 },
      { path: '/query$', endlessPages: true, dripMs: 1 },
      { path: '/query$', drop: true },
      { path: '/Soap/m/', body: '<soapenv:Envelope/>' },
    ];
    expect(await loadFaultFile(faultFile('all.json', { faults: rules }))).toEqual(rules);
  });

  it('refuses an invalid regular expression, naming the file, the rule and the field', async () => {
    const file = faultFile('regex.json', {
      faults: [{ path: '/ok$' }, { path: '/query$', query: 'FROM (User' }, { path: '[' }],
    });
    const message = await loadError(file);
    expect(message).toContain(file);
    expect(message).toMatch(/faults\[1\]\.query: invalid regular expression/);
    expect(message).toMatch(/faults\[2\]\.path: invalid regular expression/);
    expect(message).not.toMatch(/faults\[0\]/);
  });

  it('refuses an unknown field by name', async () => {
    const message = await loadError(
      faultFile('unknown.json', { faults: [{ path: '/x', stauts: 500 }] }),
    );
    expect(message).toContain('faults[0].stauts: unknown field');
  });

  it.each([
    [{ path: '/x', location: '/y' }, 'faults[0].location: needs a redirect status'],
    [{ path: '/x', status: 200, location: '/y' }, 'faults[0].location: needs a redirect status'],
    [{ path: '/x', status: 302, location: 'http://[' }, 'faults[0].location: expected an absolute'],
    [
      { path: '/x', status: 302, location: '/y', headers: { location: '/z' } },
      'faults[0].headers: Location is set by location',
    ],
    [{ path: '/x', drop: true, status: 500 }, 'faults[0].status: cannot be combined with drop'],
    [{ path: '/x', stall: true, dripMs: 5 }, 'faults[0].dripMs: cannot be combined with stall'],
    [{ path: '/x', body: 'a', jsonBody: 1 }, 'faults[0].jsonBody: cannot be combined with body'],
    [
      { path: '/x', hugeBodyBytes: 10, truncate: true },
      'faults[0].truncate: cannot be combined with hugeBodyBytes',
    ],
    [
      { path: '/x', endlessPages: true, status: 200 },
      'faults[0].status: cannot be combined with endlessPages',
    ],
    [{ path: '/x', errorCode: 'E' }, 'faults[0].errorCode: needs a status'],
    [
      { path: '/x', headers: { 'Bad Name': 'v' } },
      'faults[0].headers.Bad Name: invalid header name',
    ],
    [
      { path: '/x', headers: { 'X-A': 'v\r\nX-B: w' } },
      'faults[0].headers.X-A: invalid header value',
    ],
    [{ path: '/x', method: 'GET /' }, 'faults[0].method: expected an HTTP method'],
    [{ path: '/x', dripMs: 0 }, 'faults[0].dripMs:'],
    [{ path: '/x', status: 700 }, 'faults[0].status:'],
    [{ path: '/x', status: 101 }, 'faults[0].status:'],
  ])('refuses %j', async (rule, expected) => {
    const file = faultFile('combo.json', { faults: [rule] });
    const message = await loadError(file);
    expect(message).toContain(file);
    expect(message).toContain(expected);
  });

  it('refuses malformed JSON and a file without the faults list', async () => {
    expect(await loadError(faultFile('bad.json', '{"faults": ['))).toMatch(
      /bad\.json: invalid JSON/,
    );
    expect(await loadError(faultFile('list.json', []))).toMatch(/list\.json: invalid fault file/);
  });

  it('refuses a directory, a FIFO (without waiting for a writer) and an oversized file', async () => {
    expect(await loadError(dir)).toContain('not a regular file');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await loadError(fifo)).toContain('not a regular file');
    const big = faultFile('big.json', `{"faults": []}${' '.repeat(MAX_FAULT_FILE_BYTES)}`);
    expect(await loadError(big)).toContain(`larger than ${MAX_FAULT_FILE_BYTES} bytes`);
    expect(await loadError(join(dir, 'missing.json'))).toContain('no such file');
  });

  it('reads a regular file through a symlink', async () => {
    const target = faultFile('target.json', { faults: [{ path: '/x', drop: true }] });
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect(await loadFaultFile(link)).toEqual([{ path: '/x', drop: true }]);
  });
});

describe('FaultInjector', () => {
  it('refuses invalid rules given in code before anything listens', () => {
    expect(() => new FaultInjector([{ path: '(' }])).toThrow(/faults\[0\]\.path: invalid regular/);
    expect(() => parseFaultRules([{ path: '/x', stall: true, status: 500 }], 'test')).toThrow(
      /^test: invalid fault rules\nfaults\[0\]\.status: cannot be combined with stall/,
    );
  });

  it('matches method, path and query, and counts after and times', () => {
    const injector = new FaultInjector([
      { method: 'get', path: '/query$', query: 'from user', after: 1, times: 2, status: 500 },
      { path: '/query$', status: 503 },
    ]);
    const hits = [1, 2, 3, 4].map(
      (_, i) =>
        injector.match('GET', '/services/data/v62.0/query', `?q=SELECT Id FROM User ${i}`)?.index,
    );
    expect(hits).toEqual([1, 0, 0, 1]);
    expect(injector.match('POST', '/services/data/v62.0/query', '?q=FROM User')?.index).toBe(1);
    expect(injector.match('GET', '/services/data/v62.0/limits', '')).toBeUndefined();
    expect(injector.matched).toEqual([4, 3]);
  });

  it('exports a schema a generator can walk', () => {
    expect(FaultRuleSchema.safeParse({ path: '/x', jsonBody: [1, null, 'a'] }).success).toBe(true);
    expect(FaultRuleSchema.safeParse({ path: '/x', jsonBody: () => 1 }).success).toBe(false);
  });
});
