// The offline half of the benchmark: the parse floors that `audit --project` and `audit --snapshot`
// are compared with, and the git repository a one-file preflight runs in.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import { XMLParser } from 'fast-xml-parser';

/** Every file under `dir` (recursively), sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The project's metadata files, as `audit --project` reads them (force-app/**.xml). */
export async function projectXmlFiles(org: string): Promise<string[]> {
  return (await filesUnder(join(org, 'force-app'))).filter((f) => f.endsWith('.xml'));
}

/** Milliseconds to read and parse every file with fast-xml-parser alone (default options). */
export async function xmlParseFloorMs(files: readonly string[]): Promise<number> {
  const parser = new XMLParser();
  const started = performance.now();
  for (const file of files) parser.parse(await readFile(file, 'utf8'));
  return performance.now() - started;
}

/** Milliseconds to read a file and JSON.parse it. */
export async function jsonParseMs(file: string): Promise<number> {
  const started = performance.now();
  JSON.parse(await readFile(file, 'utf8'));
  return performance.now() - started;
}

function git(repo: string, args: readonly string[], input?: string): string {
  return execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@runas-guard.invalid',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@runas-guard.invalid',
    },
  });
}

/**
 * A git repository (in a temp dir) whose base commit is the org's project (sfdx-project.json,
 * force-app, the manifest) and whose head commit changes one permission set file: its first
 * `<allowRead>false</allowRead>` becomes true (else its description changes). Nothing is copied
 * into or written under `org`: the files go into the repository's objects only, and preflight reads
 * git objects, never a working tree. Returns the repository and the changed path.
 */
export async function oneFileChangeRepo(dir: string): Promise<{ repo: string; changed: string }> {
  const org = resolve(dir);
  const repo = await mkdtemp(join(tmpdir(), 'runas-bench-preflight-'));
  git(repo, ['init', '-q']);
  const paths = ['sfdx-project.json', 'force-app', 'runas-guard.yaml'].filter((p) =>
    existsSync(join(org, p)),
  );
  git(org, ['--git-dir', join(repo, '.git'), '--work-tree', org, 'add', '--', ...paths]);
  git(repo, ['commit', '-q', '-m', 'base']);
  const sets = (await filesUnder(join(org, 'force-app'))).filter((f) =>
    f.endsWith('.permissionset-meta.xml'),
  );
  const file = sets[0];
  if (file === undefined) throw new Error(`no permission set file under ${org}/force-app`);
  const xml = await readFile(file, 'utf8');
  const changed = xml.includes('<allowRead>false</allowRead>')
    ? xml.replace('<allowRead>false</allowRead>', '<allowRead>true</allowRead>')
    : xml.replace(
        /<description>[^<]*<\/description>|(?=<\/PermissionSet>)/,
        () => '<description>bench</description>',
      );
  const path = relative(org, file);
  const tmp = join(repo, '.bench-head');
  await writeFile(tmp, changed);
  const blob = git(repo, ['hash-object', '-w', tmp]).trim();
  git(repo, ['update-index', '--cacheinfo', `100644,${blob},${path}`]);
  git(repo, ['commit', '-q', '-m', 'head: one file']);
  return { repo, changed: path };
}
