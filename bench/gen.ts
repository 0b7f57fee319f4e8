// npm run bench:gen -- --scale small|medium|enterprise [--seed S] [--apps N] [--fields-per-set M] [--out DIR]
// Writes a generated org fixture (bench/generate.ts) and prints its directory and counts.

import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { generateOrgFixture } from './generate.js';
import { SCALES } from './scales.js';
import type { Scale } from './scales.js';

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new RangeError(`--${name} must be a whole number, got ${value}`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string' },
      apps: { type: 'string' },
      'fields-per-set': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const scale = values.scale as Scale;
  if (!SCALES.includes(scale))
    throw new RangeError(`--scale must be one of ${SCALES.join(', ')}, got ${values.scale}`);
  const seed = integer('seed', values.seed);
  const apps = integer('apps', values.apps);
  const fieldsPerSet = integer('fields-per-set', values['fields-per-set']);
  // Outside the repository by default: an enterprise org is hundreds of MB.
  const dir = resolve(values.out ?? join(tmpdir(), 'runas-guard-orgs', `${scale}-${seed ?? 1}`));
  const started = performance.now();
  const org = await generateOrgFixture(dir, {
    scale,
    ...(seed !== undefined ? { seed } : {}),
    ...(apps !== undefined ? { apps } : {}),
    ...(fieldsPerSet !== undefined ? { fieldsPerSet } : {}),
  });
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${org.dir}\n`);
  for (const [name, count] of Object.entries(org.counts) as [string, number][])
    process.stdout.write(`  ${name}: ${count.toLocaleString('en-US')}\n`);
  process.stdout.write(`  seed: ${org.seed}, written in ${ms} ms\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:gen: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
