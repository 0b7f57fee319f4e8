// `runas-guard compare` end to end: Northwind production and its sandbox `uat` (derived from the
// fixture, test/fixtures/compare/README.md) served by the emulator, saved with `audit
// --save-snapshot`, compared through the CLI: a sandbox that lacks the carrier's integration user
// gives RG-0002 and RG-0032 for Carrier_Tracking only; with the suffix an intact sandbox is
// identical; one side live through `sf` (a stand-in on PATH, as test/e2e/collect-connect.test.ts).

import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { DriftReport } from '../../src/drift/report.js';
import { DriftReportSchema } from '../../src/model/drift-report.js';
import { deriveSandbox, SANDBOX_ORG_ID } from '../fixtures/compare/sandbox.js';
import { runCli } from '../helpers/cli.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';
import { validateSarif } from '../helpers/validate-sarif.js';

const MANIFEST = join(NORTHWIND, 'runas-guard.yaml');
const APPS = ['Carrier_Tracking', 'Ledger_Export', 'Storefront_Orders', 'Supplier_Catalog'];

const tmp = tempDir('rg-compare-');
const lacking = join(tmp, 'sandbox-lacking');
const intact = join(tmp, 'sandbox-intact');
await deriveSandbox(NORTHWIND, lacking, { dropUser: 'carrier.integration' });
await deriveSandbox(NORTHWIND, intact);

const prod = await serveFixture(NORTHWIND);
const uat = await serveFixture(lacking);
const uatIntact = await serveFixture(intact);

const files = {
  prod: join(tmp, 'prod.json'),
  uat: join(tmp, 'uat.json'),
  intact: join(tmp, 'uat-intact.json'),
};

async function save(instanceUrl: string, token: string, file: string): Promise<void> {
  const result = await runCli(
    ['audit', '--instance-url', instanceUrl, '--save-snapshot', file, '--format', 'json'],
    { SF_ACCESS_TOKEN: token },
  );
  expect(result.stderr).toBe('');
  expect(existsSync(file)).toBe(true);
}

async function compare(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runCli(['compare', '--manifest', MANIFEST, ...args], env);
  return result;
}

function parsed(stdout: string): DriftReport {
  return DriftReportSchema.parse(JSON.parse(stdout));
}

function rg0032(report: DriftReport): Record<string, string> {
  return Object.fromEntries(
    (report.findings ?? []).filter((f) => f.ruleId === 'RG-0032').map((f) => [f.app, f.status]),
  );
}

beforeAll(async () => {
  await save(prod.instanceUrl, prod.accessToken, files.prod);
  await save(uat.instanceUrl, uat.accessToken, files.uat);
  await save(uatIntact.instanceUrl, uatIntact.accessToken, files.intact);
}, 120_000);

describe('compare: production and a sandbox without the carrier integration user', () => {
  it('reports RG-0002 and RG-0032 for Carrier_Tracking only (exit 1)', async () => {
    const result = await compare([
      '--source',
      files.prod,
      '--target',
      files.uat,
      '--sandbox-suffix',
      'uat',
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = parsed(result.stdout);
    expect(report.kind).toBe('compare');
    expect(report.from).toMatchObject({
      label: `snapshot ${files.prod}`,
      orgId: '00D8d000004NwTrEAK',
    });
    expect(report.to).toMatchObject({ label: `snapshot ${files.uat}`, orgId: SANDBOX_ORG_ID });
    expect(rg0032(report)).toEqual({
      Carrier_Tracking: 'fail',
      Ledger_Export: 'pass',
      Storefront_Orders: 'pass',
      Supplier_Catalog: 'pass',
    });
    const others = (report.findings ?? []).filter((f) => f.ruleId !== 'RG-0032');
    expect(others.map((f) => [f.ruleId, f.app, f.status])).toEqual([
      ['RG-0002', 'Carrier_Tracking', 'fail'],
    ]);
    const carrier = report.integrations.find((i) => i.app === 'Carrier_Tracking');
    expect(carrier?.integration).toBe('carrier-tracking');
    const user = carrier?.changes.find((c) => c.kind === 'user');
    expect(user).toMatchObject({
      field: 'found',
      from: true,
      to: false,
      breaks: ['carrier-tracking'],
    });
    expect(report.summary.broken).toEqual(['carrier-tracking']);
    const parity = report.findings?.find((f) => f.ruleId === 'RG-0032' && f.status === 'fail');
    expect(parity?.message).toContain('found true → false');
  });

  it('the text report names the change, what it breaks and the findings', async () => {
    const result = await compare([
      '--source',
      files.prod,
      '--target',
      files.uat,
      '--sandbox-suffix',
      'uat',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'run-as user carrier.integration@northwindtraders.com.uat: found true → false  [breaks carrier-tracking]',
    );
    // The same user with and without the suffix is one name in the heading.
    expect(result.stdout).toContain(
      '\ncarrier-tracking (app Carrier_Tracking), run as carrier.integration@northwindtraders.com.uat\n',
    );
    expect(result.stdout).toContain('FAIL CRITICAL RG-0002 Carrier_Tracking');
    expect(result.stdout).toContain('FAIL MEDIUM RG-0032 Carrier_Tracking');
    expect(result.stdout).toContain(
      'Unchanged: ledger-export, storefront-orders, supplier-catalog',
    );
  });

  it('without the suffix every run-as username differs: RG-0032 for all four', async () => {
    const result = await compare([
      '--source',
      files.prod,
      '--target',
      files.intact,
      '--format',
      'json',
    ]);
    const report = parsed(result.stdout);
    expect(Object.values(rg0032(report))).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(report.integrations.map((i) => i.changes[0]?.kind)).toEqual([
      'runAs',
      'runAs',
      'runAs',
      'runAs',
    ]);
  });

  it('with the suffix an intact sandbox is identical: RG-0032 passes, exit 0', async () => {
    const result = await compare([
      '--source',
      files.prod,
      '--target',
      files.intact,
      '--sandbox-suffix',
      'uat',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const report = parsed(result.stdout);
    expect(rg0032(report)).toEqual(Object.fromEntries(APPS.map((a) => [a, 'pass'])));
    expect(report.findings?.filter((f) => f.ruleId !== 'RG-0032')).toEqual([]);
    expect(report.summary.changes).toBe(0);
  });

  it('renders every format from one run; SARIF is valid, JUnit, Markdown and HTML carry RG-0032', async () => {
    const out = join(tmp, 'formats');
    const result = await compare([
      '--source',
      files.prod,
      '--target',
      files.uat,
      '--sandbox-suffix',
      'uat',
      '--format',
      'text,json,sarif,junit,markdown,html',
      '--output-dir',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const read = (name: string): string => readFileSync(join(out, name), 'utf8');
    expect(read('runas-guard.txt')).toContain('Compare: snapshot');
    parsed(read('runas-guard.json'));
    const sarif = JSON.parse(read('runas-guard.sarif')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId).sort()).toEqual(['RG-0002', 'RG-0032']);
    expect(read('runas-guard.junit.xml')).toContain('RG-0032');
    expect(read('runas-guard.md').split('\n')[0]).toContain('runas-guard compare: FAIL');
    const html = read('runas-guard.html');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('RG-0032');
    expect(html).toContain('carrier.integration@northwindtraders.com.uat');
  });

  it('refuses a side that is neither a file nor an alias, or not a snapshot (exit 2)', async () => {
    const missing = await compare(['--source', join(tmp, 'nope.json'), '--target', files.uat]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a file');
    const noTarget = await compare(['--source', files.prod]);
    expect(noTarget.code).toBe(2);
    // A file that is not a snapshot: exit 2 naming it, and no report written.
    const garbage = join(tmp, 'garbage.json');
    await writeFile(garbage, '{"not": "a snapshot"}');
    const report = join(tmp, 'never.json');
    const bad = await compare([
      '--source',
      files.prod,
      '--target',
      garbage,
      '--format',
      'json',
      '--output',
      report,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('garbage.json');
    expect(existsSync(report)).toBe(false);
  });
});

describe('compare: one side live through the Salesforce CLI', () => {
  const bin = join(tmp, 'bin');
  // A stand-in for `sf` (JSON shapes of the pinned CLI, test/fidelity/README.md): alias `uat` only.
  const sf = `#!/usr/bin/env node
const args = process.argv.slice(2);
const alias = args[args.indexOf('--target-org') + 1];
const out = (o, code = 0) => { process.stdout.write(JSON.stringify(o)); process.exit(code); };
if (alias !== 'uat') out({ status: 1, name: 'NamedOrgNotFoundError', message: 'No authorization information found for ' + alias + '.' }, 1);
if (args[0] === 'org' && args[1] === 'display')
  out({ status: 0, result: { instanceUrl: process.env.FAKE_SF_URL + '/', accessToken: "[REDACTED] Use 'sf org auth show-access-token' to view" } });
if (args[0] === 'org' && args[1] === 'auth' && args[2] === 'show-access-token')
  out({ status: 0, result: { accessToken: process.env.FAKE_SF_TOKEN } });
out({ status: 1, name: 'UnknownCommand', message: args.join(' ') }, 1);
`;
  const env = {
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    FAKE_SF_URL: uat.instanceUrl,
    FAKE_SF_TOKEN: uat.accessToken,
  };
  beforeAll(async () => {
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'sf'), sf);
    await chmod(join(bin, 'sf'), 0o755);
  });

  it('--target ALIAS collects the sandbox live: the same findings as its snapshot', async () => {
    const result = await compare(
      ['--source', files.prod, '--target', 'uat', '--sandbox-suffix', 'uat', '--format', 'json'],
      env,
    );
    expect(result.code).toBe(1);
    const report = parsed(result.stdout);
    expect(report.to.label).toBe('org uat');
    expect(rg0032(report).Carrier_Tracking).toBe('fail');
    expect(report.findings?.map((f) => `${f.ruleId} ${f.app} ${f.status}`)).toContain(
      'RG-0002 Carrier_Tracking fail',
    );
  });

  it("an unknown alias is the CLI's error, exit 3", async () => {
    const result = await compare(['--source', files.prod, '--target', 'prod-nope'], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/NamedOrgNotFoundError/);
  });
});
