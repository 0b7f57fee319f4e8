// Preflight parses and scans at the head only the files the change touched (issue 12): the base's
// components and secret-scan results are reused for every blob the sides share, and the result is
// the one of a run that parses and scans both sides in full.

import { beforeAll, describe, expect, it } from 'vitest';

import { NORTHWIND } from '../../test/helpers/emulator.js';
import {
  branchChanges,
  gitProject,
  NORTHWIND_FILES,
  type GitProject,
} from '../../test/helpers/git-project.js';
import { runPreflight } from './run-preflight.js';

const { STOREFRONT, MUTING } = NORTHWIND_FILES;

let repo: GitProject;

const run = (head: string, incremental: boolean, parsed: { base: string[]; head: string[] }) =>
  runPreflight({
    projectDir: repo.project,
    base: 'main',
    head,
    now: '2026-11-25T12:00:00Z',
    generatedAt: '2026-11-25T12:00:00Z',
    incremental,
    probe: { parsed: (side, file) => parsed[side].push(file) },
  });

beforeAll(() => {
  repo = gitProject(
    NORTHWIND,
    ['force-app', 'sfdx-project.json', 'runas-guard.yaml'],
    'preflight-parse',
  );
  branchChanges(repo, ['drop-edit', 'mute-description']);
}, 60_000);

describe('preflight parses at the head only the changed files', () => {
  it.each([
    ['drop-edit', STOREFRONT],
    ['mute-description', MUTING],
  ])(
    '%s: exactly one file parsed at the head, the same report as a full parse',
    async (head, file) => {
      const parsed = { base: [] as string[], head: [] as string[] };
      const outcome = await run(head, true, parsed);
      expect(parsed.head).toEqual([file]);
      // The base parses every metadata file, each once.
      expect(parsed.base.length).toBeGreaterThan(20);
      expect(new Set(parsed.base).size).toBe(parsed.base.length);

      const full = { base: [] as string[], head: [] as string[] };
      const expected = await run(head, false, full);
      expect([...full.head].sort()).toEqual([...parsed.base].sort());
      expect(outcome.report).toEqual(expected.report);
      expect(outcome.gate).toEqual(expected.gate);
      expect(outcome.exitCode).toBe(expected.exitCode);
    },
  );
});
