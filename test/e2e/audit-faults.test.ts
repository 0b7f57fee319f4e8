// Issue 8's measured cases, each against the emulator with its fault rules: a failed, partial or
// hostile answer is never a pass, never a crash, never a hang, and never sends the token elsewhere.
// "No false pass": every finding of a faulty run equals the fault-free run's, or is not-evaluated
// or error, and the exit code is 3.

import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import type { AuditOutcome, AuditRequest } from '../../src/audit/run-audit.js';
import { CATALOG } from '../../src/collect/catalog.js';
import { CollectError } from '../../src/collect/errors.js';
import { resolveLiveSource } from '../../src/collect/live/connect.js';
import type { FaultRule } from '../../src/emulator/faults.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { LoadedManifest } from '../../src/manifest/load.js';
import type { Finding } from '../../src/model/finding.js';
import type { OrgModel } from '../../src/model/org.js';
import type { Facet } from '../../src/model/snapshot.js';
import { fixedClock } from '../../src/util/clock.js';
import type { Clock } from '../../src/util/clock.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_ORG, liveSource, NORTHWIND } from '../helpers/emulator.js';
import { guard } from '../helpers/guard.js';
import { startCatcher } from '../helpers/hostile.js';

/** Short timeouts and quick retries, so that a stalled answer costs a test little. */
const LIMITS = { idleTimeoutMs: 300, requestTimeoutMs: 3_000, backoffMs: 1, retries: 2 };

/** Serves `org` with `faults` until the end of the file, watched by the suite's guards. */
async function serve(
  org: OrgModel,
  faults: FaultRule[] = [],
  clock?: Clock,
): Promise<RunningEmulator> {
  const running = await startEmulator({ org, faults, ...(clock === undefined ? {} : { clock }) });
  guard.watchEmulator('the emulator of a fault test', running);
  afterAll(() => running.close());
  return running;
}

type Result = AuditOutcome | CollectError;

async function audit(
  running: RunningEmulator,
  manifest: LoadedManifest | undefined,
  extra: Partial<AuditRequest> = {},
): Promise<Result> {
  try {
    return await runAudit({
      source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
      manifest,
      limits: LIMITS,
      ...extra,
    });
  } catch (error) {
    if (error instanceof CollectError) return error;
    throw error; // a crash: the test fails with it
  }
}

function outcome(result: Result): AuditOutcome {
  if (result instanceof CollectError) throw new Error(`collection stopped: ${result.message}`);
  return result;
}

/** Findings that a faulty run reports differently from the fault-free run, other than unknown. */
function falsePasses(baseline: readonly Finding[], faulty: Result): string[] {
  if (faulty instanceof CollectError) return faulty.exitCode === 3 ? [] : ['exit code not 3'];
  const byPrint = new Map(faulty.report.findings.map((f) => [f.fingerprint, f]));
  // Apps that could not be listed cannot be judged: their findings may be absent, but only when the
  // run names the failed listing and exits 3.
  const appsUnlisted =
    faulty.exitCode === 3 &&
    faulty.report.collection.failedRequests.some((f) => APP_REQUESTS.has(f.request));
  const wrong: string[] = [];
  for (const expected of baseline) {
    const actual = byPrint.get(expected.fingerprint);
    const status = actual?.status;
    if (status === expected.status || status === 'not-evaluated' || status === 'error') continue;
    if (status === undefined && appsUnlisted) continue;
    wrong.push(
      `${expected.ruleId} ${expected.app}: ${expected.status} became ${status ?? 'absent'}`,
    );
  }
  // A finding that became unknown (or went missing) must make the run incomplete: exit 3.
  const degraded = baseline.some((f) => byPrint.get(f.fingerprint)?.status !== f.status);
  if (degraded && faulty.exitCode !== 3)
    wrong.push(`findings degraded but exit ${faulty.exitCode}`);
  return wrong;
}

const APP_REQUESTS = new Set(CATALOG.filter((e) => e.facet === 'apps').map((e) => e.id as string));

/** The ids of the rules that read any of these facets. */
function rulesNeeding(...facets: Facet[]): string[] {
  return RULES.filter((r) => r.meta.requires.some((f) => facets.includes(f))).map((r) => r.meta.id);
}

const demoOrg = await loadOrgFixture(DEMO_ORG);
const demoManifest = await loadManifest(join(DEMO_ORG, 'runas-guard.yaml'));

describe('the fault-free demo org', async () => {
  const running = await serve(demoOrg);
  it('is the baseline: complete, with failures', async () => {
    const base = outcome(await audit(running, demoManifest));
    expect(base.report.collection.failedRequests).toEqual([]);
    expect(base.exitCode).toBe(1);
  });
});

describe('case 1: a failed Metadata API call is never a pass', async () => {
  const baseRunning = await serve(demoOrg);
  let baseline: Finding[] = [];
  let soapCalls = 0;
  beforeAll(async () => {
    const before = baseRunning.emulator.state.log.length;
    baseline = outcome(await audit(baseRunning, demoManifest)).report.findings;
    soapCalls = baseRunning.emulator.state.log
      .slice(before)
      .filter((e) => e.path.startsWith('/services/Soap/')).length;
  });

  it('fails each Metadata API call in turn (500, 503, reset, truncated): no false pass', async () => {
    expect(soapCalls).toBeGreaterThanOrEqual(4);
    const kinds: Omit<FaultRule, 'path'>[] = [
      { status: 500, errorCode: 'UNKNOWN_EXCEPTION' },
      { status: 503, errorCode: 'SERVER_UNAVAILABLE' },
      { drop: true },
      { truncate: true },
    ];
    const wrong: string[] = [];
    for (let k = 0; k < soapCalls; k++) {
      for (const kind of kinds) {
        // `times: 3` outlasts the retries of an idempotent read.
        const running = await serve(demoOrg, [
          { method: 'POST', path: '^/services/Soap/m/', after: k, times: 3, ...kind },
        ]);
        const result = await audit(running, demoManifest);
        const problems = falsePasses(baseline, result);
        if (problems.length > 0)
          wrong.push(`SOAP call ${k + 1} ${JSON.stringify(kind)}: ${problems.join('; ')}`);
        await running.close();
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names the session settings not-evaluated when listMetadata of profiles fails', async () => {
    // The Tooling Profile fallback reads IP ranges and login hours, never session settings.
    const running = await serve(demoOrg, [
      {
        method: 'POST',
        path: '^/services/Soap/m/',
        status: 500,
        errorCode: 'UNKNOWN_EXCEPTION',
        // The fourth Metadata API call of the demo org: listMetadata of Profile and ProfileSessionSetting.
        after: 3,
        times: 3,
      },
    ]);
    const run = outcome(await audit(running, demoManifest));
    const sessionRules = run.report.findings.filter((f) =>
      ['RG-0018', 'RG-0027'].includes(f.ruleId),
    );
    expect(sessionRules.length).toBeGreaterThan(0);
    expect(new Set(sessionRules.map((f) => f.status))).toEqual(new Set(['not-evaluated']));
    expect(run.report.collection.failedRequests.map((f) => f.request)).toContain(
      'metadata.listMetadata.profiles',
    );
    // A 500 that is not a SOAP fault is transient: sent twice more, then given up.
    expect(run.report.collection.retries).toBe(2);
    expect(run.exitCode).toBe(3);
  });
});

describe('case 2: a redirect never carries the token to another host', async () => {
  const catcher = await startCatcher();
  afterAll(() => catcher.close());
  const running = await serve(demoOrg, [
    {
      path: '/query$',
      query: 'FROM OauthToken',
      status: 302,
      location: `${catcher.url}/services/data/v62.0/query`,
    },
    {
      path: '/query$',
      query: 'FROM SetupAuditTrail',
      status: 307,
      location: '/services/data/v62.0/query/01gFAKE-2000',
    },
  ]);

  it('fails the redirected requests, sends nothing to the other port, and exits 3', async () => {
    const run = outcome(await audit(running, demoManifest));
    expect(catcher.requests).toEqual([]);
    const failed = run.report.collection.failedRequests;
    expect(failed.map((f) => [f.request, f.errorCode])).toEqual(
      expect.arrayContaining([
        ['rest.query.OauthToken', 'REDIRECT_REFUSED'],
        ['rest.query.SetupAuditTrail', 'REDIRECT_REFUSED'],
      ]),
    );
    const dependent = run.report.findings.filter((f) =>
      rulesNeeding('oauthTokens', 'auditTrail').includes(f.ruleId),
    );
    expect(dependent.length).toBeGreaterThan(0);
    expect(dependent.filter((f) => f.status !== 'not-evaluated')).toEqual([]);
    expect(run.exitCode).toBe(3);
  });
});

describe('cases 3 and 4: the auditor app re-mints once, and a bad token answer is a clear failure', async () => {
  const northwind = await loadOrgFixture(NORTHWIND);
  const auditor = {
    app: 'RunAs_Guard_Auditor',
    consumerKey: '3MVG9RunAsGuardAuditorKeyForTheFaultTests',
    consumerSecret: 'auditor-secret-fault-tests-8d1e',
  };
  northwind.apps.push({
    type: 'ExternalClientApplication',
    name: auditor.app,
    label: 'RunAs Guard Auditor',
    consumerKey: auditor.consumerKey,
    clientCredentialsEnabled: true,
    runAsUsername: 'grace.okafor@northwindtraders.com',
    adminApproved: false,
    preAuthorizedProfiles: [],
    preAuthorizedPermissionSets: [],
    scopes: ['Api'],
    enabled: true,
    location: { file: 'externalClientApps/RunAs_Guard_Auditor.eca' },
  });
  northwind.clients.push(auditor);
  const env = { RG_FAULT_AUDITOR: auditor.consumerSecret };

  async function auditAsApp(
    faults: FaultRule[],
  ): Promise<{ result: Result; tokenRequests: number }> {
    const running = await serve(northwind, faults);
    const source = resolveLiveSource(
      {
        instanceUrl: running.instanceUrl,
        auditorClientId: auditor.consumerKey,
        auditorClientSecretEnv: 'RG_FAULT_AUDITOR',
      },
      env,
    );
    if (source === undefined) throw new Error('no source');
    let result: Result;
    try {
      result = await runAudit({ source: { kind: 'live', source }, limits: LIMITS });
    } catch (error) {
      if (!(error instanceof CollectError)) throw error;
      result = error;
    }
    const tokenRequests = running.emulator.state.log.filter(
      (e) => e.path === '/services/oauth2/token',
    ).length;
    await running.close();
    return { result, tokenRequests };
  }

  // The org ends the session in the middle of the collection; the second token answer is broken.
  const expire: FaultRule = {
    path: '/query$',
    query: 'FROM PermissionSetAssignment',
    expireSessions: true,
    times: 1,
  };
  const secondToken = { method: 'POST', path: '^/services/oauth2/token$', after: 1 } as const;

  for (const [name, broken] of [
    [
      'an HTML page',
      { ...secondToken, status: 200, body: '<html><body>Down for maintenance</body></html>' },
    ],
    ['a truncated answer', { ...secondToken, truncate: true }],
    ['an empty object', { ...secondToken, status: 200, jsonBody: {} }],
  ] as const) {
    it(`stops with AUTH_FAILED and Salesforce-style text when the re-mint answers ${name}`, async () => {
      const { result, tokenRequests } = await auditAsApp([expire, broken]);
      expect(result).toBeInstanceOf(CollectError);
      expect(result).toMatchObject({ code: 'AUTH_FAILED', exitCode: 3 });
      expect((result as CollectError).message).not.toMatch(/Cannot read|undefined|UNKNOWN_ERROR/);
      expect(tokenRequests).toBe(2); // the first mint and one re-mint: no token storm
    });
  }

  it('re-mints a token the org refuses at once only once', async () => {
    // Every session ends before every query: a fresh token is refused too.
    const { result, tokenRequests } = await auditAsApp([{ path: '/query$', expireSessions: true }]);
    expect(result).toMatchObject({ code: 'AUTH_FAILED', exitCode: 3 });
    expect(tokenRequests).toBeLessThanOrEqual(3);
  });

  it("names Salesforce's error for wrong credentials", async () => {
    const running = await serve(northwind);
    const source = resolveLiveSource(
      {
        instanceUrl: running.instanceUrl,
        auditorClientId: auditor.consumerKey,
        auditorClientSecretEnv: 'WRONG',
      },
      { WRONG: 'not-the-secret' },
    );
    const error = await source?.connect().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect((error as Error).message).toMatch(/invalid_client/);
    expect((error as Error).message).not.toContain('not-the-secret');
  });
});

describe('case 5: a server that stalls or drips ends within the deadline', async () => {
  const stalled = await serve(demoOrg, [
    { path: '/query$', query: 'FROM LoginHistory', stall: true },
  ]);
  const dripping = await serve(demoOrg, [{ path: '/query$', query: 'FROM User ', dripMs: 50 }]);

  it('fails a stalled request by the idle timeout and goes on', async () => {
    const run = outcome(await audit(stalled, demoManifest));
    expect(run.report.collection.failedRequests).toEqual([
      expect.objectContaining({ request: 'rest.query.LoginHistory', errorCode: 'IDLE_TIMEOUT' }),
    ]);
    expect(run.exitCode).toBe(3);
  });

  it('ends the whole run at --timeout, every request not yet sent failing with the deadline', async () => {
    const run = outcome(
      await audit(dripping, demoManifest, {
        timeoutMs: 1_500,
        limits: { ...LIMITS, idleTimeoutMs: 60_000, requestTimeoutMs: 60_000 },
      }),
    );
    expect(run.report.collection.failedRequests.map((f) => f.errorCode)).toContain(
      'DEADLINE_EXCEEDED',
    );
    expect(run.exitCode).toBe(3);
  });

  it('the CLI exits with 3 behind a stalling server, --timeout bounding it', async () => {
    const result = await runCli(
      ['audit', '--instance-url', stalled.instanceUrl, '--timeout', '3s', '--format', 'json'],
      { SF_ACCESS_TOKEN: stalled.accessToken },
    );
    expect(result.code).toBe(3);
  });
});

describe('case 6: an answer of the wrong shape is a failed request, never fewer rows', async () => {
  const unknownList = await serve(demoOrg, [
    {
      method: 'POST',
      path: '^/services/Soap/m/',
      times: 1,
      status: 200,
      body:
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
        '<soapenv:Body><listMetadataResponse><result><surprise>1</surprise></result></listMetadataResponse></soapenv:Body></soapenv:Envelope>',
    },
  ]);
  const badRows = await serve(demoOrg, [
    {
      path: '/query$',
      query: 'FROM PermissionSetAssignment',
      status: 200,
      jsonBody: {
        totalSize: 2,
        done: true,
        records: [1, { attributes: { type: 'PermissionSetAssignment' } }],
      },
    },
  ]);

  it('a listMetadata result of an unknown shape fails the apps facet: no app vanishes silently', async () => {
    const run = outcome(await audit(unknownList, demoManifest));
    expect(run.report.collection.failedRequests).toContainEqual(
      expect.objectContaining({
        request: 'metadata.listMetadata.apps',
        errorCode: 'MALFORMED_RESPONSE',
      }),
    );
    expect(
      run.report.findings.filter((f) => f.status === 'pass' && f.ruleId === 'RG-0001'),
    ).toEqual([]);
    expect(run.exitCode).toBe(3);
  });

  it('a query page with a row that is not a record, or lacks its key fields, fails the facet', async () => {
    const run = outcome(await audit(badRows, demoManifest));
    expect(run.report.collection.failedRequests).toContainEqual(
      expect.objectContaining({
        request: 'rest.query.PermissionSetAssignment',
        errorCode: 'MALFORMED_RESPONSE',
      }),
    );
    expect(run.exitCode).toBe(3);
  });
});

describe('case 7: huge and endless answers end in a clear failure, not a heap crash', async () => {
  const huge = await serve(demoOrg, [
    { path: '/query$', query: 'FROM OauthToken', hugeBodyBytes: 600 * 1024 * 1024 },
  ]);
  const endless = await serve(demoOrg, [
    { path: '/query$', query: 'FROM SetupAuditTrail', endlessPages: true },
  ]);

  it('refuses a 600 MB answer at the body cap', async () => {
    const run = outcome(await audit(huge, demoManifest));
    expect(run.report.collection.failedRequests).toContainEqual(
      expect.objectContaining({
        request: 'rest.query.OauthToken',
        errorCode: 'RESPONSE_TOO_LARGE',
      }),
    );
    expect(run.exitCode).toBe(3);
  });

  it('stops following endless unique pages at the page cap', async () => {
    const before = endless.emulator.state.log.length;
    const run = outcome(await audit(endless, demoManifest));
    expect(run.report.collection.failedRequests).toContainEqual(
      expect.objectContaining({
        request: 'rest.query.SetupAuditTrail',
        errorCode: 'TOO_MANY_PAGES',
      }),
    );
    const pages = endless.emulator.state.log
      .slice(before)
      .filter((e) => e.path.includes('/query/'));
    expect(pages.length).toBeLessThanOrEqual(1_000);
    expect(run.exitCode).toBe(3);
  });
});

describe("case 8: the org's clock and identity are sources like any other", async () => {
  const clock = fixedClock(new Date('2026-11-25T12:00:00.000Z'));
  const base = await serve(demoOrg, [], clock);
  const noClock = await serve(
    demoOrg,
    [
      {
        method: 'GET',
        path: String.raw`^/services/data/v\d+\.\d+/?$`,
        status: 500,
        errorCode: 'UNKNOWN_EXCEPTION',
        times: 3,
      },
    ],
    clock,
  );
  const noOrg = await serve(demoOrg, [
    {
      path: '/query$',
      query: 'FROM Organization',
      status: 500,
      errorCode: 'UNKNOWN_EXCEPTION',
      times: 3,
    },
  ]);

  it("takes the org's clock from another answer when the resources GET fails: the same findings", async () => {
    const expected = outcome(await audit(base, demoManifest));
    const run = outcome(await audit(noClock, demoManifest));
    expect(run.report.collectedAt).toBe(expected.report.collectedAt);
    expect(run.report.findings.map((f) => `${f.fingerprint} ${f.status}`)).toEqual(
      expected.report.findings.map((f) => `${f.fingerprint} ${f.status}`),
    );
    expect(run.report.warnings.join('\n')).toMatch(/http\.versionResources failed/);
  });

  it('stops with exit 3 when the Organization row cannot be read: fingerprints depend on it', async () => {
    const result = await audit(noOrg, demoManifest);
    expect(result).toMatchObject({ code: 'ORG_UNREADABLE', exitCode: 3 });
    expect((result as CollectError).message).toMatch(
      /rest\.query\.Organization failed with UNKNOWN_EXCEPTION/,
    );
  });
});
