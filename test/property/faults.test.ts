// Fault property test (issue 8): hundreds of audits of the demo org, in-process, against emulators
// that inject random faults on random routes (error statuses with Salesforce bodies, truncation,
// dropped connections, latency, expired sessions, redirects to another origin, odd headers, malformed
// answers, stalls). Each run must end (no hang), throw nothing but a CollectError of exit 3 (no
// crash), and give every finding of the fault-free run either unchanged or not-evaluated/error, with
// exit 3 whenever something could not be collected: zero false passes.
//
// It prints one line: runs, faults injected, runs with false passes / changed findings / a wrong exit
// code / a crash / a hang / a leaked secret, and the seed. FAULT_SEED=<n> replays a seed, FAULT_RUNS=<n>
// changes the number of runs (default 200), FAULT_CONCURRENCY=<n> the audits in flight (default 4),
// FAULT_VERBOSE=1 prints each run, FAULT_ONLY=<index> replays one run of the seed.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import type { AuditOutcome } from '../../src/audit/run-audit.js';
import { resolveLiveSource } from '../../src/collect/live/connect.js';
import { CollectError } from '../../src/collect/errors.js';
import { type FaultRule, FaultRuleSchema } from '../../src/emulator/faults.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RequestLogEntry } from '../../src/emulator/state.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { LoadedManifest } from '../../src/manifest/load.js';
import type { AuditReport, Finding } from '../../src/model/finding.js';
import type { OrgModel } from '../../src/model/org.js';
import { fixedClock } from '../../src/util/clock.js';
import { DEMO_ORG } from '../helpers/emulator.js';
import { guard, GuardRecorder } from '../helpers/guard.js';

const RUNS = Number(process.env.FAULT_RUNS ?? 200);
/** FAULT_ONLY=<index>: replays one run of the seed (with FAULT_SEED). */
const ONLY = process.env.FAULT_ONLY === undefined ? undefined : Number(process.env.FAULT_ONLY);
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
if (!Number.isSafeInteger(SEED) || !Number.isSafeInteger(RUNS))
  throw new Error('FAULT_SEED and FAULT_RUNS must be integers');
/** Audits in flight at once: most of a faulty run is waiting (latency, backoff, timeouts). */
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 4);
/** Runs not started by then are reported as missing, so the summary still prints inside the 5 minutes. */
const BUDGET_MS = 270_000;
/** A run that takes longer than this hangs (the transport's limits below end every request sooner). */
const RUN_BOUND_MS = 45_000;
/** Short transport limits, so stalls and persistent failures cost seconds, not minutes. */
const LIMITS = {
  idleTimeoutMs: 500,
  requestTimeoutMs: 2_000,
  backoffMs: 20,
  retries: 2,
  // The demo org's largest answer is a few hundred KB; a huge body must hit the cap, cheaply.
  maxBodyBytes: 4 * 1024 * 1024,
};
const TIMEOUT_MS = 30_000;
/** How long an emulator stays up after its audit returned, to catch requests sent after the end. */
const LINGER_MS = 300;

/** The auditor's own External Client App, running as the demo org's auditor: re-mint on expiry. */
const AUDITOR_APP = {
  app: 'RunAs_Guard_Auditor',
  consumerKey: '3MVG9RunAsGuardPropertyTestAuditorKey',
  consumerSecret: 'property-auditor-secret-7c31d9a0e4b2',
};

function withAuditorApp(org: OrgModel): OrgModel {
  org.apps.push({
    type: 'ExternalClientApplication',
    name: AUDITOR_APP.app,
    label: 'RunAs Guard Auditor',
    consumerKey: AUDITOR_APP.consumerKey,
    clientCredentialsEnabled: true,
    runAsUsername: org.info.auditorUsername,
    adminApproved: false,
    preAuthorizedProfiles: [],
    preAuthorizedPermissionSets: [],
    scopes: ['Api'],
    enabled: true,
    location: { file: 'externalClientApps/RunAs_Guard_Auditor.eca' },
  });
  org.clients.push(AUDITOR_APP);
  return org;
}

// ---------------------------------------------------------------------------------------------
// Routes and faults

interface Route {
  name: string;
  method: string;
  path: string;
  query?: string;
  /**
   * How many requests of the fault-free run matched: `after` goes up to it, so that a fault may also
   * hit only the requests a fault-free run does not send (retries, re-mints).
   */
  count: number;
}

/** The routes of a fault-free run, from the emulator's request log: one per SOQL object. */
function routesOf(log: readonly { method: string; path: string; query: string }[]): Route[] {
  const routes = new Map<string, Route>();
  const add = (route: Omit<Route, 'count'>): void => {
    const known = routes.get(route.name);
    if (known === undefined) routes.set(route.name, { ...route, count: 1 });
    else known.count += 1;
  };
  for (const entry of log) {
    const path = entry.path.replace(/\/$/, '');
    if (entry.method === 'POST' && path === '/services/oauth2/token') {
      add({ name: 'token', method: 'POST', path: '^/services/oauth2/token$' });
    } else if (entry.method === 'POST' && path.includes('/Soap/m/')) {
      add({ name: 'metadata SOAP', method: 'POST', path: String.raw`^/services/Soap/m/\d+\.\d$` });
    } else if (path.endsWith('/query')) {
      const soql = new URLSearchParams(entry.query).get('q') ?? '';
      const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? '?';
      const tooling = path.includes('/tooling/');
      add({
        name: `${tooling ? 'tooling' : 'rest'} query ${from}`,
        method: 'GET',
        path: tooling ? '/tooling/query$' : String.raw`/v\d+\.\d/query$`,
        query: `FROM ${from}\\b`,
      });
    } else if (/\/query\/[\w-]+$/.test(path)) {
      add({ name: 'query page', method: 'GET', path: String.raw`/query/[\w-]+$` });
    } else if (/^\/services\/data\/v\d+\.\d$/.test(path)) {
      add({
        name: 'version resources',
        method: 'GET',
        path: String.raw`^/services/data/v\d+\.\d$`,
      });
    } else if (path.endsWith('/describe')) {
      add({ name: `describe ${path.split('/').at(-2) ?? ''}`, method: 'GET', path: `${path}$` });
    } else {
      add({ name: `${entry.method} ${path}`, method: entry.method, path: `^${path}$` });
    }
  }
  return [...routes.values()];
}

const ERROR_CODES = [
  'REQUEST_LIMIT_EXCEEDED',
  'INSUFFICIENT_ACCESS',
  'SERVER_UNAVAILABLE',
  'INVALID_SESSION_ID',
  'UNKNOWN_EXCEPTION',
  'QUERY_TIMEOUT',
  'API_DISABLED_FOR_ORG',
  'INVALID_TYPE',
];

/** Bodies that are not the answer's shape (query, SOAP or token): each must be a failed request. */
const MALFORMED_JSON: unknown[] = [
  {},
  [],
  null,
  'text',
  { records: 'none' },
  { totalSize: 1, done: true, records: [1, 'two', null] },
  { totalSize: 1, done: false, records: [] },
  { access_token: 42 },
  { error: 'invalid_grant', error_description: 'expired access/refresh token' },
  [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
];
const MALFORMED_TEXT = [
  '',
  '{}',
  '<html><body>Service Unavailable</body></html>',
  '{"totalSize":3,"done":true,"records":[{"Id":',
  '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><listMetadataResponse><result><unknown>1</unknown></result></listMetadataResponse></soapenv:Body></soapenv:Envelope>',
  '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><readMetadataResponse><result><records xsi:type="Foo"/></result></readMetadataResponse></soapenv:Body></soapenv:Envelope>',
];

/** The answer-shaping fields of a rule; checked against FaultRuleSchema when the rule is built. */
type Effect = Record<string, unknown>;

/** `TRAP` is replaced by the trap server's origin once it listens. */
const TRAP = 'http://trap.invalid';

const commonEffects: fc.Arbitrary<Effect>[] = [
  // Salesforce error answers.
  fc.record({
    status: fc.constantFrom(400, 401, 403, 404, 405, 409, 414, 429, 500, 502, 503, 504),
    errorCode: fc.constantFrom(...ERROR_CODES),
    message: fc.constantFrom('Injected fault', 'Service temporarily unavailable', ''),
  }),
  // Error statuses with a body that is not Salesforce's.
  fc.record({
    status: fc.constantFrom(400, 401, 403, 500, 503),
    body: fc.constantFrom(...MALFORMED_TEXT),
  }),
  // A 200 whose body is not the answer's shape.
  fc.record({ status: fc.constant(200), body: fc.constantFrom(...MALFORMED_TEXT) }),
  fc.record({ jsonBody: fc.constantFrom(...MALFORMED_JSON) }),
  fc.record({ status: fc.constant(200), jsonBody: fc.constantFrom(...MALFORMED_JSON) }),
  fc.record({ truncate: fc.constant(true) }),
  fc.record({ drop: fc.constant(true) }),
  fc.record({ latencyMs: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ expireSessions: fc.constant(true) }),
  fc.record({
    expireSessions: fc.constant(true),
    latencyMs: fc.integer({ min: 1, max: 100 }),
  }),
  // Redirects: to another origin (the trap, which must never see the token) or to this one.
  fc.record({
    status: fc.constantFrom(301, 302, 303, 307, 308),
    location: fc.constantFrom(
      `${TRAP}/services/data/v62.0/query`,
      `${TRAP}/`,
      '/services/data/v62.0/query?q=SELECT+Id+FROM+User',
    ),
  }),
  // Odd headers on an otherwise real answer.
  fc.record({
    headers: fc.constantFrom<Record<string, string>>(
      { 'Content-Type': 'text/html' },
      { 'Content-Type': 'application/json; charset=x-unknown' },
      { 'Content-Encoding': 'gzip' },
      { 'Sforce-Limit-Info': 'api-usage=999999/15000' },
      { 'Retry-After': '3600' },
    ),
  }),
  fc.record({ stall: fc.constant(true) }),
  fc.record({ dripMs: fc.integer({ min: 200, max: 600 }) }),
];

/** Huge bodies and endless pages run to the caps (hundreds of pages): drawn a third as often. */
const effectArb: fc.Arbitrary<Effect> = fc.oneof(
  ...commonEffects.map((arbitrary) => ({ arbitrary, weight: 3 })),
  { arbitrary: fc.record({ hugeBodyBytes: fc.constant(8 * 1024 * 1024) }), weight: 1 },
  { arbitrary: fc.record({ endlessPages: fc.constant(true) }), weight: 1 },
);

interface DrawnFault {
  route: number;
  after: number;
  /** undefined: every matching request from `after` on. */
  times: number | undefined;
  effect: Effect;
}

interface Case {
  source: 'access-token' | 'auditor-app';
  faults: DrawnFault[];
}

const caseArb = (routeCount: number): fc.Arbitrary<Case> =>
  fc.record({
    source: fc.constantFrom('access-token' as const, 'auditor-app' as const),
    faults: fc.array(
      fc.record({
        route: fc.nat({ max: routeCount - 1 }),
        after: fc.nat({ max: 3 }),
        times: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 3 }),
        effect: effectArb,
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });

/** The rules of a case that this emulator accepts (newer fault kinds are skipped on an older one). */
function rulesOf(drawn: Case, routes: readonly Route[], trap: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const fault of drawn.faults) {
    const route = routes[fault.route];
    if (route === undefined) continue;
    const effect = { ...fault.effect };
    if (typeof effect.location === 'string') effect.location = effect.location.replace(TRAP, trap);
    const rule = {
      method: route.method,
      path: route.path,
      ...(route.query !== undefined ? { query: route.query } : {}),
      ...(fault.after > 0 ? { after: Math.min(fault.after, route.count) } : {}),
      ...(fault.times !== undefined ? { times: fault.times } : {}),
      ...effect,
    };
    const parsed = FaultRuleSchema.safeParse(rule);
    if (parsed.success) rules.push(parsed.data);
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------
// The trap: another origin. A request carrying a token there is a leak.

interface Trap {
  origin: string;
  leaks: string[];
  server: Server;
}

async function startTrap(): Promise<Trap> {
  const leaks: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const auth = req.headers.authorization;
    if (auth !== undefined && auth.trim() !== '')
      leaks.push(`${req.method ?? ''} ${req.url ?? ''}`);
    // The other host's empty answer, which must never be used as data.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ totalSize: 0, done: true, records: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, leaks, server };
}

// ---------------------------------------------------------------------------------------------
// One audit and its verdict

interface RunFacts {
  /** The emulator's request log of the run, until the audit returned. */
  log: readonly RequestLogEntry[];
  /** Requests that reached the emulator after the audit returned. */
  late: string[];
  requests: number;
  ms: number;
  /** The run's own guard: this emulator's tokens, its log (no secret, only reads). */
  recorder: GuardRecorder;
}

type RunResult = RunFacts &
  (
    | { kind: 'report'; outcome: AuditOutcome }
    | { kind: 'collect-error'; error: CollectError }
    | { kind: 'crash'; error: unknown }
    | { kind: 'hang'; tokenRequests: number }
  );

interface Context {
  org: OrgModel;
  manifest: LoadedManifest;
  now: Date;
}

async function audit(ctx: Context, drawn: Case, rules: FaultRule[]): Promise<RunResult> {
  const started = Date.now();
  const running = await startEmulator({
    org: structuredClone(ctx.org),
    clock: fixedClock(ctx.now),
    faults: rules,
  });
  // Checked right after the run, so that hundreds of emulators are not held until the file ends.
  const recorder = new GuardRecorder();
  recorder.watchEmulator('the fault-injecting emulator', running);
  const flags =
    drawn.source === 'auditor-app'
      ? {
          instanceUrl: running.instanceUrl,
          auditorClientId: AUDITOR_APP.consumerKey,
          auditorClientSecretEnv: 'RG_AUDITOR_SECRET',
        }
      : { instanceUrl: running.instanceUrl };
  const env = {
    RG_AUDITOR_SECRET: AUDITOR_APP.consumerSecret,
    SF_ACCESS_TOKEN: running.accessToken,
  };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => {
      resolve('hang');
    }, RUN_BOUND_MS);
  });
  let ended: { kind: 'report'; outcome: AuditOutcome } | { kind: 'error'; error: unknown } | 'hang';
  try {
    const source = resolveLiveSource(flags, env);
    if (source === undefined) throw new Error('no live source');
    const result = await Promise.race([
      runAudit({
        source: { kind: 'live', source },
        manifest: ctx.manifest,
        generatedAt: '2026-01-01T00:00:00.000Z',
        timeoutMs: TIMEOUT_MS,
        limits: LIMITS,
      }),
      hang,
    ]);
    ended = result === 'hang' ? 'hang' : { kind: 'report', outcome: result };
  } catch (error) {
    ended = { kind: 'error', error };
  } finally {
    clearTimeout(timer);
  }
  const log = running.emulator.state.log;
  const facts = { log: [...log], requests: log.length, ms: Date.now() - started, recorder };
  // Nothing may go on once the audit has returned (a retry, a re-mint): the emulator stays up a
  // moment to see it, rather than let it reach the next run's emulator on a reused port.
  if (ended !== 'hang') await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
  // 599 marks a request the emulator never answered (a stall, a drop): logged when the client gives
  // up, which may be after the audit returned; it was sent during the audit.
  const late = log
    .slice(facts.requests)
    .filter((e) => e.status !== 599)
    .map((e) => `${e.method} ${e.path} ${e.status}`);
  await running.close();
  if (ended === 'hang') {
    const tokenRequests = log.filter((e) => e.path.endsWith('/oauth2/token')).length;
    return { kind: 'hang', tokenRequests, late, ...facts };
  }
  if (ended.kind === 'report') return { ...ended, late, ...facts };
  if (ended.error instanceof CollectError && ended.error.exitCode === 3)
    return { kind: 'collect-error', error: ended.error, late, ...facts };
  return { kind: 'crash', error: ended.error, late, ...facts };
}

const LENIENT: ReadonlySet<string> = new Set(['pass', 'skip']);
const DEGRADED: ReadonlySet<string> = new Set(['not-evaluated', 'error']);

const keyOf = (f: Finding): string => `${f.ruleId} ${f.app} ${f.resource.type}:${f.resource.name}`;
/** The status a finding stands for: a waived finding by the status it would have had. */
const effective = (f: Finding): string =>
  f.status === 'waived' ? `waived(${f.waivedStatus ?? '?'})` : f.status;
const statusOf = (f: Finding): string => f.waivedStatus ?? f.status;

interface Verdict {
  falsePasses: string[];
  /** Findings that changed other than to not-evaluated/error, or appeared, and are not passes. */
  wrong: string[];
  exitCode: string[];
}

/** Compares a faulty run's report with the fault-free one. */
function judge(baseline: AuditOutcome, faulty: AuditOutcome): Verdict {
  const verdict: Verdict = { falsePasses: [], wrong: [], exitCode: [] };
  const report: AuditReport = faulty.report;
  const byFingerprint = new Map(report.findings.map((f) => [f.fingerprint, f]));
  const byKey = new Map(report.findings.map((f) => [keyOf(f), f]));
  const listedApps = new Set(report.integrations.map((i) => i.app));
  let degraded = false;
  for (const before of baseline.report.findings) {
    const after = byFingerprint.get(before.fingerprint);
    if (after === undefined) {
      const moved = byKey.get(keyOf(before));
      if (moved !== undefined) {
        verdict.wrong.push(`${keyOf(before)}: fingerprint changed`);
        continue;
      }
      // Gone: excused only when the whole integration could not be listed and the run says so.
      if (!listedApps.has(before.app) && faulty.exitCode === 3) continue;
      verdict.falsePasses.push(`${keyOf(before)}: ${effective(before)} → missing`);
      continue;
    }
    if (effective(after) === effective(before)) continue;
    if (DEGRADED.has(statusOf(after))) {
      if (!DEGRADED.has(statusOf(before))) degraded = true;
      continue;
    }
    const line = `${keyOf(before)}: ${effective(before)} → ${effective(after)}`;
    if (LENIENT.has(statusOf(after)) && !LENIENT.has(statusOf(before)))
      verdict.falsePasses.push(line);
    else verdict.wrong.push(line);
  }
  const known = new Set(baseline.report.findings.map((f) => f.fingerprint));
  for (const f of report.findings) {
    if (known.has(f.fingerprint) || byKey.get(keyOf(f)) !== f) continue;
    if (DEGRADED.has(statusOf(f))) degraded = true;
    else if (!baseline.report.findings.some((b) => keyOf(b) === keyOf(f)))
      verdict.wrong.push(`${keyOf(f)}: new ${effective(f)}`);
  }
  const failed = report.collection.failedRequests.length > 0;
  if ((degraded || failed) && faulty.exitCode !== 3) {
    verdict.exitCode.push(
      `exit ${faulty.exitCode} although ${degraded ? 'findings are not-evaluated' : 'requests failed'}`,
    );
  }
  if (!degraded && !failed && faulty.exitCode !== 3 && faulty.exitCode !== baseline.exitCode) {
    verdict.exitCode.push(
      `exit ${faulty.exitCode} where the fault-free run exits ${baseline.exitCode}`,
    );
  }
  return verdict;
}

/**
 * Token requests a run may send: the first, and one re-mint per answer that ended the session (a 401,
 * or a request an `expireSessions` rule matched). More is a token storm.
 */
function tokenBudget(
  source: Case['source'],
  rules: readonly FaultRule[],
  log: readonly RequestLogEntry[],
): { used: number; allowed: number } {
  const used = log.filter((e) => e.method === 'POST' && e.path === '/services/oauth2/token').length;
  if (source === 'access-token') return { used, allowed: 0 };
  const expiring = rules.filter((r) => r.expireSessions === true);
  const ends = log.filter((e) => {
    if (e.status === 401) return true;
    const query = decodeURIComponent(e.query.replace(/^\?/, '').replace(/\+/g, ' '));
    return expiring.some(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === e.method) &&
        new RegExp(r.path).test(e.path) &&
        (r.query === undefined || new RegExp(r.query, 'i').test(query)),
    );
  }).length;
  return { used, allowed: 1 + ends };
}

// ---------------------------------------------------------------------------------------------

async function pool<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

async function contextOf(): Promise<Context> {
  const org = withAuditorApp(await loadOrgFixture(DEMO_ORG));
  return {
    org,
    manifest: await loadManifest(join(DEMO_ORG, 'runas-guard.yaml')),
    now: new Date(org.info.now),
  };
}

describe('the verdict of one faulty run', () => {
  it('catches a fail turned pass, a vanished finding and a not-evaluated finding without exit 3', async () => {
    const clean = await audit(await contextOf(), { source: 'access-token', faults: [] }, []);
    if (clean.kind !== 'report') throw new Error(`the fault-free audit ended in ${clean.kind}`);
    const baseline = clean.outcome;
    expect(judge(baseline, structuredClone(baseline))).toEqual({
      falsePasses: [],
      wrong: [],
      exitCode: [],
    });
    const failing = baseline.report.findings.findIndex((f) => f.status === 'fail');
    const passing = baseline.report.findings.findIndex((f) => f.status === 'pass');
    const at = (outcome: AuditOutcome, index: number): Finding => {
      const finding = outcome.report.findings[index];
      if (finding === undefined) throw new Error('no such finding');
      return finding;
    };

    const flipped = structuredClone(baseline);
    at(flipped, failing).status = 'pass';
    expect(judge(baseline, flipped).falsePasses).toEqual([
      `${keyOf(at(baseline, failing))}: fail → pass`,
    ]);

    const vanished = structuredClone(baseline);
    vanished.report.findings.splice(failing, 1);
    expect(judge(baseline, vanished).falsePasses).toEqual([
      `${keyOf(at(baseline, failing))}: fail → missing`,
    ]);

    const unknown = structuredClone(baseline);
    at(unknown, passing).status = 'not-evaluated';
    expect(judge(baseline, unknown).exitCode).toEqual([
      `exit ${baseline.exitCode} although findings are not-evaluated`,
    ]);
    unknown.exitCode = 3;
    expect(judge(baseline, unknown)).toEqual({ falsePasses: [], wrong: [], exitCode: [] });
  });
});

describe('fault property: audits of the demo org under random faults', () => {
  let trap: Trap;
  beforeAll(async () => {
    trap = await startTrap();
  });
  afterAll(async () => {
    trap.server.closeAllConnections();
    await new Promise((resolve) => trap.server.close(resolve));
  });

  it(`${RUNS} faulty audits: no crash, no hang, no leaked token, zero false passes`, async () => {
    const ctx = await contextOf();
    guard.addSecret(AUDITOR_APP.consumerSecret, 'the property test auditor app secret');

    // The fault-free runs, one per source kind.
    const baselines = new Map<Case['source'], AuditOutcome>();
    // The auditor-app run's log (token requests included) gives the routes.
    const logs: RequestLogEntry[] = [];
    for (const source of ['access-token', 'auditor-app'] as const) {
      const clean = await audit(ctx, { source, faults: [] }, []);
      if (clean.kind !== 'report')
        throw new Error(`the fault-free ${source} audit ended in ${clean.kind}`);
      expect(clean.outcome.report.collection.failedRequests).toEqual([]);
      expect(clean.recorder.violations()).toEqual([]);
      baselines.set(source, clean.outcome);
      if (source === 'auditor-app') logs.push(...clean.log);
    }
    const routes = routesOf(logs);
    if (process.env.FAULT_VERBOSE !== undefined)
      console.log(`routes: ${routes.map((r) => `${r.name} ×${r.count}`).join(', ')}`);
    const baselineFindings = baselines.get('access-token')?.report.findings.length ?? 0;
    expect(baselineFindings).toBeGreaterThan(100);

    const cases = fc.sample(caseArb(routes.length), { seed: SEED, numRuns: RUNS });
    let faultsInjected = 0;
    const problems: string[] = [];
    const counts = {
      falsePasses: 0,
      wrong: 0,
      exitCode: 0,
      crashes: 0,
      hangs: 0,
      leaks: 0,
      writes: 0,
      storms: 0,
      late: 0,
      collectErrors: 0,
    };
    let retries: number | undefined;

    const stopAt = Date.now() + BUDGET_MS;
    let notRun = 0;
    await pool(cases, CONCURRENCY, async (drawn, index) => {
      if (ONLY !== undefined && index !== ONLY) return;
      if (Date.now() > stopAt) {
        notRun += 1;
        return;
      }
      const rules = rulesOf(drawn, routes, trap.origin);
      faultsInjected += rules.length;
      const leaksBefore = trap.leaks.length;
      const result = await audit(ctx, drawn, rules);
      const baseline = baselines.get(drawn.source);
      if (baseline === undefined) throw new Error('no baseline');
      if (process.env.FAULT_VERBOSE !== undefined)
        console.log(`run ${index} ${result.kind} ${result.ms} ms ${JSON.stringify(rules)}`);
      const where = `run ${index} (seed ${SEED}, ${drawn.source}, ${result.ms} ms) faults ${JSON.stringify(rules)}`;
      const problem = (what: string, details: readonly string[]): void => {
        problems.push(
          `${what} in ${where}:\n      ${details.slice(0, 8).join('\n      ')}${details.length > 8 ? `\n      … ${details.length - 8} more` : ''}`,
        );
      };
      const leakIn = (text: string): string | undefined =>
        result.recorder.secretsIn(text)[0]?.origin;
      for (const kind of ['secret', 'read-only'] as const) {
        const violations = result.recorder.violations().filter((v) => v.guard === kind);
        if (violations.length === 0) continue;
        counts[kind === 'secret' ? 'leaks' : 'writes'] += 1;
        problem(
          `${kind} guard`,
          violations.map((v) => v.message),
        );
      }
      if (trap.leaks.length > leaksBefore) {
        counts.leaks += 1;
        problem('token sent to another origin', trap.leaks.slice(leaksBefore));
      }
      if (result.late.length > 0) {
        counts.late += 1;
        problem('requests after the audit returned', result.late);
      }
      const tokens = tokenBudget(drawn.source, rules, result.log);
      if (tokens.used > tokens.allowed) {
        counts.storms += 1;
        problem('token storm', [
          `${tokens.used} token requests where at most ${tokens.allowed} (one per ended session) are due`,
          ...result.log
            .filter((e) => e.path.endsWith('/oauth2/token') || e.status === 401)
            .slice(0, 6)
            .map((e) => `${e.time} ${e.method} ${e.path} ${e.status} ${e.user ?? ''}`),
        ]);
      }
      switch (result.kind) {
        case 'hang':
          counts.hangs += 1;
          problem(`no end within ${RUN_BOUND_MS} ms`, [
            `${result.requests} requests so far, ${result.tokenRequests} of them token requests`,
          ]);
          return;
        case 'crash': {
          counts.crashes += 1;
          const error = result.error as Error;
          problem('crash', [`${error.name}: ${error.message}`.slice(0, 400)]);
          return;
        }
        case 'collect-error': {
          counts.collectErrors += 1;
          const leaked = leakIn(result.error.message);
          if (leaked !== undefined) {
            counts.leaks += 1;
            problem('secret in the error', [leaked]);
          }
          return;
        }
        case 'report': {
          // Counted when the report exposes it (`collection.retries`).
          const retried = (result.outcome.report.collection as { retries?: unknown }).retries;
          if (typeof retried === 'number') retries = (retries ?? 0) + retried;
          const leaked = leakIn(JSON.stringify(result.outcome.report));
          if (leaked !== undefined) {
            counts.leaks += 1;
            problem('secret in the report', [leaked]);
          }
          const verdict = judge(baseline, result.outcome);
          if (verdict.falsePasses.length > 0) {
            counts.falsePasses += 1;
            problem(
              `${verdict.falsePasses.length} false pass(es), exit ${result.outcome.exitCode}`,
              verdict.falsePasses,
            );
          }
          if (verdict.wrong.length > 0) {
            counts.wrong += 1;
            problem(`${verdict.wrong.length} changed finding(s)`, verdict.wrong);
          }
          if (verdict.exitCode.length > 0) {
            counts.exitCode += 1;
            problem('wrong exit code', [
              ...verdict.exitCode,
              `failedRequests: ${JSON.stringify(result.outcome.report.collection.failedRequests).slice(0, 300)}`,
            ]);
          }
        }
      }
    });

    // One plain line for CI (runs with a false pass, not findings).
    console.log(
      `fault property: runs=${RUNS - notRun} faults=${faultsInjected} ` +
        (retries === undefined ? '' : `retries=${retries} `) +
        `false-passes=${counts.falsePasses} ` +
        `changed=${counts.wrong} wrong-exit=${counts.exitCode} crashes=${counts.crashes} hangs=${counts.hangs} token-storms=${counts.storms} late-requests=${counts.late} ` +
        `leaks=${counts.leaks} writes=${counts.writes} exit3-errors=${counts.collectErrors} seed=${SEED} (replay: FAULT_SEED=${SEED})`,
    );
    expect(notRun, `${notRun} of ${RUNS} runs did not start within ${BUDGET_MS} ms`).toBe(0);
    expect(faultsInjected).toBeGreaterThanOrEqual(ONLY === undefined ? RUNS : 1);
    expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
  }, 300_000);
});
