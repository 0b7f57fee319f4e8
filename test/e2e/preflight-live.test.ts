// Preflight with a live source (docs/preflight.md): the run-as users and their assignments from the
// org (the emulator serving Northwind, over HTTP), the change from git. With a manifest that
// declares no runAsAccess, the integrations are evaluated through the org's assignments.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { loadManifest, type LoadedManifest } from '../../src/manifest/load.js';
import { runPreflight } from '../../src/preflight/run-preflight.js';
import { fixedClock } from '../../src/util/clock.js';
import { runCli } from '../helpers/cli.js';
import { liveSource, NORTHWIND, serveFixture } from '../helpers/emulator.js';
import {
  branchChanges,
  gitProject,
  type GitProject,
  NORTHWIND_FILES,
} from '../helpers/git-project.js';
import { tempDir } from '../helpers/guard.js';

const NOW = '2026-11-25T12:00:00.000Z';
const { STOREFRONT } = NORTHWIND_FILES;

let repo: GitProject;
let project = '';
let manifest: LoadedManifest | undefined;
let manifestFile = '';

beforeAll(async () => {
  repo = gitProject(NORTHWIND, ['force-app', 'sfdx-project.json'], 'preflight-live');
  project = repo.project;
  branchChanges(repo, ['drop-edit', 'relabel']);
  // The Northwind manifest without any runAsAccess: the access can only come from the org.
  const text = readFileSync(join(NORTHWIND, 'runas-guard.yaml'), 'utf8');
  const undeclared = text.replace(/^ {4}runAsAccess:\n(?: {6}.*\n)+/gm, '');
  expect(undeclared).not.toContain('runAsAccess');
  manifestFile = join(tempDir('preflight-live-manifest-'), 'runas-guard.yaml');
  writeFileSync(manifestFile, undeclared);
  manifest = await loadManifest(manifestFile);
}, 60_000);

describe('preflight with a live source: assignments from the org, the change from git', async () => {
  const org = await serveFixture(NORTHWIND, { clock: fixedClock(new Date(NOW)) });
  const run = (head: string, live: boolean, incremental = true) =>
    runPreflight({
      incremental,
      projectDir: project,
      base: 'main',
      head,
      manifest,
      now: NOW,
      generatedAt: NOW,
      ...(live ? { live: liveSource(org.instanceUrl, org.accessToken) } : {}),
    });

  it('without it, nothing declared: every integration is not-evaluated, exit 2', async () => {
    const outcome = await run('drop-edit', false);
    expect(outcome.exitCode).toBe(2);
    const storefront = outcome.report.integrations.find((i) => i.app === 'Storefront_Orders');
    expect(storefront?.status).toBe('not-evaluated');
  });

  it('with it, removing Edit on Order from the set the org assigns: RG-0033 at the changed line, exit 1', async () => {
    const outcome = await run('drop-edit', true);
    const storefront = outcome.report.integrations.find((i) => i.app === 'Storefront_Orders');
    expect(storefront?.status).toBe('evaluated');
    expect(storefront?.lost.map((c) => c.permission)).toEqual(['Order edit']);
    const breaks = outcome.report.findings.filter((f) => f.ruleId === 'RG-0033');
    expect(breaks.map((f) => f.app)).toEqual(['Storefront_Orders']);
    const lines = readFileSync(join(project, STOREFRONT), 'utf8').split('\n');
    const order = lines.findIndex((l) => l.includes('<object>Order</object>'));
    const edit = lines.slice(0, order).findLastIndex((l) => l.includes('<allowEdit>')) + 1;
    expect(breaks[0]?.evidence?.location).toEqual({ file: STOREFRONT, line: edit });
    expect(outcome.exitCode).toBe(1);
  });

  it('through the CLI: --instance-url with the token in SF_ACCESS_TOKEN, never printed', async () => {
    const { code, stdout, stderr } = await runCli(
      [
        'preflight',
        '--project',
        project,
        '--base',
        'main',
        '--head',
        'drop-edit',
        '--manifest',
        manifestFile,
        '--instance-url',
        org.instanceUrl,
        '--now',
        NOW,
        '--format',
        'json',
      ],
      { SF_ACCESS_TOKEN: org.accessToken, ...repo.env },
    );
    expect(stderr).not.toContain(org.accessToken);
    expect(stdout).not.toContain(org.accessToken);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; app: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'RG-0033').map((f) => f.app)).toEqual([
      'Storefront_Orders',
    ]);
  });

  it('reading only what changed gives the report of a full read with the org’s assignments too', async () => {
    for (const head of ['drop-edit', 'relabel']) {
      const full = await run(head, true, false);
      const incremental = await run(head, true);
      expect(incremental.report).toEqual(full.report);
      expect(incremental.exitCode).toBe(full.exitCode);
    }
  });

  it('an org that refuses the token: exit 3, nothing on stdout', async () => {
    const { code, stdout } = await runCli(
      [
        'preflight',
        '--project',
        project,
        '--base',
        'main',
        '--head',
        'drop-edit',
        '--manifest',
        manifestFile,
        '--instance-url',
        org.instanceUrl,
      ],
      { SF_ACCESS_TOKEN: 'not-a-token', ...repo.env },
    );
    expect(code).toBe(3);
    expect(stdout).toBe('');
  });

  it('with it, a change to a set no run-as user holds introduces nothing', async () => {
    const outcome = await run('relabel', true);
    expect(outcome.report.summary.introduced).toBe(0);
    expect(outcome.report.integrations.every((i) => i.lost.length + i.gained.length === 0)).toBe(
      true,
    );
    expect(outcome.report.integrations.map((i) => i.status)).toEqual(
      outcome.report.integrations.map(() => 'evaluated'),
    );
    expect(outcome.exitCode).toBe(0);
  });
});
