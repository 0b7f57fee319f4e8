import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  FileError,
  formatBytes,
  INPUT_CAPS,
  readRegularFile,
  readTextFile,
  resolveOutputTarget,
  writeFileAtomic,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-files-'));
const fifo = join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<FileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

/** A path that is a listening Unix socket, closed after the test. */
async function socketAt(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

describe('readRegularFile', () => {
  it('reads a regular file, and a link to one when links are followed', async () => {
    const file = join(dir, 'in.txt');
    writeFileSync(file, '\uFEFFhello');
    symlinkSync(file, join(dir, 'in-link.txt'));
    expect(await readTextFile(file, { maxBytes: 100 })).toBe('hello');
    expect(await readTextFile(join(dir, 'in-link.txt'), { maxBytes: 100 })).toBe('hello');
    expect((await readRegularFile(join(dir, 'in.txt'), { maxBytes: 8 })).length).toBe(8);
  });

  it('refuses a link when links are not followed (fixture files)', async () => {
    const error = await failure(
      readRegularFile(join(dir, 'in-link.txt'), { maxBytes: 100, followSymlinks: false }),
    );
    expect(error.code).toBe('FILE_NOT_REGULAR');
    expect(error.message).toMatch(/symbolic link/);
  });

  it('refuses a FIFO at once, without waiting for a writer', async () => {
    // A hang would be caught by the test's timeout; the old reader blocked in open(2) forever.
    const error = await failure(readRegularFile(fifo, { maxBytes: 100, label: '--manifest' }));
    expect(error.code).toBe('FILE_NOT_REGULAR');
    expect(error.message).toBe(`--manifest: ${fifo}: is a named pipe (FIFO), not a regular file`);
    expect(error.exitCode).toBe(2);
  });

  it('refuses /dev/zero and a directory, and names a missing file', async () => {
    expect(
      (await failure(readRegularFile('/dev/zero', { maxBytes: 100, label: '--snapshot' }))).message,
    ).toBe('--snapshot: /dev/zero: is a character device, not a regular file');
    expect((await failure(readRegularFile(dir, { maxBytes: 100 }))).reason).toBe(
      'is a directory, not a regular file',
    );
    const missing = await failure(readRegularFile(join(dir, 'nope'), { maxBytes: 100 }));
    expect(missing).toMatchObject({ code: 'FILE_NOT_FOUND', errno: 'ENOENT' });
  });

  it('refuses a socket', async () => {
    const path = join(dir, 'sock');
    const server = await socketAt(path);
    try {
      const error = await failure(readRegularFile(path, { maxBytes: 100 }));
      expect(error.code).toBe('FILE_NOT_REGULAR');
      expect(error.reason).toMatch(/socket/);
    } finally {
      server.close();
    }
  });

  it('refuses a file over its cap by its size, before reading it', async () => {
    const file = join(dir, 'big.bin');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024));
    const error = await failure(readRegularFile(file, { maxBytes: 1024 * 1024, label: '--x' }));
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE', size: 3 * 1024 * 1024 });
    expect(error.message).toBe(`--x: ${file}: is larger than the 1 MiB limit (3145728 bytes)`);
  });

  it('refuses a sparse file over the snapshot cap by its size, without reading it', async () => {
    const file = join(dir, 'sparse.json');
    writeFileSync(file, '');
    truncateSync(file, INPUT_CAPS.snapshot + 1);
    const error = await failure(readRegularFile(file, { maxBytes: INPUT_CAPS.snapshot }));
    expect(error.reason).toBe(
      `is larger than the 256 MiB limit (${INPUT_CAPS.snapshot + 1} bytes)`,
    );
  });

  it('reads a file whose size says 0 but which has content, still within the cap', async () => {
    // /proc files report size 0: the reader grows its buffer and stops at the cap.
    const text = (await readRegularFile('/proc/self/status', { maxBytes: 1024 * 1024 })).toString();
    expect(text).toMatch(/^Name:/);
    expect((await failure(readRegularFile('/proc/self/status', { maxBytes: 16 }))).code).toBe(
      'FILE_TOO_LARGE',
    );
  });

  it('reads an empty file, and one exactly at its cap', async () => {
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'exact'), 'x'.repeat(64));
    expect((await readRegularFile(join(dir, 'empty'), { maxBytes: 64 })).length).toBe(0);
    expect((await readRegularFile(join(dir, 'exact'), { maxBytes: 64 })).length).toBe(64);
  });
});

describe('writeFileAtomic', () => {
  it('creates a file, then replaces it, leaving no temporary file', async () => {
    const file = join(dir, 'out', 'report.txt');
    mkdirSync(join(dir, 'out'));
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.txt']);
  });

  it('gives 0600 when asked, and keeps the mode of the file it replaces otherwise', async () => {
    const secret = join(dir, 'secret.json');
    await writeFileAtomic(secret, '{}', { mode: 0o600 });
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    const kept = join(dir, 'kept.txt');
    writeFileSync(kept, 'old', { mode: 0o640 });
    await writeFileAtomic(kept, 'new');
    expect(statSync(kept).mode & 0o777).toBe(0o640);
  });

  it('writes through a symbolic link: the target is replaced, the link stays a link', async () => {
    const target = join(dir, 'target.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.json');
    symlinkSync('target.json', link);
    const chain = join(dir, 'chain.json');
    symlinkSync(link, chain);
    await writeFileAtomic(chain, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync(chain).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('target.json');
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('writes through a dangling link by creating its target', async () => {
    const link = join(dir, 'dangling.json');
    symlinkSync(join(dir, 'created-by-link.json'), link);
    await writeFileAtomic(link, 'made');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'created-by-link.json'), 'utf8')).toBe('made');
  });

  it('refuses a FIFO, a directory, a socket and a device, and leaves them as they were', async () => {
    const fifoError = await failure(writeFileAtomic(fifo, 'x', { label: '--save-snapshot' }));
    expect(fifoError.message).toBe(
      `--save-snapshot: ${fifo}: is a named pipe (FIFO), not a regular file: refusing to write to it`,
    );
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect((await failure(writeFileAtomic(dir, 'x'))).reason).toMatch(/^is a directory/);
    expect(statSync(dir).isDirectory()).toBe(true);
    const path = join(dir, 'out.sock');
    const server = await socketAt(path);
    try {
      expect((await failure(writeFileAtomic(path, 'x'))).reason).toMatch(/^is a socket/);
    } finally {
      server.close();
    }
    // Only the check runs for a device: nothing is created beside /dev/full.
    expect((await failure(resolveOutputTarget('/dev/full', '--output'))).message).toBe(
      '--output: /dev/full: is a character device, not a regular file: refusing to write to it',
    );
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses a link to a device or a FIFO, naming where the link leads', async () => {
    const link = join(dir, 'to-fifo');
    symlinkSync(fifo, link);
    const error = await failure(writeFileAtomic(link, 'x'));
    expect(error.reason).toBe(
      `is a named pipe (FIFO) (the link leads to ${fifo}), not a regular file: refusing to write to it`,
    );
    const device = join(dir, 'to-full');
    symlinkSync('/dev/full', device);
    expect((await failure(resolveOutputTarget(device))).code).toBe('FILE_NOT_REGULAR');
    expect(lstatSync(device).isSymbolicLink()).toBe(true);
  });

  it('refuses a link loop and a missing directory', async () => {
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    expect((await failure(writeFileAtomic(join(dir, 'loop-a'), 'x'))).reason).toMatch(
      /more than 40 symbolic links/,
    );
    const error = await failure(writeFileAtomic(join(dir, 'no', 'such', 'file'), 'x'));
    expect(error).toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(error.reason).toBe(
      `cannot be written: the directory ${join(dir, 'no', 'such')} does not exist`,
    );
  });
});

describe('formatBytes', () => {
  it('says caps in MiB and KiB', () => {
    expect([formatBytes(1024 * 1024), formatBytes(512 * 1024), formatBytes(100)]).toEqual([
      '1 MiB',
      '512 KiB',
      '100 bytes',
    ]);
  });
});
