// Starts test/store/writer.ts as a child process and follows what it reports.

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const WRITER = join(import.meta.dirname, 'writer.ts');
const ROOT = join(import.meta.dirname, '../..');

export interface Writer {
  child: ChildProcess;
  /** `committed ID SEED` lines so far: run id → seed. */
  committed: Map<number, number>;
  /** Resolves with the run id of the first `inside` line. */
  inside: Promise<number>;
  /** Resolves when a writer started with `wait` has opened the store. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  stderr: () => string;
}

export function startWriter(
  db: string,
  org: string,
  count: number,
  firstSeed: number,
  size: number,
  pauseMs: number,
  wait = false,
): Writer {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      WRITER,
      db,
      org,
      String(count),
      String(firstSeed),
      String(size),
      String(pauseMs),
      ...(wait ? ['wait'] : []),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const committed = new Map<number, number>();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let onInside: (id: number) => void = () => undefined;
  const inside = new Promise<number>((resolve) => (onInside = resolve));
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [what, id, seed] = line.split(' ');
    if (what === 'ready') onReady();
    if (what === 'committed') committed.set(Number(id), Number(seed));
    if (what === 'inside') onInside(Number(id));
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return { child, committed, inside, ready, exited, stderr: () => stderr };
}
