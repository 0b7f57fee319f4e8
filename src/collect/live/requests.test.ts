import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { chunkBy, encodeQuery } from './requests.js';

/** The length of a rendered IN list: `IN (` + values joined by `, ` + `)`, after a fixed prefix. */
const sizeOf =
  (prefix: number) =>
  (chunk: readonly string[]): number =>
    prefix + 5 + chunk.reduce((n, v, i) => n + v.length + (i === 0 ? 0 : 2), 0);

/** The obvious greedy: one value at a time. */
function linearGreedy(values: readonly string[], size: (c: string[]) => number, max: number) {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const value of values) {
    if (current.length > 0 && size([...current, value]) > max) {
      chunks.push(current);
      current = [value];
    } else current = [...current, value];
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

describe('chunkBy', () => {
  it('cuts 5,000 Ids of 30 bytes each into the fewest chunks under the budget', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `'${String(i).padStart(18, '0')}'`);
    const size = (c: readonly string[]) => 200 + c.length * 30;
    // 14,336 bytes less a prefix of 200 hold 471 Ids (14,130 bytes): 5,000 Ids take 11 chunks.
    const chunks = chunkBy(ids, size, 14_336);
    expect(chunks.map((c) => c.length)).toEqual([...Array<number>(10).fill(471), 290]);
    expect(chunks.flat()).toEqual(ids);
  });

  it('is the greedy cut (the fewest chunks, in order), a value too large going alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 400 }),
        (values, prefix, max) => {
          const size = sizeOf(prefix);
          const chunks = chunkBy(values, size, max);
          expect(chunks).toEqual(linearGreedy(values, size, max));
          for (const [i, chunk] of chunks.entries()) {
            expect(chunk.length).toBeGreaterThan(0);
            if (chunk.length > 1) expect(size(chunk)).toBeLessThanOrEqual(max);
            const next = chunks[i + 1]?.[0];
            if (next !== undefined) expect(size([...chunk, next])).toBeGreaterThan(max);
          }
        },
      ),
    );
  });

  it('measures about 2·log2(k) candidates per chunk of k, not k', () => {
    const values = Array.from({ length: 10_000 }, () => 'x');
    let calls = 0;
    const chunks = chunkBy(
      values,
      (c) => {
        calls++;
        return c.length;
      },
      1_000,
    );
    expect(chunks).toHaveLength(10);
    // Per chunk: 1 + 10 doublings (to 1,024) + 9 bisections; far below 1,000 per chunk.
    expect(calls).toBeLessThanOrEqual(10 * 25);
  });
});

describe('encodeQuery', () => {
  it("encodes as the URL serialiser sends a query string: `'` too", () => {
    const soql = "SELECT Id FROM User WHERE Id IN ('005A', '005B')";
    const url = new URL(`https://example.my.salesforce.com/q?q=${encodeURIComponent(soql)}`);
    expect(`?q=${encodeQuery(soql)}`).toBe(url.search);
    expect(new URL(`https://example.my.salesforce.com/q?q=${encodeQuery(soql)}`).search).toBe(
      `?q=${encodeQuery(soql)}`,
    );
  });
});
