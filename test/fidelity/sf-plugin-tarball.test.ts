// The plugin as users get it (docs/adr/0024-sf-plugin.md): the packed tarballs of the library and of
// the plugin, installed by the pinned CLI's own `sf plugins install` into a private HOME on Node 20.
// The @jsforce/jsforce-node 3.10.16 pin must come from inside the plugin's tarball (its bundled
// dependencies): npm ignores a dependency's `overrides`, and later 3.10.x crash on Node 20.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { createSfHome, PLUGIN_DIR, REPO_ROOT, runSfRaw, type SfHome } from './harness.js';

const exec = promisify(execFile);
// semver (a devDependency of this package) ships no types; only `satisfies` is needed.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};
const NPM_TIMEOUT_MS = 600_000;

let home: SfHome;
let packs: string;
let pluginTarball: string;
let dataDir: string;
let install: { exitCode: number | null; stdout: string; stderr: string };

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec('npm', args, {
    cwd,
    timeout: NPM_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** `npm pack` into `dir`; returns the tarball's path and its file list. */
async function pack(
  packageDir: string,
  dir: string,
  extra: string[] = [],
): Promise<{ file: string; files: string[] }> {
  const out = await npm(['pack', '--json', '--pack-destination', dir, ...extra], packageDir);
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack in ${packageDir} printed nothing`);
  return { file: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/** Every package.json under node_modules (nested and bundled ones too). */
async function packageJsons(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (modules: string): Promise<void> => {
    const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const path = join(modules, entry.name);
      if (entry.name.startsWith('@')) {
        await walk(path);
        continue;
      }
      if (entry.name.startsWith('.')) continue;
      found.push(join(path, 'package.json'));
      await walk(join(path, 'node_modules'));
    }
  };
  await walk(join(dir, 'node_modules'));
  return found;
}

let pluginFiles: string[];

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), 'rg-fidelity-packs-'));
  // The library as built (the root's dist/); the plugin builds lib/ in its prepack.
  const library = await pack(REPO_ROOT, packs, ['--ignore-scripts']);
  const plugin = await pack(PLUGIN_DIR, packs);
  pluginTarball = plugin.file;
  pluginFiles = plugin.files;

  home = await createSfHome();
  dataDir = join(home.dir, '.local/share/sf');
  await mkdir(dataDir, { recursive: true });
  // The library first, where the CLI keeps its user plugins: the plugin's peer dependency. Its
  // install scripts (better-sqlite3's native build) are skipped: `sf runas --help` opens no store.
  await writeFile(
    join(dataDir, 'package.json'),
    JSON.stringify({ private: true, oclif: { schema: 1, plugins: [] }, dependencies: {} }),
  );
  await npm(
    ['install', '--ignore-scripts', '--omit', 'dev', '--no-audit', '--no-fund', library.file],
    dataDir,
  );
  // A trusted unsigned plugin: no prompt (README, "Use it from the Salesforce CLI").
  await mkdir(join(home.dir, '.config/sf'), { recursive: true });
  await writeFile(
    join(home.dir, '.config/sf/unsignedPluginAllowList.json'),
    JSON.stringify([`file:${pluginTarball}`]),
  );
  install = await runSfRaw(home, ['plugins', 'install', `file:${pluginTarball}`], {
    timeoutMs: NPM_TIMEOUT_MS,
  });
}, NPM_TIMEOUT_MS * 2);

afterAll(async () => {
  await home?.remove();
  if (packs !== undefined) await rm(packs, { recursive: true, force: true });
});

it('packs the commands, their messages and the bundled sf stack, no sources or tests', () => {
  for (const command of ['audit', 'probe', 'preflight', 'doctor']) {
    expect(pluginFiles).toContain(`lib/commands/runas/${command}.js`);
    expect(pluginFiles).toContain(`messages/runas.${command}.md`);
  }
  expect(pluginFiles).toContain('node_modules/@jsforce/jsforce-node/package.json');
  expect(pluginFiles).toContain('node_modules/@salesforce/core/package.json');
  expect(pluginFiles.filter((f) => f.startsWith('src/') || f.startsWith('scripts/'))).toEqual([]);
  // The library is a peer: never a second copy inside the plugin.
  expect(pluginFiles.filter((f) => f.startsWith('node_modules/runas-guard/'))).toEqual([]);
});

it('installs with sf plugins install file:TARBALL, allow-listed, without a prompt', () => {
  expect(install.exitCode, install.stderr).toBe(0);
  expect(install.stdout + install.stderr).not.toMatch(/Continue installation/i);
});

it('runs sf runas --help with the installed plugin', async () => {
  const plugins = await runSfRaw(home, ['plugins']);
  expect(plugins.stdout).toMatch(/^runas-guard-sf 0\.1\.0$/m);
  expect(plugins.stdout).not.toMatch(/^runas-guard-sf .*\(link\)/m);
  const help = await runSfRaw(home, ['runas', '--help']);
  expect(help.exitCode, help.stderr).toBe(0);
  for (const command of ['audit', 'probe', 'preflight', 'doctor'])
    expect(help.stdout).toMatch(new RegExp(`runas ${command}\\s`));
});

it("resolves @jsforce/jsforce-node 3.10.16 from the plugin's @salesforce/core, no other copy", async () => {
  const pluginRoot = join(dataDir, 'node_modules/runas-guard-sf');
  const fromCore = createRequire(join(pluginRoot, 'node_modules/@salesforce/core/package.json'));
  const jsforce = JSON.parse(
    await readFile(fromCore.resolve('@jsforce/jsforce-node/package.json'), 'utf8'),
  ) as { version: string };
  expect(jsforce.version).toBe('3.10.16');
  const copies: string[] = [];
  for (const file of await packageJsons(dataDir)) {
    if (!file.includes('/@jsforce/jsforce-node/')) continue;
    copies.push((JSON.parse(await readFile(file, 'utf8')) as { version: string }).version);
  }
  expect(copies).toEqual(['3.10.16']);
});

it('installs no package whose engines.node excludes this Node (20)', async () => {
  expect(process.versions.node.split('.')[0]).toBe('20');
  const files = await packageJsons(dataDir);
  expect(files.length).toBeGreaterThan(100);
  const excluded: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const pkg = JSON.parse(text) as {
      name?: string;
      version?: string;
      engines?: { node?: string };
    };
    const range = pkg.engines?.node;
    if (range !== undefined && !semver.satisfies(process.versions.node, range))
      excluded.push(`${pkg.name ?? file}@${pkg.version ?? '?'} (node ${range})`);
  }
  expect(excluded).toEqual([]);
});
