// Writes docs/diagnoses.md from the probe's diagnosis catalog (src/probe/diagnoses/), formatted the
// way `prettier --check` expects. Run: npx tsx scripts/gen-diagnoses-doc.ts. A test fails when the
// committed file is stale (src/probe/diagnoses-doc.test.ts).

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { format, resolveConfig } from 'prettier';

import { renderDiagnosesDoc } from '../src/probe/diagnoses-doc.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIAGNOSES_DOC = 'docs/diagnoses.md';

/** The file's text as it must be committed. */
export async function generateDiagnosesDoc(): Promise<string> {
  const target = join(ROOT, DIAGNOSES_DOC);
  const config = (await resolveConfig(target)) ?? {};
  return format(renderDiagnosesDoc(), { ...config, filepath: target });
}

async function main(): Promise<void> {
  writeFileSync(join(ROOT, DIAGNOSES_DOC), await generateDiagnosesDoc());
  process.stdout.write(`wrote ${DIAGNOSES_DOC}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main();
