// docs/diagnoses.md is generated from the catalog: regenerate in memory and compare.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { DIAGNOSES_DOC, generateDiagnosesDoc } from '../../scripts/gen-diagnoses-doc.js';
import { CAUSES, DIAGNOSES } from './diagnoses/index.js';

const committed = readFileSync(join(import.meta.dirname, '../..', DIAGNOSES_DOC), 'utf8');

describe(DIAGNOSES_DOC, () => {
  it('is up to date', async () => {
    expect(committed, 'stale: run `npx tsx scripts/gen-diagnoses-doc.ts`').toBe(
      await generateDiagnosesDoc(),
    );
  });

  it('has a section for every entry and names every cause with its fix', () => {
    for (const entry of DIAGNOSES) expect(committed).toContain(`<a id="${entry.id}"></a>`);
    for (const cause of CAUSES.values()) {
      expect(committed).toContain(`(\`${cause.id}\`)`);
      expect(committed).toContain(cause.fix.replace(/\|/g, '\\|').slice(0, 40));
    }
  });
});
