// Progress on a terminal (README, "Progress"): `audit` against the emulator, slowed by a fault rule
// so that collection lasts more than a second, run under a pseudo-terminal (util-linux `script`)
// shows the progress line on stderr and erases it before the report; the same run with stderr piped
// (stdout still the terminal) writes no progress at all.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { guard, tempDir } from '../helpers/guard.js';

const ROOT = join(import.meta.dirname, '../..');
const ENTRY = join(import.meta.dirname, '../helpers/cli-entry.ts');
const ERASE = '\r\x1b[2K';
const LINE = /collecting \(\d+ s\): \d+ requests?, [\d,]+ rows?, current: [\w.]+/;

/** Why the pseudo-terminal tests cannot run here, or undefined when `script` is available. */
function noScript(): string | undefined {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.includes('util-linux')) return undefined;
  return 'util-linux `script` is not installed (Debian: bsdutils); it gives the CLI a pseudo-terminal';
}

/** Runs `command` (sh) under a pseudo-terminal; what the terminal showed (stdout and stderr). */
function underTerminal(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const label = `runas-guard under a terminal: ${command.slice(0, 120)}`;
  guard.addSecretsOfEnv(env, label);
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: ROOT,
    // CI set would switch progress off (by design); TERM must name a terminal that redraws.
    env: { ...process.env, ...env, CI: '', TERM: 'xterm', SHELL: '/bin/sh' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const shown = { label: `what ${label} showed`, text: '' };
  guard.outputs.push(shown);
  child.stdout.on('data', (d: Buffer) => (shown.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (shown.text += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      resolve(shown.text);
    });
  });
}

/** The JSON report a terminal showed after the progress line (the terminal's CRLF undone). */
function reportOf(shown: string): { integrations: unknown[] } {
  const text = shown.slice(shown.lastIndexOf(ERASE) + 1).replace(/\r\n/g, '\n');
  return JSON.parse(text.slice(text.indexOf('{'))) as { integrations: unknown[] };
}

// Every query answer waits 150 ms: the audit of Northwind takes a few seconds of requests.
const org = await serveFixture(NORTHWIND, { faults: [{ path: '/query', latencyMs: 150 }] });
const env = {
  SF_ACCESS_TOKEN: org.accessToken,
  RG_NODE: process.execPath,
  RG_ENTRY: ENTRY,
  RG_URL: org.instanceUrl,
};
const audit =
  'exec "$RG_NODE" --import tsx "$RG_ENTRY" audit --instance-url "$RG_URL" --format json';

describe('progress on a terminal', () => {
  it('shows counts and the current request on stderr, erased before the report', async (context) => {
    const reason = noScript();
    if (reason !== undefined) {
      if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
      context.skip(reason);
      return;
    }
    const shown = await underTerminal(audit, env);
    expect(shown).toMatch(LINE);
    // Redrawn in place: several draws, each after an erase, and the last erase before the report.
    const draws = shown.split(ERASE).filter((part) => LINE.test(part));
    expect(draws.length).toBeGreaterThan(1);
    expect(shown.lastIndexOf(ERASE)).toBeLessThan(shown.indexOf('{'));
    expect(reportOf(shown).integrations.length).toBeGreaterThan(0);
    // Counts and catalog names only: no URL of the org in any draw.
    for (const draw of draws) expect(draw).not.toContain('127.0.0.1');
  }, 90_000);

  it('writes no progress when stderr is piped, even with stdout on the terminal', async (context) => {
    const reason = noScript();
    if (reason !== undefined) {
      if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
      context.skip(reason);
      return;
    }
    const errFile = join(tempDir('rg-progress-'), 'stderr.txt');
    // stderr through a pipe into a file; stdout stays the pseudo-terminal.
    const shown = await underTerminal(`{ ${audit} 2>&1 1>&3 | cat > "$RG_ERR"; } 3>&1`, {
      ...env,
      RG_ERR: errFile,
    });
    const stderr = readFileSync(errFile, 'utf8');
    guard.record('the piped stderr of runas-guard audit', stderr);
    expect(stderr).toBe('');
    expect(shown).not.toContain('\x1b');
    expect(shown).not.toMatch(/collecting/);
    expect(reportOf(shown).integrations.length).toBeGreaterThan(0);
  }, 90_000);
});
