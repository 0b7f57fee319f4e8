// `runas-guard audit` against the emulator, exactly as against a real org: the planted faults of
// fixtures written by someone else are found, exactly; healthy integrations have no critical or
// high failure; reports validate against the published schema; results do not depend on the
// machine's calendar; a forbidden source is not-evaluated with exit 3.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { AuditReport, Finding } from '../../src/model/finding.js';
import { fixedClock } from '../../src/util/clock.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_ORG, liveSource, NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { validateReport } from '../helpers/validate-report.js';

interface Expected {
  mustFail: { ruleId: string; app: string; resourceName: string }[];
  mayFail?: { ruleId: string; app: string; resourceName: string }[];
  mustNotFailCriticalOrHighOn: string[];
  failuresAreExhaustive: boolean;
  mustBeWaived: { ruleId: string; app: string; resourceName: string }[];
}

const key = (f: {
  ruleId: string;
  app: string;
  resourceName?: string;
  resource?: { name: string };
}): string => `${f.ruleId} ${f.app} ${f.resourceName ?? f.resource?.name ?? ''}`;

function expectedOf(dir: string): Expected {
  return JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
}

function checkAgainstExpected(report: AuditReport, expected: Expected): void {
  const failing = report.findings
    .filter((f) => f.status === 'fail')
    .map(key)
    .sort();
  const must = expected.mustFail.map(key).sort();
  for (const k of must) expect(failing, `must fail: ${k}`).toContain(k);
  if (expected.failuresAreExhaustive) {
    const allowed = new Set([...must, ...(expected.mayFail ?? []).map(key)]);
    expect(
      failing.filter((k) => !allowed.has(k)),
      'unexpected failures',
    ).toEqual([]);
  }
  for (const waived of expected.mustBeWaived) {
    const finding = report.findings.find((f) => key(f) === key(waived));
    expect(finding?.status, key(waived)).toBe('waived');
    expect(finding?.waivedStatus).toBe('fail');
  }
  for (const app of expected.mustNotFailCriticalOrHighOn) {
    const bad = report.findings.filter(
      (f: Finding) =>
        f.app === app &&
        f.status === 'fail' &&
        (f.severity === 'critical' || f.severity === 'high'),
    );
    expect(bad.map(key), `${app} must have no critical or high failure`).toEqual([]);
  }
}

describe.each([
  ['Northwind (someone else’s fixture)', NORTHWIND],
  ['the demo org', DEMO_ORG],
])('audit of %s over HTTP', async (_name, dir) => {
  // A fixed org clock: the two audits of the clock test must see the same org time, whatever the
  // machine's calendar says (that is what the test varies).
  const org = JSON.parse(readFileSync(join(dir, 'emulator.json'), 'utf8')) as { now: string };
  const running = await serveFixture(dir, { clock: fixedClock(new Date(org.now)) });
  const expected = expectedOf(dir);

  it('finds exactly the planted faults through the CLI, as JSON that validates', async () => {
    const result = await runCli(
      [
        'audit',
        '--instance-url',
        running.instanceUrl,
        '--manifest',
        join(dir, 'runas-guard.yaml'),
        '--format',
        'json',
      ],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(validateReport(report)).toEqual([]);
    checkAgainstExpected(report, expected);
    expect(result.code).toBe(1);
    expect(report.collection.mode).toBe('live');
    expect(report.collection.failedRequests).toEqual([]);
    for (const token of running.emulator.state.sessions.tokens())
      expect(result.stdout).not.toContain(token);
  });

  it('gives the same findings with the machine clock a year ahead (the org clock decides)', async () => {
    const manifest = await loadManifest(join(dir, 'runas-guard.yaml'));
    const audit = async (): Promise<Finding[]> =>
      (
        await runAudit({
          source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
          manifest,
        })
      ).report.findings;
    const today = await audit();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 366 * 86_400_000 });
    try {
      expect(await audit()).toEqual(today);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('audit with an auditor that lacks Modify Metadata', async () => {
  const running = await serveFixture(NORTHWIND, {
    variant: (org) => {
      // The auditor keeps View Setup and Manage Users (the profile) but loses the admin's Modify Metadata.
      const auditor = org.profiles.find((p) => p.fullName === 'Admin');
      if (auditor)
        auditor.userPermissions = auditor.userPermissions.filter(
          (p) => p !== 'ModifyMetadata' && p !== 'ModifyAllData',
        );
    },
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the Connected App rules not-evaluated, names the permission, and exits 3', async () => {
    const result = await runCli(
      ['audit', '--instance-url', running.instanceUrl, '--format', 'json'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(validateReport(report)).toEqual([]);
    expect(result.code).toBe(3);
    const failed = report.collection.failedRequests;
    expect(failed.some((r) => (r.permission ?? '').includes('Modify Metadata'))).toBe(true);
    const notEvaluated = report.findings.filter(
      (f) => f.status === 'not-evaluated' && f.messageId === 'requestFailed',
    );
    expect(notEvaluated.length).toBeGreaterThan(0);
    expect(notEvaluated.some((f) => f.message.includes('Modify Metadata'))).toBe(true);
    expect(
      report.findings.some(
        (f) => f.status === 'pass' && f.ruleId === 'RG-0001' && f.app === 'Ledger_Export',
      ),
    ).toBe(false);
  });

  it('exits by the findings instead with --allow-incomplete', async () => {
    const result = await runCli(
      ['audit', '--instance-url', running.instanceUrl, '--format', 'json', '--allow-incomplete'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect([0, 1]).toContain(result.code);
  });
});
