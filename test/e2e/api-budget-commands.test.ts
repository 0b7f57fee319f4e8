// --max-requests N on doctor, preflight (its live source) and compare (each live side), over the
// emulator: exactly N requests reach the org's request log, what was not sent is named, the exit
// code is 3, and a
// sufficient N changes nothing. The audit's own budget is test/e2e/api-budget.test.ts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { runCompare } from '../../src/compare/index.js';
import type { DoctorReport } from '../../src/doctor/index.js';
import { loadManifest, type LoadedManifest } from '../../src/manifest/load.js';
import { runPreflight } from '../../src/preflight/run-preflight.js';
import { fixedClock } from '../../src/util/clock.js';
import { runCli } from '../helpers/cli.js';
import { liveSource, NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { branchChanges, gitProject, type GitProject } from '../helpers/git-project.js';
import { tempDir } from '../helpers/guard.js';

const NOW = '2026-11-25T12:00:00.000Z';
const MANIFEST = join(NORTHWIND, 'runas-guard.yaml');

describe('doctor --max-requests', async () => {
  const running = await serveFixture(NORTHWIND);
  const state = running.emulator.state;
  const doctor = async (
    extra: string[] = [],
  ): Promise<{ code: number | null; report: DoctorReport; sent: number; stdout: string }> => {
    const before = state.log.length;
    const result = await runCli(
      ['doctor', '--instance-url', running.instanceUrl, '--format', 'json', ...extra],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    return {
      code: result.code,
      report: JSON.parse(result.stdout) as DoctorReport,
      sent: state.log.length - before,
      stdout: result.stdout,
    };
  };

  it('with N below its need: exactly N requests, the rest not tried (not blamed on a permission), exit 3', async () => {
    const full = await doctor();
    expect(full.code).toBe(0);
    expect(full.report.apiRequests).toBe(full.sent);
    const n = Math.floor(full.sent / 2);
    const { code, report, sent } = await doctor(['--max-requests', String(n)]);
    expect(code).toBe(3);
    expect(sent).toBe(n);
    expect(report.apiRequests).toBe(n);
    expect(report.complete).toBe(false);
    expect(report.maxRequests).toBe(n);
    const notSent = report.requests.filter((r) => r.verdict === 'not-sent');
    expect(notSent.length).toBeGreaterThan(0);
    for (const r of notSent) {
      expect(r.sample).toBe('not-sent');
      expect(r.errorCode).toBe('MAX_REQUESTS_REACHED');
    }
    // The org refused nothing: nothing to grant, no rule blamed.
    expect(report.requests.filter((r) => r.verdict === 'refused')).toEqual([]);
    expect(report.grant).toEqual([]);
    expect(report.rules).toEqual([]);
    // The requests tried are the first ones of the full run, with the same verdicts.
    const tried = report.requests.filter((r) => r.verdict !== 'not-sent');
    expect(tried).toEqual(full.report.requests.slice(0, tried.length));
  });

  it('the text report names the requests not tried and says the verdict is unknown', async () => {
    const result = await runCli(
      ['doctor', '--instance-url', running.instanceUrl, '--max-requests', '12'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/UNTRIED rest\.query\.\w+ +not tried: --max-requests 12 reached/);
    expect(result.stdout).toContain('Verdict: unknown, not every request was tried.');
  });

  it('with N large enough: the same report', async () => {
    const full = await doctor();
    const within = await doctor(['--max-requests', String(full.sent)]);
    expect(within.code).toBe(0);
    expect(within.sent).toBe(full.sent);
    const { maxRequests, ...rest } = within.report;
    expect(maxRequests).toBe(full.sent);
    expect(rest).toEqual(full.report);
  });

  it('refuses a --max-requests that is not a whole number (exit 2)', async () => {
    const result = await runCli(
      ['doctor', '--instance-url', running.instanceUrl, '--max-requests', '1.5'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-requests');
  });
});

describe('preflight --max-requests (the live source)', () => {
  let repo: GitProject;
  let manifest: LoadedManifest | undefined;
  let manifestFile = '';

  beforeAll(async () => {
    repo = gitProject(NORTHWIND, ['force-app', 'sfdx-project.json'], 'preflight-budget');
    branchChanges(repo, ['drop-edit']);
    // Without runAsAccess the access can only come from the org (as test/e2e/preflight-live.test.ts).
    const text = readFileSync(MANIFEST, 'utf8');
    manifestFile = join(tempDir('preflight-budget-'), 'runas-guard.yaml');
    writeFileSync(manifestFile, text.replace(/^ {4}runAsAccess:\n(?: {6}.*\n)+/gm, ''));
    manifest = await loadManifest(manifestFile);
  }, 60_000);

  const org = serveFixture(NORTHWIND, { clock: fixedClock(new Date(NOW)) });
  const run = async (maxRequests?: number) => {
    const running = await org;
    const before = running.emulator.state.log.length;
    const outcome = await runPreflight({
      projectDir: repo.project,
      base: 'main',
      head: 'drop-edit',
      manifest,
      now: NOW,
      generatedAt: NOW,
      live: liveSource(running.instanceUrl, running.accessToken),
      maxRequests,
    });
    return { outcome, sent: running.emulator.state.log.length - before };
  };

  it('with N below the need: exactly N requests, exit 3 naming what was not sent; a sufficient N changes nothing', async () => {
    const full = await run();
    expect(full.outcome.exitCode).toBe(1);
    const n = Math.floor(full.sent / 2);
    const cut = await run(n);
    expect(cut.sent).toBe(n);
    // The live facets not collected make the head's audit incomplete: exit 3, never a pass.
    expect(cut.outcome.exitCode).toBe(3);
    expect(
      cut.outcome.gate.collection.failedRequests.some(
        (f) => f.errorCode === 'MAX_REQUESTS_REACHED',
      ),
    ).toBe(true);
    const within = await run(full.sent);
    expect(within.sent).toBe(full.sent);
    expect(within.outcome.report).toEqual(full.outcome.report);
    expect(within.outcome.exitCode).toBe(full.outcome.exitCode);
  });

  it('through the CLI; without a live source the flag is a usage error (exit 2)', async () => {
    const running = await org;
    const args = ['preflight', '--project', repo.project, '--base', 'main', '--head', 'drop-edit'];
    const before = running.emulator.state.log.length;
    const cut = await runCli(
      [
        ...args,
        '--manifest',
        manifestFile,
        '--instance-url',
        running.instanceUrl,
        '--max-requests',
        '3',
      ],
      { SF_ACCESS_TOKEN: running.accessToken, ...repo.env },
    );
    expect(running.emulator.state.log.length - before).toBe(3);
    // Three requests do not reach the apps: the integrations are not evaluated, which preflight
    // reports as exit 2 (docs/preflight.md), before the incomplete collection's 3.
    expect(cut.code).toBe(2);
    const offline = await runCli([...args, '--max-requests', '3'], repo.env);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('--max-requests applies to a live source');
  });
});

describe('compare --max-requests (each live side)', async () => {
  const prod = await serveFixture(NORTHWIND, { clock: fixedClock(new Date(NOW)) });
  const copy = await serveFixture(NORTHWIND, { clock: fixedClock(new Date(NOW)) });
  const manifest = await loadManifest(MANIFEST);
  const compare = async (maxRequests?: number) => {
    const before = [prod, copy].map((r) => r.emulator.state.log.length);
    const outcome = await runCompare({
      source: {
        label: 'prod',
        source: { kind: 'live', source: liveSource(prod.instanceUrl, prod.accessToken) },
      },
      target: {
        label: 'copy',
        source: { kind: 'live', source: liveSource(copy.instanceUrl, copy.accessToken) },
      },
      manifest,
      now: NOW,
      generatedAt: NOW,
      maxRequests,
    });
    const sent = [prod, copy].map((r, i) => r.emulator.state.log.length - (before[i] ?? 0));
    return { outcome, sent };
  };

  it('with N below a side’s need: exactly N requests to each org, exit 3; a sufficient N changes nothing', async () => {
    const full = await compare();
    expect(full.outcome.exitCode).not.toBe(3);
    const [prodNeed = 0, copyNeed = 0] = full.sent;
    expect(prodNeed).toBe(copyNeed);
    const n = Math.floor(prodNeed / 2);
    const cut = await compare(n);
    expect(cut.sent).toEqual([n, n]);
    expect(cut.outcome.exitCode).toBe(3);
    for (const side of [cut.outcome.sides.source, cut.outcome.sides.target])
      expect(
        side.report.collection.failedRequests.some((f) => f.errorCode === 'MAX_REQUESTS_REACHED'),
      ).toBe(true);
    const within = await compare(prodNeed);
    expect(within.sent).toEqual(full.sent);
    expect(within.outcome.exitCode).toBe(full.outcome.exitCode);
    expect(within.outcome.report.findings).toEqual(full.outcome.report.findings);
  });
});
