// Spawns the real CLI (from source, through tsx) as a user would run it. What it prints is recorded
// for the suite-wide secret guard (guard.ts), as are the secret-looking variables and stdin given to it.

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { guard } from './guard.js';

const ENTRY = join(import.meta.dirname, 'cli-entry.ts');
const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Piped to stdin (a secret read from stdin becomes a known secret); stdin is closed when absent. */
  stdin?: string;
}

export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: CliOptions = {},
): ChildProcess {
  const label = `runas-guard ${args.join(' ').slice(0, 120)}`;
  guard.addSecretsOfEnv(env, label);
  guard.addSecret(options.stdin, `stdin given to ${label}`);
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(options.stdin);
  // Recorded as the output arrives, so a child still running at the check counts too.
  const stdout = { label: `the stdout of ${label}`, text: '' };
  const stderr = { label: `the stderr of ${label}`, text: '' };
  guard.outputs.push(stdout, stderr);
  child.stdout?.on('data', (d: Buffer) => (stdout.text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr.text += d.toString()));
  return child;
}

/** Runs the CLI to completion. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: CliOptions = {},
): Promise<CliResult> {
  const child = spawnCli(args, env, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running CLI command and resolves with its first stdout line (the emulator's ready line). */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdout = child.stdout;
    if (stdout === null) {
      reject(new Error('no stdout'));
      return;
    }
    const lines = createInterface({ input: stdout });
    lines.once('line', (line) => {
      resolve(line);
    });
    child.once('exit', (code) => {
      reject(new Error(`exited with ${String(code)} before printing a line`));
    });
  });
}
