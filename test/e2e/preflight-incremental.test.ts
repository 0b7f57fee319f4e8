// Preflight reads at the head only what the change touched (docs/preflight.md, what is read): on
// a git repository the test builds from a copy of the Northwind project, a probe counts the blobs
// read from git on each side, the files the comparison reads and the integrations it compares;
// and the incremental run gives the very report of a run that reads and compares everything.

import { beforeAll, describe, expect, it } from 'vitest';

import { runPreflight, type PreflightProbe } from '../../src/preflight/run-preflight.js';
import { NORTHWIND } from '../helpers/emulator.js';
import {
  branchChanges,
  gitProject,
  type GitProject,
  NORTHWIND_FILES,
} from '../helpers/git-project.js';

const { STOREFRONT, UNHELD, LEDGER } = NORTHWIND_FILES;

let repo: GitProject;
let project = '';
const git = (...args: string[]): string => repo.git(args);

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
  repo = gitProject(
    NORTHWIND,
    ['force-app', 'sfdx-project.json', 'runas-guard.yaml'],
    'preflight-inc',
  );
  project = repo.project;
  branchChanges(repo, [
    'drop-edit',
    'relabel',
    'view-all',
    'mute-description',
    'ip-relax',
    'run-as',
  ]);
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
