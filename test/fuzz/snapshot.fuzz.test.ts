// Fuzzing the snapshot reader (parseSnapshot: JSON text → OrgSnapshot or CollectError, exit 2):
// valid snapshots with one value replaced, removed, retyped or given a `__proto__` sibling, text
// cut and spliced, other schema versions, deep nesting and huge strings.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CollectError } from '../../src/collect/errors.js';
import { parseSnapshot } from '../../src/collect/snapshot-file.js';
import type { OrgSnapshot } from '../../src/model/snapshot.js';
import { baseSnapshot, emptySnapshot } from '../helpers/snapshot-builder.js';
import { FUZZ_TIMEOUT_MS, fuzz, huge, mutated, mutatedJson, oddText, outcome } from './harness.js';

const FILE = 'fuzz/prod.json';

const BASES: readonly unknown[] = [baseSnapshot(), emptySnapshot()].map(
  (s: OrgSnapshot) => JSON.parse(JSON.stringify(s)) as unknown,
);

const jsonLeaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  oddText,
  fc.constantFrom(
    '2026-02-30T00:00:00.000Z',
    '2026-11-25T12:00:00.000Z',
    '00D000000000001AAA',
    'live',
    'ExternalClientApplication',
    -1,
    1e308,
    0,
    2,
    true,
    null,
  ),
);

const changed = fc
  .tuple(mutatedJson(fc.constantFrom(...BASES), jsonLeaf), fc.constantFrom(0, 2))
  .map(([value, indent]) => JSON.stringify(value, null, indent));

const jsonFragment = fc.oneof(
  oddText,
  fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\u0000',
    '\\uD800',
    '"__proto__":{},',
    'NaN',
  ),
);

const hostile = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc
    .integer({ min: 1, max: 200_000 })
    .map((n) => `{"schemaVersion":1,"tool":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  huge(fc.constantFrom('x', '\\u00e9', '\\"'), 500_000).map((s) =>
    JSON.stringify({ ...(BASES[0] as object), mode: s }).replace('"mode":"', `"mode":"${s}`),
  ),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '1',
    '"x"',
    '[]',
    '{}',
    '{"schemaVersion":2}',
    '{"schemaVersion":"1"}',
  ),
);

const snapshotText = fc.oneof(
  { weight: 6, arbitrary: changed },
  { weight: 3, arbitrary: mutated(changed, jsonFragment) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
);

function checkSnapshot(text: string) {
  return outcome(
    () => {
      const snapshot = parseSnapshot(text, FILE);
      // What is read reads again the same: nothing half-validated gets through.
      expect(parseSnapshot(JSON.stringify(snapshot), FILE)).toEqual(snapshot);
      expect(snapshot.schemaVersion).toBe(1);
    },
    (error) => {
      if (!(error instanceof CollectError)) return false;
      expect(['SNAPSHOT_INVALID', 'SNAPSHOT_VERSION_UNSUPPORTED']).toContain(error.code);
      expect(error.exitCode).toBe(2);
      expect(error.message.startsWith(`${FILE}: `)).toBe(true);
      // At most 20 issues, each one line: a broken file does not flood the terminal.
      expect(error.message.split('\n').length).toBeLessThanOrEqual(21);
      return true;
    },
  );
}

describe('fuzz: snapshot files', () => {
  it(
    'reads every text as a snapshot or a CollectError naming the file',
    async () => {
      const figures = await fuzz('snapshot', snapshotText, checkSnapshot);
      expect(figures.results).toBeGreaterThan(0);
      expect(figures.refused).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'refuses deep nesting and huge values with a CollectError',
    async () => {
      await fuzz('snapshot-hostile', hostile, checkSnapshot, { cases: 60 });
    },
    FUZZ_TIMEOUT_MS,
  );
});
