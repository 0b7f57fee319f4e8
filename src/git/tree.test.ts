// The git tree reader on a repository the test builds: listing under a project directory, blobs
// of every size through the one cat-file process (chunk boundaries), links skipped, caps, refs.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BlobCache, GitTree, openRepository, resolveCommit } from './tree.js';

let root = '';
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: '' };

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, env, encoding: 'utf8' });
}

/** Deterministic text of `size` bytes whose content depends on `seed`. */
function text(seed: number, size: number): string {
  let out = '';
  while (out.length < size) out += `${seed}:${out.length.toString(36)}\n`;
  return out.slice(0, size);
}

const SIZES = [0, 1, 4095, 65_536, 65_537, 300_001];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'git-tree-'));
  env.HOME = root;
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 't');
  git('config', 'user.email', 't@example.com');
  mkdirSync(join(root, 'p*roj/sub/.hidden'), { recursive: true });
  mkdirSync(join(root, 'p*roj/node_modules'), { recursive: true });
  for (const [i, size] of SIZES.entries())
    writeFileSync(join(root, `p*roj/sub/f${i}.txt`), text(i, size));
  writeFileSync(join(root, 'p*roj/sub/.hidden/x.txt'), 'hidden');
  writeFileSync(join(root, 'p*roj/node_modules/m.txt'), 'module');
  mkdirSync(join(root, 'pXroj'));
  writeFileSync(join(root, 'pXroj/other.txt'), 'not the project');
  symlinkSync('/etc/passwd', join(root, 'p*roj/sub/link.txt'));
  git('add', '-A');
  git('commit', '-q', '-m', 'one');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('GitTree', () => {
  it('lists the project directory only (a literal path, not a pattern), links skipped', async () => {
    const repo = await openRepository(join(root, 'p*roj'));
    expect(repo.prefix).toBe('p*roj');
    const tree = await GitTree.open(repo, 'main', await resolveCommit(repo, 'main', '--base'));
    try {
      expect(tree.paths()).not.toContain('link.txt');
      expect(tree.paths().some((p) => p.includes('other'))).toBe(false);
      expect(tree.listFiles('sub')).toEqual(SIZES.map((_, i) => `sub/f${i}.txt`).sort());
      expect(tree.isDirectory('sub')).toBe(true);
      expect(tree.isDirectory('nope')).toBe(false);
    } finally {
      tree.close();
    }
  });

  it('reads every blob byte for byte through one cat-file process, in any order', async () => {
    const repo = await openRepository(join(root, 'p*roj'));
    const tree = await GitTree.open(repo, 'main', await resolveCommit(repo, 'main', '--base'));
    try {
      const order = [5, 0, 3, 1, 4, 2, 5];
      const read = await Promise.all(order.map((i) => tree.read(`sub/f${i}.txt`, 1_000_000)));
      expect(read).toEqual(order.map((i) => text(i, SIZES[i] ?? 0)));
      expect(await tree.read('sub/absent.txt', 10)).toBeUndefined();
      await expect(tree.read('sub/f5.txt', 1000)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    } finally {
      tree.close();
    }
  });

  it('two trees sharing a BlobCache read a blob from git once; the size cap still holds', async () => {
    const repo = await openRepository(join(root, 'p*roj'));
    const commit = await resolveCommit(repo, 'main', '--base');
    const cache = new BlobCache();
    const reads: string[] = [];
    const first = await GitTree.open(repo, 'main', commit, {
      cache,
      onBlobRead: (p) => reads.push(`first:${p}`),
    });
    const second = await GitTree.open(repo, 'main', commit, {
      cache,
      onBlobRead: (p) => reads.push(`second:${p}`),
    });
    try {
      expect(await first.read('sub/f2.txt', 1_000_000)).toBe(text(2, SIZES[2] ?? 0));
      expect(await second.read('sub/f2.txt', 1_000_000)).toBe(text(2, SIZES[2] ?? 0));
      expect(await second.read('sub/f3.txt', 1_000_000)).toBe(text(3, SIZES[3] ?? 0));
      expect(reads).toEqual(['first:sub/f2.txt', 'second:sub/f3.txt']);
      await expect(second.read('sub/f2.txt', 10)).rejects.toMatchObject({
        code: 'FILE_TOO_LARGE',
      });
      // Every file under a directory, dot-names and node_modules included (the secret scan's list).
      expect(second.filesUnder('sub')).toContain('sub/.hidden/x.txt');
      expect(second.listFiles('sub')).not.toContain('sub/.hidden/x.txt');
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses refs that are options or do not exist, naming them', async () => {
    const repo = await openRepository(root);
    await expect(resolveCommit(repo, '--all', '--base')).rejects.toMatchObject({
      code: 'REF_INVALID',
    });
    await expect(resolveCommit(repo, 'a\nb', '--base')).rejects.toMatchObject({
      code: 'REF_INVALID',
    });
    await expect(resolveCommit(repo, 'nope', '--head')).rejects.toThrow('--head "nope"');
    expect(await resolveCommit(repo, 'main', '--base')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a project directory absent from a commit is an error naming the ref', async () => {
    const repo = await openRepository(join(root, 'elsewhere'));
    await expect(
      GitTree.open(repo, 'main', await resolveCommit(repo, 'main', '--base')),
    ).rejects.toThrow('main');
  });
});
