// Drives two real processes for the fidelity tests: our emulator through the published binary
// (bin/runas-guard.js, which runs the built dist/) and the pinned Salesforce CLI (`sf`).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export const FIDELITY_DIR = import.meta.dirname;
export const REPO_ROOT = join(FIDELITY_DIR, '../..');
const BIN = join(REPO_ROOT, 'bin/runas-guard.js');
export const SF = join(FIDELITY_DIR, 'node_modules/.bin/sf');
/** The Salesforce CLI plugin package (plugin/, docs/adr/0024-sf-plugin.md). */
export const PLUGIN_DIR = join(REPO_ROOT, 'plugin');

/** The ready line of `runas-guard emulator` (README, "The local org"); the token is in the token file. */
export interface ReadyLine {
  instanceUrl: string;
  loginUrl: string;
  genericLoginUrl: string;
}

export interface EmulatorProcess {
  ready: ReadyLine;
  /** Everything the emulator printed to stdout: the ready line only (it must not echo the token). */
  stdoutLines: string[];
  token: string;
  /** Permission bits of the token file. */
  tokenFileMode: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/**
 * Starts `runas-guard emulator --org DIR --token-file F --quiet`, reads the one JSON ready line,
 * reads the token file, and waits until the listener answers HTTP (a CLI call against a port
 * that is not yet listening retries for ~17 s before failing).
 */
export async function startEmulator(
  fixtureDir: string,
  extraArgs: readonly string[] = [],
): Promise<EmulatorProcess> {
  if (!existsSync(join(REPO_ROOT, 'dist/cli/main.js'))) {
    throw new Error(
      `${REPO_ROOT}/dist is missing: build the tool first (npm run build in the repository root)`,
    );
  }
  const tmp = await mkdtemp(join(tmpdir(), 'rg-fidelity-emu-'));
  // A path that does not exist yet, so the emulator creates the file (mode only applies on creation).
  const tokenFile = join(tmp, 'token');
  const child = spawn(
    process.execPath,
    [BIN, 'emulator', '--org', fixtureDir, '--token-file', tokenFile, '--quiet', ...extraArgs],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 64_000) stderr += chunk;
  });
  const stdoutLines: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );

  try {
    const line = await firstLine(child.stdout, exited, () => stderr, stdoutLines);
    const ready = parseReadyLine(line);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    const tokenFileMode = (await stat(tokenFile)).mode & 0o777;
    await waitForListener(ready.instanceUrl);
    return {
      ready,
      stdoutLines,
      token,
      tokenFileMode,
      stop: async () => {
        await stopChild(child, exited);
        await rm(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(child, exited);
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

function firstLine(
  stdout: Readable,
  exited: Promise<number | null>,
  stderr: () => string,
  lines: string[],
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `emulator printed no ready line within ${READY_TIMEOUT_MS} ms; stderr: ${stderr()}`,
        ),
      );
    }, READY_TIMEOUT_MS);
    // Every stdout line is kept, so a test can check that nothing but the ready line was printed.
    createInterface({ input: stdout }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `emulator exited with code ${String(code)} before its ready line; stderr: ${stderr()}`,
        ),
      );
    });
  });
}

function parseReadyLine(line: string): ReadyLine {
  const parsed = JSON.parse(line) as Record<string, unknown>;
  const { instanceUrl, loginUrl, genericLoginUrl } = parsed;
  if (
    typeof instanceUrl !== 'string' ||
    typeof loginUrl !== 'string' ||
    typeof genericLoginUrl !== 'string'
  ) {
    throw new Error(`unexpected ready line keys: ${Object.keys(parsed).join(', ')}`);
  }
  return { instanceUrl, loginUrl, genericLoginUrl };
}

async function waitForListener(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      // Any HTTP answer means the socket is accepting connections.
      const response = await fetch(new URL('/services/data', url), {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`emulator at ${url} never answered: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => {
    setTimeout(() => {
      r('timeout');
    }, 5_000).unref();
  });
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The `--json` envelope every `sf` command prints on stdout. */
export interface SfJson<T> {
  status: number;
  result?: T;
  warnings?: string[];
  name?: string;
  message?: string;
  exitCode?: number;
  code?: string;
  context?: string;
  [key: string]: unknown;
}

export interface SfRun<T> {
  exitCode: number | null;
  json: SfJson<T>;
  stderr: string;
}

export interface SfHome {
  dir: string;
  remove(): Promise<void>;
}

/** A throwaway HOME (and XDG dirs) so the CLI neither reads nor writes the developer's auth files. */
export async function createSfHome(): Promise<SfHome> {
  const dir = await mkdtemp(join(tmpdir(), 'rg-fidelity-home-'));
  for (const sub of ['.config', '.local/share', '.cache', '.local/state'])
    await mkdir(join(dir, sub), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const SF_TIMEOUT_MS = 90_000;

/**
 * The environment of a CLI call: the caller's SF_* / SFDX_* variables dropped, a temporary HOME, the
 * pinned `sf` first on PATH (the collector's --target-org path spawns `sf` by name).
 */
export function sfEnv(home: SfHome, extraEnv: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SF|SFDX)_/i.test(key) || key.startsWith('XDG_')) continue;
    env[key] = value;
  }
  Object.assign(env, {
    HOME: home.dir,
    USERPROFILE: home.dir,
    XDG_CONFIG_HOME: join(home.dir, '.config'),
    XDG_DATA_HOME: join(home.dir, '.local/share'),
    XDG_CACHE_HOME: join(home.dir, '.cache'),
    XDG_STATE_HOME: join(home.dir, '.local/state'),
    // The CLI spawns `sf` by name for some hooks; find the pinned one first.
    PATH: `${join(FIDELITY_DIR, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    // A key file under the temporary HOME instead of the desktop keyring.
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    // Plain text: with CI set, the CLI's colour library colours its output even into a pipe.
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extraEnv,
  });
  return env;
}

/** Runs our own CLI (`bin/runas-guard.js`) with the same environment as `sf`. */
export function runRunasGuard(
  home: SfHome,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: home.dir,
      env: sfEnv(home, extraEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (exitCode) => {
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/**
 * Runs `sf ARGS --json` with a temporary HOME and returns the parsed JSON from stdout (never the
 * human output). The caller's SF_* / SFDX_* variables are dropped so nothing like
 * SF_TEMP_SHOW_SECRETS or a stray SF_ACCESS_TOKEN leaks in; `extraEnv` adds the few a call needs.
 * `secrets` are blanked out of any diagnostic message.
 */
export function runSf<T>(
  home: SfHome,
  args: string[],
  options: { extraEnv?: Record<string, string>; secrets?: string[] } = {},
): Promise<SfRun<T>> {
  const env = sfEnv(home, options.extraEnv);
  const argv = args.includes('--json') ? args : [...args, '--json'];
  const redact = (text: string): string =>
    (options.secrets ?? []).reduce(
      (acc, secret) => (secret === '' ? acc : acc.split(secret).join('<redacted>')),
      text,
    );
  return new Promise<SfRun<T>>((resolve, reject) => {
    const child = spawn(SF, argv, { cwd: home.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), SF_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      try {
        resolve({ exitCode, json: JSON.parse(stdout) as SfJson<T>, stderr: redact(stderr) });
      } catch {
        reject(
          new Error(
            `sf ${redact(argv.join(' '))} (exit ${String(exitCode)}) printed no JSON on stdout:\n` +
              `${redact(stdout).slice(0, 2_000)}\nstderr:\n${redact(stderr).slice(0, 2_000)}`,
          ),
        );
      }
    });
  });
}

/** What a fixture directory says about itself, read from its own files (docs/architecture.md 11). */
export interface FixtureFacts {
  orgId: string;
  auditorUsername: string;
  /** Every User record of data/*.json: username → explicit Id (if any) and Profile.Name (if by name). */
  users: Map<string, { id?: string; profileName?: string }>;
}

interface TreeRecord {
  attributes?: { type?: string };
  Id?: unknown;
  Username?: unknown;
  Profile?: { Name?: unknown };
}

export async function readFixtureFacts(dir: string): Promise<FixtureFacts> {
  const config = JSON.parse(await readFile(join(dir, 'emulator.json'), 'utf8')) as {
    orgId: string;
    myDomain: string;
    auditorUsername?: string;
  };
  const users = new Map<string, { id?: string; profileName?: string }>();
  const dataDir = join(dir, 'data');
  for (const file of (await readdir(dataDir)).filter((f) => f.endsWith('.json')).sort()) {
    const tree = JSON.parse(await readFile(join(dataDir, file), 'utf8')) as {
      records?: TreeRecord[];
    };
    for (const record of tree.records ?? []) {
      if (record.attributes?.type !== 'User' || typeof record.Username !== 'string') continue;
      users.set(record.Username, {
        ...(typeof record.Id === 'string' ? { id: record.Id } : {}),
        ...(typeof record.Profile?.Name === 'string' ? { profileName: record.Profile.Name } : {}),
      });
    }
  }
  // Without auditorUsername the emulator adds its own System Administrator auditor (docs/adr/0003-fixture-loader.md).
  const auditorUsername = config.auditorUsername ?? `auditor@${config.myDomain}.emulator`;
  if (!users.has(auditorUsername))
    users.set(auditorUsername, { profileName: 'System Administrator' });
  return { orgId: config.orgId, auditorUsername, users };
}

/**
 * Runs `sf ARGS` as given (no `--json` added: `sf plugins link` has none, help is text) with the
 * same environment as runSf; `input` is written to stdin (closed either way, so nothing waits on it).
 */
export function runSfRaw(
  home: SfHome,
  args: string[],
  options: {
    extraEnv?: Record<string, string>;
    input?: string;
    cwd?: string;
    /** Default 90 s; `sf plugins install` runs npm and may need more. */
    timeoutMs?: number;
  } = {},
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(SF, args, {
      cwd: options.cwd ?? home.dir,
      env: sfEnv(home, options.extraEnv),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? SF_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
