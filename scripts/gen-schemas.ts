// Writes the JSON Schemas the package publishes (docs/schemas/) from the zod schemas in src/model
// (the audit, probe, preflight and drift reports, which the tool writes) and src/manifest (the manifest,
// which users write: editors complete it from the descriptions, see docs/manifest.md).
// Run: npx tsx scripts/gen-schemas.ts. test/meta/generated.test.ts fails when the files are stale.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { z } from 'zod';

import { ManifestSchema } from '../src/manifest/schema.js';
import { DriftReportSchema } from '../src/model/drift-report.js';
import { AuditReportSchema } from '../src/model/finding.js';
import { PreflightReportSchema } from '../src/model/preflight-report.js';
import { ProbeReportSchema } from '../src/model/probe-report.js';

export const SCHEMA_BASE_URL = 'https://runas-guard.dev/schemas/';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface SchemaSource {
  /** File name under docs/schemas/, also the last segment of the $id. */
  file: string;
  title: string;
  schema: z.ZodType;
  /** `output` for what the tool writes, `input` for what users write (defaults may be omitted). */
  io: 'input' | 'output';
}

const SOURCES: readonly SchemaSource[] = [
  {
    file: 'report.schema.json',
    title: 'runas-guard audit report',
    schema: AuditReportSchema,
    io: 'output',
  },
  {
    file: 'manifest.schema.json',
    title: 'runas-guard integration manifest',
    schema: ManifestSchema,
    io: 'input',
  },
  {
    file: 'probe.schema.json',
    title: 'runas-guard probe result',
    schema: ProbeReportSchema,
    io: 'output',
  },
  {
    file: 'preflight.schema.json',
    title: 'runas-guard preflight report',
    schema: PreflightReportSchema,
    io: 'output',
  },
  {
    file: 'drift.schema.json',
    title: 'runas-guard drift report (monitor diff, compare)',
    schema: DriftReportSchema,
    io: 'output',
  },
];

/** Every generated file, keyed by its path relative to the repository root. */
export function generateSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const source of SOURCES) {
    const generated = z.toJSONSchema(source.schema, {
      target: 'draft-2020-12',
      io: source.io,
      // Refinements (summary totals, unique fingerprints, the schedule grammar) cannot be
      // expressed; zod still checks them.
      unrepresentable: 'throw',
    }) as Record<string, unknown>;
    const { $schema, description, ...rest } = generated;
    // The identifying keywords first; the rest in zod's order, which follows the source.
    const document = {
      $schema,
      $id: `${SCHEMA_BASE_URL}${source.file}`,
      title: source.title,
      description,
      ...rest,
    };
    files.set(`docs/schemas/${source.file}`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}

function main(): void {
  for (const [path, text] of generateSchemaFiles()) {
    const target = join(ROOT, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    process.stdout.write(`wrote ${path}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  main();
