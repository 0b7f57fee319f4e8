// The fuzzers' common runner (docs/adr/0010-fuzzing.md): fast-check with a printed seed, one plain
// line of figures per fuzzer for CI, and the one contract every parser shares: each case ends in a
// result or the module's own error (the one the CLI turns into exit 2 or 3 with a message naming
// the file or request), never a TypeError, RangeError or stack overflow, and never a hang.
// `npm run fuzz -- --cases N --seed S` sets the environment variables read here.

import { Worker } from 'node:worker_threads';

import fc from 'fast-check';

/** Cases per fuzzer when RUNAS_GUARD_FUZZ_CASES is not set: the figure `npm test` runs. */
export const DEFAULT_CASES = 10_000;

/** A case slower than this is a hang, not a slow machine: the slowest normal case takes milliseconds. */
export const HANG_MS = 5_000;

const envCases = Number(process.env.RUNAS_GUARD_FUZZ_CASES ?? '');
const envSeed = Number(process.env.RUNAS_GUARD_FUZZ_SEED ?? '');

/** One seed per test file (every fuzzer with `npm run fuzz -- --seed S`): printed, to replay. */
export const SEED =
  Number.isSafeInteger(envSeed) && process.env.RUNAS_GUARD_FUZZ_SEED !== undefined
    ? envSeed
    : Math.floor(Math.random() * 0x7fffffff);

/** Vitest's time limit for one fuzzer: four minutes at the default size, scaled with --cases. */
export const FUZZ_TIMEOUT_MS =
  240_000 * (Number.isInteger(envCases) && envCases > DEFAULT_CASES ? envCases / DEFAULT_CASES : 1);

/** A case still running after this has hung: the watchdog ends the test process with a message. */
export const WATCHDOG_MS = 60_000;

/**
 * A synchronous endless loop cannot be interrupted from the thread that runs it, so a watchdog
 * thread watches a shared counter of cases: when one case stays unfinished for WATCHDOG_MS, it
 * writes which one (fuzzer, case number, seed) straight to file descriptor 2 (the blocked main
 * thread cannot relay a message) and kills the process, which fails the test file.
 */
const beat = new Int32Array(new SharedArrayBuffer(12)); // [case number, running, timeout s]
const label = new Uint8Array(new SharedArrayBuffer(512));
let watchdog: Worker | undefined;

function watch(kind: string): void {
  label.fill(0);
  label.set(new TextEncoder().encode(`fuzz ${kind} (seed ${SEED})`).subarray(0, label.length));
  Atomics.store(beat, 2, Math.ceil(WATCHDOG_MS / 1000));
  if (watchdog !== undefined) return;
  watchdog = new Worker(
    `const { workerData } = require('node:worker_threads');
    const { writeSync } = require('node:fs');
    const { beat, label } = workerData;
    let last = -1, since = Date.now();
    setInterval(() => {
      const n = Atomics.load(beat, 0);
      if (n !== last || Atomics.load(beat, 1) === 0) { last = n; since = Date.now(); return; }
      if (Date.now() - since < Atomics.load(beat, 2) * 1000) return;
      const name = new TextDecoder().decode(label).replace(/\\0+$/, '');
      writeSync(2, name + ': case ' + n + ' has not returned after ' + Atomics.load(beat, 2) +
        ' s, a hang (npm run fuzz -- --seed and that seed replays it)\\n');
      process.kill(process.pid, 'SIGKILL');
    }, 1000);`,
    { eval: true, workerData: { beat, label } },
  );
  watchdog.unref();
}

/** How many cases a fuzzer runs: `cases` in `npm test` (scaled by RUNAS_GUARD_FUZZ_CASES). */
export function casesFor(cases = DEFAULT_CASES): number {
  if (!Number.isInteger(envCases) || envCases <= 0) return cases;
  return Math.max(1, Math.round((cases * envCases) / DEFAULT_CASES));
}

/** What one case ended in. */
export type Outcome = 'result' | 'refused';

/** Runs `fn`: 'result', 'refused' when it threw an expected error, otherwise the error propagates. */
export async function outcome(
  fn: () => unknown,
  expected: (error: unknown) => boolean,
): Promise<Outcome> {
  try {
    await fn();
    return 'result';
  } catch (error) {
    if (expected(error)) return 'refused';
    throw error;
  }
}

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface FuzzFigures {
  kind: string;
  cases: number;
  seed: number;
  failures: number;
  results: number;
  refused: number;
}

/**
 * Runs `check` on `cases` generated inputs and prints `fuzz <kind>: ...`. `check` returns the
 * case's outcome and throws (or fails an expectation) when the contract is broken; the run then
 * fails with fast-check's shrunk counterexample and the seed to replay it.
 */
export async function fuzz<T>(
  kind: string,
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => Outcome | Promise<Outcome>,
  options: { cases?: number } = {},
): Promise<FuzzFigures> {
  const numRuns = casesFor(options.cases);
  let executed = 0;
  let results = 0;
  let refused = 0;
  const started = performance.now();
  watch(kind);
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      const t0 = performance.now();
      Atomics.add(beat, 0, 1);
      Atomics.store(beat, 1, 1);
      let result: Outcome;
      try {
        result = await check(input);
      } finally {
        Atomics.store(beat, 1, 0);
      }
      const elapsed = performance.now() - t0;
      if (elapsed > HANG_MS) throw new Error(`one case took ${Math.round(elapsed)} ms`);
      // `__proto__` keys in the input must never reach a shared prototype.
      const polluted = Object.getOwnPropertyNames(Object.prototype).filter(
        (name) => !PROTOTYPE_NAMES.has(name),
      );
      if (polluted.length > 0) throw new Error(`Object.prototype gained ${polluted.join(', ')}`);
      // Shrinking re-runs cases after a failure: count the generated ones only.
      if (executed++ < numRuns) {
        if (result === 'result') results++;
        else refused++;
      }
    }),
    { seed: SEED, numRuns },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const figures: FuzzFigures = {
    kind,
    cases: Math.min(executed, numRuns),
    seed: SEED,
    failures: details.failed ? 1 : 0,
    results,
    refused,
  };
  console.log(
    `fuzz ${kind}: ${figures.cases} cases, seed ${SEED}, ${figures.failures} failures ` +
      `(${results} results, ${refused} refused, ${seconds} s)`,
  );
  if (details.failed) {
    // A counterexample may be megabytes long: the head of the report and the seed are enough.
    const report = fc.defaultReportMessage(details) ?? `fuzz ${kind} failed`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance : undefined;
    throw new Error(
      `fuzz ${kind} failed (seed ${SEED}): ${cause?.message.slice(0, 2_000) ?? ''}\n${report.slice(0, 4_000)}`,
    );
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Text mutations, shared by the text-format fuzzers

type Edit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number };

/** Inserts, deletes, duplicates and truncations at relative positions of a text. */
export function mutated(base: fc.Arbitrary<string>, fragments: fc.Arbitrary<string>) {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: fragments }),
    },
    fc.record({ op: fc.constant('delete' as const), at, length: fc.nat(40) }),
    fc.record({ op: fc.constant('duplicate' as const), at, length: fc.nat(200) }),
    fc.record({ op: fc.constant('truncate' as const), at }),
  );
  return fc
    .tuple(base, fc.array(edit, { maxLength: 6 }))
    .map(([text, edits]) => edits.reduce(applyEdit, text));
}

function applyEdit(text: string, edit: Edit): string {
  const i = Math.floor(edit.at * text.length);
  switch (edit.op) {
    case 'insert':
      return text.slice(0, i) + edit.text + text.slice(i);
    case 'delete':
      return text.slice(0, i) + text.slice(i + edit.length);
    case 'duplicate':
      return text.slice(0, i + edit.length) + text.slice(i);
    case 'truncate':
      return text.slice(0, i);
  }
}

/** Short strings that break parsers: control and format characters, surrogates, quotes, BOMs. */
export const oddText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\u0000',
    '\uFEFF',
    '\u2028',
    '\uD800',
    '\uDFFF',
    '"',
    "'",
    '\\',
    '&',
    '<',
    '>',
    '{',
    '}',
    '[',
    ']',
    '#',
    '%',
    'null',
    'true',
    '-1',
    '1e999',
    '0x10',
    'NaN',
    '__proto__',
    'constructor',
    'toString',
  ),
);

/** Occasionally a long text, repeated cheaply (the generators must stay fast). */
export function huge(unit: fc.Arbitrary<string>, maxTimes: number): fc.Arbitrary<string> {
  return fc.tuple(unit, fc.integer({ min: 1, max: maxTimes })).map(([u, n]) => u.repeat(n));
}

// ---------------------------------------------------------------------------------------------
// JSON mutations: one value replaced, removed, wrapped or given an odd sibling key

type Path = (string | number)[];

/** Every path into a JSON value, root first. */
function paths(value: unknown): Path[] {
  const out: Path[] = [];
  const stack: [unknown, Path][] = [[value, []]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() ?? [undefined, []];
    out.push(path);
    if (Array.isArray(current)) current.forEach((v: unknown, i) => stack.push([v, [...path, i]]));
    else if (current !== null && typeof current === 'object')
      for (const [k, v] of Object.entries(current)) stack.push([v, [...path, k]]);
  }
  return out;
}

type Change =
  | { op: 'replace'; value: unknown }
  | { op: 'delete' }
  | { op: 'wrap' }
  | { op: 'proto'; value: unknown }
  | { op: 'extra'; key: string; value: unknown };

function changeOf(jsonLeaf: fc.Arbitrary<unknown>): fc.Arbitrary<Change> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), value: jsonLeaf }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('proto' as const), value: jsonLeaf }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('extra' as const),
        key: fc.oneof(oddText, fc.constantFrom('constructor', 'prototype', 'accessToken')),
        value: jsonLeaf,
      }),
    },
  );
}

/** Applies `c` at the `pick`-th path of a copy of `base`. */
function applyChange(base: unknown, pick: number, c: Change): unknown {
  const root = structuredClone(base);
  const all = paths(root);
  const path = all[pick % all.length] ?? [];
  if (path.length === 0) return c.op === 'replace' ? c.value : c.op === 'wrap' ? [root] : root;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], root);
  const key = path[path.length - 1] ?? '';
  const container = parent as Record<string | number, unknown>;
  switch (c.op) {
    case 'replace':
      container[key] = c.value;
      break;
    case 'delete':
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else Reflect.deleteProperty(container, key);
      break;
    case 'wrap':
      container[key] = [container[key]];
      break;
    case 'proto':
    case 'extra': {
      const target = container[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        // defineProperty: an own `__proto__` key, as JSON.parse makes it.
        Object.defineProperty(target, c.op === 'proto' ? '__proto__' : c.key, {
          value: c.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      break;
    }
  }
  return root;
}

/** A copy of a base JSON value with up to `maxChanges` changes at random paths. */
export function mutatedJson(
  base: fc.Arbitrary<unknown>,
  leaf: fc.Arbitrary<unknown>,
  maxChanges = 3,
): fc.Arbitrary<unknown> {
  return fc
    .tuple(base, fc.array(fc.tuple(fc.nat(), changeOf(leaf)), { maxLength: maxChanges }))
    .map(([value, changes]) => changes.reduce((v, [pick, c]) => applyChange(v, pick, c), value));
}
