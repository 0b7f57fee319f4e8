// Child processes of the benchmark: a private build of the CLI, the emulator in a process of its
// own (its request log on stderr is how the benchmark counts requests), and timed CLI runs whose
// peak RSS is read by GNU time (`/usr/bin/time -f %M`), so the figures are the child's alone.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(import.meta.dirname, '..');
/** GNU time: `-f %M` is the peak resident set size of the child, in KiB. */
export const GNU_TIME = '/usr/bin/time';

/**
 * Compiles src/ into a directory of its own (under node_modules/.cache, so the repository's
 * node_modules resolve) with a copy of bin/runas-guard.js: a build by somebody else in dist/ during
 * a run cannot change the CLI under measurement. Returns the entry script.
 */
export async function buildCli(): Promise<string> {
  const out = join(ROOT, 'node_modules/.cache/runas-guard-bench');
  await mkdir(join(out, 'bin'), { recursive: true });
  // An output removed since the last build would not be written again by an incremental one.
  if (!existsSync(join(out, 'dist/cli/main.js')))
    await rm(join(out, 'tsbuildinfo'), { force: true });
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  // Incremental: a second run recompiles only what changed. Type errors of files in progress
  // elsewhere do not stop tsc from emitting; a missing output does.
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(out, 'dist'),
      '--incremental',
      '--tsBuildInfoFile',
      join(out, 'tsbuildinfo'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0)
    process.stderr.write(
      `bench: tsc reported errors (emitted anyway):\n${result.stdout.split('\n').slice(0, 5).join('\n')}\n`,
    );
  if (!existsSync(join(out, 'dist/cli/main.js')))
    throw new Error('the build wrote no dist/cli/main.js (npx tsc -p tsconfig.build.json)');
  const entry = join(out, 'bin/runas-guard.js');
  await copyFile(join(ROOT, 'bin/runas-guard.js'), entry);
  // dist/version.js reads ../package.json.
  await copyFile(join(ROOT, 'package.json'), join(out, 'package.json'));
  return entry;
}

/** The entry of the repository's own build (`npm run build`). */
export const REPO_ENTRY = join(ROOT, 'bin/runas-guard.js');

export interface EmulatorProcess {
  instanceUrl: string;
  accessToken: string;
  /** Requests the emulator has logged so far (each HTTP request it answered, token requests included). */
  logged(): number;
  /** Waits until the log has been quiet for a moment (it is flushed every 200 ms), then counts. */
  settled(): Promise<number>;
  /** Peak RSS of the emulator process so far, MiB (Linux /proc). */
  rssMb(): Promise<number | undefined>;
  loadMs: number;
  stop(): Promise<void>;
}

/** `runas-guard emulator --org DIR` in a process of its own; resolves on its ready line. */
export async function startEmulatorProcess(entry: string, org: string): Promise<EmulatorProcess> {
  const tokenDir = await mkdtemp(join(tmpdir(), 'runas-bench-token-'));
  const tokenFile = join(tokenDir, 'token');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', entry, 'emulator', '--org', org, '--token-file', tokenFile],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let logged = 0;
  let errors = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('{"time"')) logged++;
    else errors = `${errors}${line}\n`.slice(-4_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<{ instanceUrl: string }>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve(JSON.parse(line) as { instanceUrl: string });
    });
    void exited.then((code) => {
      reject(new Error(`the emulator exited with ${code}: ${errors.trim()}`));
    });
  });
  const loadMs = performance.now() - started;
  const accessToken = (await readFile(tokenFile, 'utf8')).trim();
  await rm(tokenDir, { recursive: true, force: true });
  return {
    instanceUrl: ready.instanceUrl,
    accessToken,
    loadMs,
    logged: () => logged,
    async settled() {
      let last = -1;
      while (last !== logged) {
        last = logged;
        await sleep(450);
      }
      return logged;
    },
    async rssMb() {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
        return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface TimedRun {
  code: number | null;
  wallMs: number;
  /** Peak RSS of the child, MiB (GNU time). */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs `node ENTRY ...args` under GNU time: exit code, wall time and peak RSS of that process alone. */
export async function timedCli(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<TimedRun> {
  const rssDir = await mkdtemp(join(tmpdir(), 'runas-bench-rss-'));
  const rssFile = join(rssDir, 'rss');
  const started = performance.now();
  const child = spawn(
    GNU_TIME,
    ['-o', rssFile, '-f', '%M', process.execPath, entry, ...args],
    // CI: no progress line on a terminal.
    { cwd, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    if (stdout.length < 1_000_000) stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const wallMs = performance.now() - started;
  const kb = Number((await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop());
  await rm(rssDir, { recursive: true, force: true });
  return { code, wallMs, peakRssMb: Math.round(kb / 1024), stdout, stderr };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
