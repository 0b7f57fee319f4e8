// The CLI's usage contract in process: unknown commands, `--now`, and outputs that are not regular
// files, each an exit 2 with one message (the spawned CLI is covered in test/e2e/files-cli.test.ts).

import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { baseSnapshot } from '../analyze/testing/snapshot-builder.js';
import { main, unknownCommandOf } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-main-'));
const snapshotFile = join(dir, 'snapshot.json');
writeFileSync(snapshotFile, JSON.stringify(baseSnapshot()));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  // Commands set process.exitCode; it must not leak into the next run or the test process.
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** Runs main() with stdout and stderr captured. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

describe('unknownCommandOf', () => {
  const program = new Command('x');
  program.command('audit').alias('a');
  program.command('rules');

  it('finds the first operand that names no command, help NAME included', () => {
    expect(unknownCommandOf(program, ['frobnicate', '--help'])).toBe('frobnicate');
    expect(unknownCommandOf(program, ['--help', 'frobnicate'])).toBe('frobnicate');
    expect(unknownCommandOf(program, ['help', 'nope'])).toBe('nope');
    expect(unknownCommandOf(program, ['audit', 'extra'])).toBeUndefined();
    expect(unknownCommandOf(program, ['a', '--now', 'x'])).toBeUndefined();
    expect(unknownCommandOf(program, ['help', 'rules'])).toBeUndefined();
    expect(unknownCommandOf(program, ['help'])).toBeUndefined();
    expect(unknownCommandOf(program, ['--version'])).toBeUndefined();
    expect(unknownCommandOf(program, [])).toBeUndefined();
    expect(unknownCommandOf(program, ['--', 'frobnicate'])).toBeUndefined();
  });
});

describe('main: unknown commands and options', () => {
  it('an unknown command is exit 2 with a message, with or without --help', async () => {
    for (const argv of [['frobnicate'], ['frobnicate', '--help'], ['--help', 'frobnicate']]) {
      const result = await cli(...argv);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(
        /^runas-guard: unknown command "frobnicate"; commands: emulator, audit, /,
      );
    }
    expect((await cli('audti')).stderr).toContain('(did you mean audit?)');
  });

  it('an unknown option or a surplus argument is exit 2; help and version are exit 0', async () => {
    expect((await cli('audit', '--nope')).code).toBe(2);
    expect((await cli('rules', '--nope')).code).toBe(2);
    expect((await cli('audit', 'surplus')).code).toBe(2);
    for (const argv of [['--help'], ['--version'], ['audit', '--help'], ['help', 'audit']]) {
      const result = await cli(...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toBe('');
    }
  });
});

describe('main: emulator --port', () => {
  it('takes only a decimal port number', async () => {
    for (const port of ['', '0x50', '1e3', '-1', '65536', ' 80']) {
      const result = await cli('emulator', '--org', dir, '--port', port);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--port: expected a port number');
    }
  });
});

describe('main: --now', () => {
  it('is exit 2 unless a valid ISO-8601 instant, before any source is read', async () => {
    for (const value of ['2026-02-30', '2026-02-30T00:00:00Z', '0', '2026-11-25T12:00:00']) {
      const result = await cli('audit', '--snapshot', join(dir, 'missing.json'), '--now', value);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^runas-guard: --now: not (an ISO-8601|a valid) instant: /);
    }
    const ok = await cli('audit', '--snapshot', snapshotFile, '--now', '2026-11-25T12:00:00Z');
    expect(ok.stderr).toBe('');
    expect([0, 1]).toContain(ok.code);
  });
});

describe('main: audit outputs', () => {
  it('--output onto a directory, into a missing directory, or through a link to a device is exit 2', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const link = join(dir, 'to-null');
    symlinkSync('/dev/null', link);
    for (const [path, reason] of [
      [folder, `--output: ${folder}: is a directory, not a regular file`],
      [join(dir, 'none', 'r.txt'), `the directory ${join(dir, 'none')} does not exist`],
      [link, '(the link leads to /dev/null)'],
    ] as const) {
      const result = await cli('audit', '--snapshot', snapshotFile, '--output', path);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(reason);
    }
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('--output through a link writes the target and keeps the link', async () => {
    const target = join(dir, 'report.json');
    const link = join(dir, 'report-link.json');
    symlinkSync('report.json', link);
    const result = await cli(
      'audit',
      '--snapshot',
      snapshotFile,
      '--format',
      'json',
      '--output',
      link,
    );
    expect([0, 1]).toContain(result.code);
    expect(result.stdout).toBe('');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('findings');
  });
});
