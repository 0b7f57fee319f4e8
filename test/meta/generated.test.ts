// Generated files are never edited by hand: regenerate in memory and compare with what is committed.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parse as parseYaml } from 'yaml';

import { generateSchemaFiles, SCHEMA_BASE_URL } from '../../scripts/gen-schemas.js';
import { STATUSES } from '../../src/model/finding.js';
import { validateJsonSchema } from '../helpers/validate-report.js';
import type { JsonSchema } from '../helpers/validate-report.js';

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

describe('docs/schemas/manifest.schema.json', () => {
  const text = generateSchemaFiles().get('docs/schemas/manifest.schema.json') ?? '';
  const schema = JSON.parse(text) as Record<string, unknown>;
  const MANIFESTS = [
    'test/fixtures/orgs/northwind-integrations/runas-guard.yaml',
    'demo/org/runas-guard.yaml',
  ];

  // The report validator knows every keyword zod emits here but minItems; this file checks that
  // keyword itself (below) and validates the rest.
  function withoutMinItems(node: unknown): JsonSchema {
    if (Array.isArray(node)) return node.map(withoutMinItems) as unknown as JsonSchema;
    if (node === null || typeof node !== 'object') return node as JsonSchema;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== 'minItems')
        .map(([key, value]) => [key, withoutMinItems(value)]),
    );
  }
  const validate = (doc: unknown) => validateJsonSchema(withoutMinItems(schema), doc);
  const read = (path: string): unknown => parseYaml(readFileSync(join(ROOT, path), 'utf8'));

  it('has a stable $id and title, and is strict at the root', () => {
    expect(Object.keys(schema).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description']);
    expect(schema.$id).toBe(`${SCHEMA_BASE_URL}manifest.schema.json`);
    expect(schema.additionalProperties).toBe(false);
  });

  it('documents every key, for editor completion', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const properties = (record.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, sub] of Object.entries(properties)) {
        if (typeof sub.description !== 'string' || sub.description === '')
          undocumented.push(`${path}.${key}`);
        walk(sub, `${path}.${key}`);
      }
      walk(record.items, `${path}[]`);
      walk(record.additionalProperties, `${path}.*`);
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
  });

  it.each(MANIFESTS)('accepts %s', (path) => {
    expect(validate(read(path))).toEqual([]);
  });

  it('rejects an unknown key, a bad action, a waiver without expiry and a bad schedule', () => {
    const manifest = read(MANIFESTS[0] ?? '') as {
      integrations: Record<string, unknown>[];
      waivers: Record<string, unknown>[];
    };
    const first = manifest.integrations[0] ?? {};
    const waiver = manifest.waivers[0] ?? {};
    const issues = validate({
      ...manifest,
      integrations: [
        {
          ...first,
          runAss: 'x@y.z',
          schedule: 'Mon-Fry 06:00-20:00',
          needs: { objects: { Account: ['raed'] } },
        },
      ],
      waivers: [{ ...waiver, expires: undefined }],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/integrations\.0.*runAss/),
        expect.stringMatching(/integrations\.0\.schedule/),
        expect.stringMatching(/objects\.Account\.0/),
        expect.stringMatching(/waivers\.0.*expires/),
      ]),
    );
  });

  it('requires at least one action per object and field', () => {
    const needs = (
      (schema.properties as Record<string, { items: { properties: Record<string, unknown> } }>)
        .integrations?.items.properties.needs as {
        properties: Record<string, { additionalProperties: { minItems?: number } }>;
      }
    ).properties;
    expect(needs.objects?.additionalProperties.minItems).toBe(1);
    expect(needs.fields?.additionalProperties.minItems).toBe(1);
  });

  it('is what docs/manifest.md tells editors to use', () => {
    const docs = readFileSync(join(ROOT, 'docs/manifest.md'), 'utf8');
    expect(docs).toContain(`# yaml-language-server: $schema=${String(schema.$id)}`);
  });
});
