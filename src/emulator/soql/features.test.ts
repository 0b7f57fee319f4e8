// Every row of the SOQL feature table (testing/features.ts) run on the test org, and the table of
// docs/emulator.md ("SOQL") checked against the same rows, so the doc cannot drift from the engine.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { executeSoql, SoqlError } from './index.js';
import { featureTableCells, renderFeatureTable, SOQL_FEATURES } from './testing/features.js';
import { testContext } from './testing/org.js';

const DOC = join(import.meta.dirname, '../../../docs/emulator.md');

function outcome(soql: string): { totalSize: number } | SoqlError {
  try {
    return { totalSize: executeSoql(soql, testContext()).totalSize };
  } catch (err) {
    if (err instanceof SoqlError) return err;
    throw err;
  }
}

/** The rows of the first table under `## SOQL`, as trimmed cells. */
function docTable(markdown: string): string[][] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('SOQL\n'));
  if (section === undefined) return [];
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end < 0 ? undefined : end).map((l) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim()),
  );
}

describe('the SOQL feature table', () => {
  it.each(SOQL_FEATURES.map((f) => [`${f.status}: ${f.feature}`, f] as const))('%s', (_, f) => {
    const got = outcome(f.example);
    if (f.status === 'supported') {
      expect(got, f.example).not.toBeInstanceOf(SoqlError);
      expect(got).toEqual({ totalSize: f.totalSize });
      return;
    }
    expect(got, f.example).toBeInstanceOf(SoqlError);
    const err = got as SoqlError;
    expect(err.status).toBe(400);
    expect({ errorCode: err.errorCode, message: err.message.split('\n').at(-1) }).toEqual({
      errorCode: f.errorCode,
      message: f.message,
    });
    if (f.status === 'not yet supported') expect(err.message).toContain('does not support');
  });

  it('has every status, and no example twice', () => {
    const statuses = new Set(SOQL_FEATURES.map((f) => f.status));
    expect([...statuses].sort()).toEqual(['not yet supported', 'rejected', 'supported']);
    const examples = SOQL_FEATURES.map((f) => f.example);
    expect(new Set(examples).size).toBe(examples.length);
  });

  it('is the table of docs/emulator.md, "SOQL"', () => {
    const inDoc = docTable(readFileSync(DOC, 'utf8'));
    expect(
      inDoc,
      `docs/emulator.md "## SOQL" must hold this table (prettier aligns it):\n${renderFeatureTable()}\n`,
    ).toEqual(featureTableCells());
  });
});
