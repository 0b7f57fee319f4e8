// Generated files are never edited by hand: regenerate in memory and compare with what is committed.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateSchemaFiles, SCHEMA_BASE_URL } from '../../scripts/gen-schemas.js';
import { STATUSES } from '../../src/model/finding.js';

const ROOT = join(import.meta.dirname, '../..');
const STALE = 'is stale: run `npx tsx scripts/gen-schemas.ts` and commit the result';

describe('docs/schemas', () => {
  const generated = generateSchemaFiles();

  for (const [path, text] of generated) {
    it(`${path} is up to date`, () => {
      const committed = readFileSync(join(ROOT, path), 'utf8');
      expect(committed, `${path} ${STALE}`).toBe(text);
    });
  }

  it('holds only generated files', () => {
    const files = readdirSync(join(ROOT, 'docs/schemas')).map((name) => `docs/schemas/${name}`);
    expect(files.sort(), `docs/schemas ${STALE}`).toEqual([...generated.keys()].sort());
  });

  it('publishes a draft 2020-12 schema with a stable $id, derived from the zod schema', () => {
    const text = generated.get('docs/schemas/report.schema.json') ?? '';
    expect(text.endsWith('}\n')).toBe(true);
    const schema = JSON.parse(text) as {
      $schema: string;
      $id: string;
      additionalProperties: boolean;
      properties: {
        findings: { items: { required: string[]; properties: { status: { enum: string[] } } } };
      };
    };
    expect(Object.keys(schema).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description']);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`${SCHEMA_BASE_URL}report.schema.json`);
    expect(schema.additionalProperties).toBe(false);
    const finding = schema.properties.findings.items;
    expect(finding.required).toContain('fingerprint');
    expect(finding.properties.status.enum).toEqual([...STATUSES]);
  });

  it('generates the same text twice', () => {
    expect([...generateSchemaFiles()]).toEqual([...generated]);
  });
});
