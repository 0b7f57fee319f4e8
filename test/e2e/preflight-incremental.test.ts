// Preflight reads at the head only what the change touched (docs/preflight.md, what is read): on
// a git repository the test builds from a copy of the Northwind project, a probe counts the blobs
// read from git on each side, the files the comparison reads and the integrations it compares;
// and the incremental run gives the very report of a run that reads and compares everything.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { runPreflight, type PreflightProbe } from '../../src/preflight/run-preflight.js';
import { NORTHWIND } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

const SETS = 'force-app/main/default/permissionsets';
const STOREFRONT = `${SETS}/Storefront_Orders_Integration.permissionset-meta.xml`;
const UNHELD = `${SETS}/Price_Book_Override.permissionset-meta.xml`;
const MUTING =
  'force-app/main/default/mutingpermissionsets/Supplier_Catalog_Access_Muting.mutingpermissionset-meta.xml';
const LEDGER = 'force-app/main/default/connectedApps/Ledger_Export.connectedApp-meta.xml';

let repo = '';
let project = '';
const gitEnv: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' });
}

function branch(name: string, file: string, edit: (text: string) => string): void {
  git('checkout', '-q', '-b', name, 'main');
  const path = join(project, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, `${name} changes ${file}`).not.toBe(before);
  writeFileSync(path, after);
  git('commit', '-q', '-am', name);
  git('checkout', '-q', 'main');
}

interface Counted {
  blobs: { base: string[]; head: string[] };
  evaluation: string[];
  compared: string[];
  probe: PreflightProbe;
}

function counter(): Counted {
  const counted: Counted = {
    blobs: { base: [], head: [] },
    evaluation: [],
    compared: [],
    probe: {
      blobRead: (side, file) => counted.blobs[side].push(file),
      evaluationRead: (side, file) => counted.evaluation.push(`${side}:${file}`),
      compared: (app) => counted.compared.push(app),
    },
  };
  return counted;
}

const run = (head: string, extra: { incremental?: boolean; probe?: PreflightProbe } = {}) =>
  runPreflight({
    projectDir: project,
    base: 'main',
    head,
    now: '2026-11-25T12:00:00Z',
    generatedAt: '2026-11-25T12:00:00Z',
    ...extra,
  });

beforeAll(() => {
  const home = tempDir('preflight-inc-home-');
  gitEnv.HOME = home;
  gitEnv.GIT_CONFIG_GLOBAL = join(home, '.gitconfig');
  repo = join(tempDir('preflight-inc-'), 'repo');
  project = join(repo, 'northwind');
  mkdirSync(project, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Preflight Test');
  git('config', 'user.email', 'preflight@example.com');
  for (const entry of ['force-app', 'sfdx-project.json', 'runas-guard.yaml'])
    cpSync(join(NORTHWIND, entry), join(project, entry), { recursive: true });
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  branch('drop-edit', STOREFRONT, (t) =>
    t.replace(/(<allowEdit>)true(<\/allowEdit>[\s\S]*?<object>Order<\/object>)/, '$1false$2'),
  );
  branch('relabel', UNHELD, (t) =>
    t.replace('<label>Price Book Override</label>', '<label>Price Book Override (EMEA)</label>'),
  );
  branch('view-all', STOREFRONT, (t) =>
    t.replace(
      '    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiUserOnly</name>',
      '    <userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n    </userPermissions>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiUserOnly</name>',
    ),
  );
  branch('mute-description', MUTING, (t) =>
    t.replace(
      '    <label>',
      '    <fieldPermissions>\n        <editable>true</editable>\n        <field>Product2.Description</field>\n        <readable>false</readable>\n    </fieldPermissions>\n    <label>',
    ),
  );
  branch('ip-relax', LEDGER, (t) =>
    t.replace('<ipRelaxation>ENFORCE</ipRelaxation>', '<ipRelaxation>BYPASS</ipRelaxation>'),
  );
  branch('run-as', LEDGER, (t) =>
    t.replace(
      'ledger.integration@northwindtraders.com</oauthClientCredentialUser>',
      'storefront.integration@northwindtraders.com</oauthClientCredentialUser>',
    ),
  );
}, 60_000);

describe('preflight reads at the head only what the change touched', () => {
  it('a one-file diff to a run-as user’s set: one blob read at the head, only that user’s integration compared', async () => {
    const counted = counter();
    const outcome = await run('drop-edit', { probe: counted.probe });
    expect(outcome.exitCode).toBe(1);
    expect(counted.blobs.head).toEqual([STOREFRONT]);
    // The base is read in full, each blob once (the secret scan reuses what the reader read).
    const all = git('ls-tree', '-r', '--name-only', 'main', '--', 'northwind/')
      .trim()
      .split('\n')
      .map((p) => p.slice('northwind/'.length));
    expect([...counted.blobs.base].sort()).toEqual(all.sort());
    // Only the integrations whose run-as user holds the changed set are compared.
    const holders = outcome.report.integrations
      .filter((i) => i.runAs.head === 'storefront.integration@northwindtraders.com')
      .map((i) => i.app);
    expect(holders).toContain('Storefront_Orders');
    expect([...counted.compared].sort()).toEqual(holders.sort());
    // The comparison reads the changed file of the user's containers, nothing else.
    expect(new Set(counted.evaluation)).toEqual(new Set([`head:${STOREFRONT}`]));
  });

  it('a change to a set no run-as user holds: one blob read at the head, no integration compared', async () => {
    const counted = counter();
    const outcome = await run('relabel', { probe: counted.probe });
    expect(outcome.exitCode).toBe(0);
    expect(counted.blobs.head).toEqual([UNHELD]);
    expect(counted.compared).toEqual([]);
    expect(counted.evaluation).toEqual([]);
  });

  it('a change to an app’s file may reach anyone: every evaluated integration is compared', async () => {
    const counted = counter();
    const outcome = await run('ip-relax', { probe: counted.probe });
    expect(counted.blobs.head).toEqual([LEDGER]);
    const evaluated = outcome.report.integrations
      .filter((i) => i.status === 'evaluated')
      .map((i) => i.app);
    expect(evaluated.length).toBeGreaterThan(1);
    expect([...counted.compared].sort()).toEqual(evaluated.sort());
  });

  it.each(['drop-edit', 'relabel', 'view-all', 'mute-description', 'ip-relax', 'run-as'])(
    '%s: the incremental report is the report of a full read and comparison',
    async (head) => {
      const full = counter();
      const expected = await run(head, { incremental: false, probe: full.probe });
      const actual = await run(head);
      expect(actual.report).toEqual(expected.report);
      expect(actual.gate).toEqual(expected.gate);
      expect(actual.exitCode).toBe(expected.exitCode);
      // The full run did read every blob at the head again.
      expect(full.blobs.head.length).toBeGreaterThan(1);
    },
  );
});
