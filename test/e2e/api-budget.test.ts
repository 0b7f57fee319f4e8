// The API budget over the emulator: the Sforce-Limit-Info header on REST answers, the audit's
// report of the org's daily usage read from it (no request of its own), and --max-requests.

import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadOrgFixture } from '../../src/fixture/index.js';
import type { AuditReport } from '../../src/model/finding.js';
import { fixedClock } from '../../src/util/clock.js';
import { runCli } from '../helpers/cli.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

describe('Sforce-Limit-Info', async () => {
  const running = await serveFixture(NORTHWIND);
  const max = running.emulator.state.org.behaviour.dailyApiRequests;

  it('carries the org counter and allowance on each REST and Tooling answer', async () => {
    const get = (path: string): Promise<Response> =>
      fetch(`${running.instanceUrl}${path}`, {
        headers: { Authorization: `Bearer ${running.accessToken}` },
      });
    const rest = await get('/services/data/v62.0/query?q=SELECT+Id+FROM+Organization');
    expect(rest.status).toBe(200);
    const used = running.emulator.state.apiRequests;
    expect(used).toBeGreaterThan(0);
    expect(rest.headers.get('sforce-limit-info')).toBe(`api-usage=${used}/${max}`);
    const tooling = await get('/services/data/v62.0/tooling/query?q=SELECT+Id+FROM+PermissionSet');
    expect(tooling.status).toBe(200);
    expect(tooling.headers.get('sforce-limit-info')).toBe(`api-usage=${used + 1}/${max}`);
    // An answer without a session counts nothing and carries no usage.
    const anonymous = await fetch(`${running.instanceUrl}/services/data/v62.0/limits`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('sforce-limit-info')).toBeNull();
  });
});

describe('audit: requests sent, daily usage and --max-requests', async () => {
  // A fixed org clock: runs compared with each other read the same history window.
  const org = await loadOrgFixture(NORTHWIND);
  const running = await serveFixture(NORTHWIND, { clock: fixedClock(new Date(org.info.now)) });
  const state = running.emulator.state;
  const manifest = join(NORTHWIND, 'runas-guard.yaml');
  const audit = async (
    extra: string[] = [],
  ): Promise<{ code: number | null; report: AuditReport; stderr: string; sent: number }> => {
    const before = state.log.length;
    const result = await runCli(
      [
        'audit',
        '--instance-url',
        running.instanceUrl,
        '--manifest',
        manifest,
        '--format',
        'json',
        ...extra,
      ],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    return {
      code: result.code,
      report: JSON.parse(result.stdout) as AuditReport,
      stderr: result.stderr,
      sent: state.log.length - before,
    };
  };

  it('reports used/max equal to the emulator counter after the run, with no request of its own', async () => {
    const { code, report, sent } = await audit();
    expect(code).toBe(1);
    expect(report.collection.apiRequests).toBe(sent);
    expect(report.collection.apiUsage).toEqual({
      used: state.apiRequests,
      max: state.org.behaviour.dailyApiRequests,
    });
    expect(state.log.some((e) => e.path.endsWith('/limits'))).toBe(false);
  });

  it('with N below what the audit needs: exactly N requests sent, exit 3 naming the requests not sent', async () => {
    const full = await audit();
    const n = Math.floor(full.sent / 2);
    const { code, report, stderr, sent } = await audit(['--max-requests', String(n)]);
    expect(code).toBe(3);
    expect(sent).toBe(n);
    expect(report.collection.apiRequests).toBe(n);
    const refused = report.collection.failedRequests.filter(
      (f) => f.errorCode === 'MAX_REQUESTS_REACHED',
    );
    expect(refused.length).toBeGreaterThan(0);
    for (const f of refused) expect(f.message).toContain(`--max-requests ${n} reached`);
    expect(stderr).toContain(refused[0]?.request ?? '?');
  });

  it('with N large enough: the same report as without the flag', async () => {
    const without = await audit();
    const within = await audit(['--max-requests', String(without.sent)]);
    expect(within.code).toBe(without.code);
    expect(within.sent).toBe(without.sent);
    expect(within.report.findings).toEqual(without.report.findings);
    expect(within.report.collection.failedRequests).toEqual(
      without.report.collection.failedRequests,
    );
  });

  it('monitor record takes the same budget: exactly N requests, exit 3', async () => {
    const db = join(tempDir('rg-budget-'), 'history.sqlite');
    const before = state.log.length;
    const result = await runCli(
      [
        'monitor',
        'record',
        '--db',
        db,
        '--instance-url',
        running.instanceUrl,
        '--manifest',
        manifest,
        '--max-requests',
        '4',
      ],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(3);
    expect(state.log.length - before).toBe(4);
  });

  it('refuses a --max-requests that is not a whole number (exit 2)', async () => {
    const result = await runCli(
      ['audit', '--instance-url', running.instanceUrl, '--max-requests', '-1'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-requests');
  });
});
