// Files and flags through the real CLI (docs/adr/0008-files-and-inputs.md): outputs only to
// regular files (a symbolic link written through), inputs only from regular files within a cap and
// never blocking, `--now` only a real ISO-8601 instant, unknown commands and options exit 2.

import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { baseSnapshot } from '../helpers/snapshot-builder.js';
import { type CliResult, firstLine, spawnCli } from '../helpers/cli.js';
import { NORTHWIND } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

// Scanned for secrets and removed after the file by the suite-wide guard.
const dir = tempDir('rg-files-cli-');
const snapshotFile = join(dir, 'snapshot.json');
writeFileSync(snapshotFile, JSON.stringify(baseSnapshot()));
const fifo = join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);

/** Runs the CLI; a run still alive after `limitMs` is killed and reported as `code: null`. */
function run(args: string[], env: NodeJS.ProcessEnv = {}, limitMs = 20_000): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const audit = (...args: string[]): Promise<CliResult> =>
  run(['audit', '--snapshot', snapshotFile, ...args]);

describe('audit outputs go to regular files only', () => {
  it('--save-snapshot through a symbolic link writes its target and keeps the link', async () => {
    const target = join(dir, 'saved.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'saved-link.json');
    symlinkSync('saved.json', link);
    const result = await audit('--save-snapshot', link);
    expect([0, 1]).toContain(result.code);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('saved.json');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('--save-snapshot onto a FIFO is refused with exit 2, and the FIFO stays a FIFO', async () => {
    const result = await audit('--save-snapshot', fifo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `runas-guard: --save-snapshot: ${fifo}: is a named pipe (FIFO), not a regular file: refusing to write to it\n`,
    );
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('--save-snapshot onto /dev/full is refused with exit 2, the device untouched', async () => {
    const result = await audit('--save-snapshot', '/dev/full');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--save-snapshot: /dev/full: is a character device');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});

describe('inputs are regular files, read without blocking', () => {
  it('a FIFO as --snapshot or --manifest is refused at once with exit 2 (it used to hang)', async () => {
    const snapshot = await run(['audit', '--snapshot', fifo]);
    expect(snapshot.code).toBe(2);
    expect(snapshot.stderr).toBe(
      `runas-guard: --snapshot: ${fifo}: is a named pipe (FIFO), not a regular file\n`,
    );
    const manifest = await audit('--manifest', fifo);
    expect(manifest.code).toBe(2);
    expect(manifest.stderr).toContain(`${fifo}: is a named pipe (FIFO), not a regular file`);
  });

  it('/dev/zero as --snapshot is refused without reading it (it used to read hundreds of MB)', async () => {
    const snapshot = await run(['audit', '--snapshot', '/dev/zero']);
    expect(snapshot.code).toBe(2);
    expect(snapshot.stderr).toContain('--snapshot: /dev/zero: is a character device');
  });
});

describe('--now takes only a valid ISO-8601 instant', () => {
  it('2026-02-30 and 0 are exit 2 with a message (they used to become March 2 and the year 2000)', async () => {
    for (const [value, message] of [
      ['2026-02-30', 'a date alone has no time and zone'],
      ['0', 'not an ISO-8601 instant: "0"'],
    ] as const) {
      const result = await audit('--now', value);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('unknown commands and options', () => {
  it('are exit 2 with a message, even with --help (it used to print the help and exit 0)', async () => {
    const result = await run(['frobnicate', '--help']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stdout).toBe('');
    const option = await run(['audit', '--nope']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--nope'");
    const version = await run(['--version']);
    expect(version.code).toBe(0);
  });
});

describe('probe --output', () => {
  it('onto a FIFO is refused with exit 2 before anything is sent', async () => {
    const result = await run(
      ['probe', '--app', 'Billing', '--snapshot', snapshotFile, '--output', fifo],
      { PROBE_SECRET: 'not-used' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--output: ${fifo}: is a named pipe (FIFO)`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('emulator --token-file', () => {
  it('onto a FIFO is exit 2 and the process ends (no listener left open)', async () => {
    const result = await run(['emulator', '--org', NORTHWIND, '--token-file', fifo, '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--token-file: ${fifo}: is a named pipe (FIFO)`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('through a symbolic link writes the token to its target, mode 0600, the link kept', async () => {
    const target = join(dir, 'token');
    const link = join(dir, 'token-link');
    symlinkSync(target, link);
    const child = spawnCli(['emulator', '--org', NORTHWIND, '--token-file', link, '--quiet']);
    try {
      const ready = JSON.parse(await firstLine(child)) as Record<string, string>;
      expect(ready.accessToken).toBeUndefined();
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(target, 'utf8')).toMatch(/^00D\w{12}!AQ/);
      expect(statSync(target).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('logs every answered request on stderr before exiting on SIGTERM', async () => {
    const child = spawnCli(['emulator', '--org', NORTHWIND]);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = JSON.parse(await firstLine(child)) as Record<string, string>;
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Answered, then the signal at once: no log tick in between.
    const answer = await fetch(`${String(ready.instanceUrl)}/services/data/last-request-marker`);
    await answer.arrayBuffer();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('/services/data/last-request-marker');
  });
});
