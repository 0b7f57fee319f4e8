// The sf plugin (plugin/, docs/adr/0024-sf-plugin.md) in the pinned Salesforce CLI: linked with
// `sf plugins link`, the org logged in with `sf org login access-token` against the emulator, then
// `sf runas audit --json` and `sf runas probe --json` end to end, compared with the fixture's
// expected.json, the report schema and the standalone binary; bad input ends in an sf error with
// the standalone CLI's exit code, never a stack trace.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createSfHome,
  type EmulatorProcess,
  PLUGIN_DIR,
  REPO_ROOT,
  runRunasGuard,
  runSf,
  runSfRaw,
  type SfHome,
  type SfRun,
  startEmulator,
} from './harness.js';

interface ProbeCase {
  app: string;
  exitCode: number;
  /** An error code the probe report must name. */
  errorCode?: string;
}

const FIXTURES: { name: string; dir: string; probes: ProbeCase[] }[] = [
  {
    name: 'northwind-integrations',
    dir: join(REPO_ROOT, 'test/fixtures/orgs/northwind-integrations'),
    // A healthy app (token and follow-on calls pass) and, for the demo, one that fails.
    probes: [{ app: 'Storefront_Orders', exitCode: 0 }],
  },
  {
    name: 'demo/org',
    dir: join(REPO_ROOT, 'demo/org'),
    probes: [{ app: 'Warehouse_Scanner', exitCode: 1, errorCode: 'API_CURRENTLY_DISABLED' }],
  },
];

const ALIAS = 'emu';
/** A frame of a JavaScript stack trace, as Node prints it. */
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

interface Finding {
  ruleId: string;
  app: string;
  status: string;
  severity: string;
  resource?: { name: string };
  waivedStatus?: string;
}
interface Report {
  findings: Finding[];
  collection: { apiRequests: number };
  [key: string]: unknown;
}
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

async function reportSchemaValidator(): Promise<(doc: unknown) => string[]> {
  const schema = JSON.parse(
    await readFile(join(REPO_ROOT, 'docs/schemas/report.schema.json'), 'utf8'),
  ) as object;
  // Structure, types and enums; string formats (uri, date-time) are the root tests' business.
  const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(
    schema,
  );
  return (doc) =>
    validate(doc)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}

/** The planted faults of the fixture (expected.json) found, and nothing else failing. */
function expectPlantedFaults(report: Report, expected: Expected): void {
  const failing = report.findings.filter((f) => f.status === 'fail').map(key);
  const must = expected.mustFail.map(key);
  for (const k of must) expect(failing, `must fail: ${k}`).toContain(k);
  if (expected.failuresAreExhaustive) {
    const allowed = new Set([...must, ...(expected.mayFail ?? []).map(key)]);
    expect(failing.filter((k) => !allowed.has(k))).toEqual([]);
  }
  for (const waived of expected.mustBeWaived) {
    const finding = report.findings.find((f) => key(f) === key(waived));
    expect(finding?.status, key(waived)).toBe('waived');
  }
  for (const app of expected.mustNotFailCriticalOrHighOn) {
    const bad = report.findings.filter(
      (f) =>
        f.app === app &&
        f.status === 'fail' &&
        (f.severity === 'critical' || f.severity === 'high'),
    );
    expect(bad.map(key), app).toEqual([]);
  }
}

/**
 * Each finding's rule, app, resource, status and severity: what a run decides. Messages may quote
 * the org's clock, which moves between two runs.
 */
function decisions(report: Report): string[] {
  return report.findings.map((f) => `${key(f)} ${f.status} ${f.severity}`).sort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

let home: SfHome;
let validateReport: (doc: unknown) => string[];

beforeAll(async () => {
  if (!existsSync(join(PLUGIN_DIR, 'lib/commands/runas/audit.js')))
    throw new Error(`${PLUGIN_DIR}/lib is missing: npm ci && npm run build in plugin/ first`);
  validateReport = await reportSchemaValidator();
  home = await createSfHome();
  // Its dependencies are installed already (npm ci in plugin/), so the CLI need not install them.
  const link = await runSfRaw(home, ['plugins', 'link', PLUGIN_DIR, '--no-install']);
  expect(link.exitCode, link.stderr).toBe(0);
});

afterAll(async () => {
  await home?.remove();
});

describe('the linked plugin', () => {
  it('is listed by sf plugins as a link, and sf runas --help shows the four commands', async () => {
    const plugins = await runSfRaw(home, ['plugins']);
    expect(plugins.stdout).toMatch(/^runas-guard-sf 0\.1\.0 \(link\) /m);
    const help = await runSfRaw(home, ['runas', '--help']);
    expect(help.exitCode).toBe(0);
    for (const command of ['audit', 'probe', 'preflight', 'doctor'])
      expect(help.stdout).toMatch(new RegExp(`runas ${command}\\s`));
  });

  it('lists every flag of the standalone audit in sf runas audit --help, in the sf style', async () => {
    const [ours, standalone] = await Promise.all([
      runSfRaw(home, ['runas', 'audit', '--help']),
      runRunasGuard(home, ['audit', '--help']),
    ]);
    expect(ours.exitCode).toBe(0);
    const flagsOf = (text: string): string[] =>
      [...new Set([...text.matchAll(/--([a-z][a-z-]+)/g)].map((m) => m[1] ?? ''))].sort();
    // The standalone CLI's other live sources are sf's own business here: it holds the auth.
    const sfOwn = new Set([
      'instance-url',
      'auditor-client-id',
      'auditor-client-secret-env',
      'help',
    ]);
    const expected = flagsOf(standalone.stdout.split(/\n(?=Options:)/)[1] ?? '').filter(
      (f) => !sfOwn.has(f),
    );
    expect(expected.length, standalone.stderr).toBeGreaterThan(15);
    const flagsSection = ours.stdout.slice(ours.stdout.indexOf('FLAGS'));
    for (const flag of [...expected, 'target-org', 'api-version', 'json'])
      expect(flagsSection, flag).toContain(`--${flag}`);
    expect(ours.stdout).toContain('-o, --target-org');
    for (const section of ['USAGE', 'FLAGS', 'DESCRIPTION', 'EXAMPLES'])
      expect(ours.stdout).toContain(section);
  });
});

describe('sf runas preflight', () => {
  it('--json: the preflight report of runas-guard preflight as result, same exit code', async () => {
    // One fixed commit for both runs: others may commit to the repository meanwhile.
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT });
    const commit = stdout.trim();
    const project = join(REPO_ROOT, 'demo/org');
    const args = ['--project', project, '--base', commit, '--head', commit];
    const [ours, standalone] = await Promise.all([
      runSf<Record<string, unknown>>(home, ['runas', 'preflight', ...args]),
      runRunasGuard(home, ['preflight', ...args, '--format', 'json']),
    ]);
    expect(ours.json.message).toBeUndefined();
    expect(ours.exitCode).toBe(standalone.exitCode);
    expect(ours.json.status).toBe(standalone.exitCode);
    const { generatedAt: _ours, ...result } = ours.json.result ?? {};
    const { generatedAt: _theirs, ...expected } = JSON.parse(standalone.stdout) as Record<
      string,
      unknown
    >;
    expect(result).toEqual(expected);
    expect(result.kind).toBe('preflight');
  });
});

describe.each(FIXTURES)('sf runas against the emulator serving $name', ({ dir, probes }) => {
  let emu: EmulatorProcess;
  let expected: Expected;
  let clients: Record<string, { consumerKey: string; consumerSecret: string }>;
  let audit: SfRun<Report>;

  beforeAll(async () => {
    expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as Expected;
    const config = JSON.parse(await readFile(join(dir, 'emulator.json'), 'utf8')) as {
      clients: { app: string; consumerKey: string; consumerSecret: string }[];
    };
    clients = Object.fromEntries(config.clients.map((c) => [c.app, c]));
    emu = await startEmulator(dir);
    const login = await runSf(
      home,
      [
        'org',
        'login',
        'access-token',
        '--instance-url',
        emu.ready.instanceUrl,
        '--no-prompt',
        '--alias',
        ALIAS,
      ],
      { extraEnv: { SF_ACCESS_TOKEN: emu.token }, secrets: [emu.token] },
    );
    expect(login.exitCode).toBe(0);
    audit = await runSf<Report>(
      home,
      ['runas', 'audit', '--target-org', ALIAS, '--manifest', join(dir, 'runas-guard.yaml')],
      { secrets: [emu.token] },
    );
  });

  afterAll(async () => {
    await emu?.stop();
  });

  it('prints the {status, result, warnings} envelope with the report as result', () => {
    expect(audit.json.message).toBeUndefined();
    expect(Object.keys(audit.json).sort()).toEqual(['result', 'status', 'warnings']);
    // The planted faults fail at the manifest's --fail-on: exit 1, and status says the same.
    expect(audit.exitCode).toBe(1);
    expect(audit.json.status).toBe(1);
    expect(validateReport(audit.json.result)).toEqual([]);
  });

  it("finds the fixture's planted faults (expected.json)", () => {
    const report = audit.json.result;
    expect(report).toBeDefined();
    if (report !== undefined) expectPlantedFaults(report, expected);
  });

  it('never prints the access token', () => {
    const all = JSON.stringify(audit.json) + audit.stderr;
    expect(all).not.toContain(emu.token);
    expect(all).not.toContain(emu.token.split('!')[1] ?? emu.token);
  });

  it('reports what the standalone runas-guard audit reports for the same org', async () => {
    const standalone = await runRunasGuard(home, [
      'audit',
      '--target-org',
      ALIAS,
      '--manifest',
      join(dir, 'runas-guard.yaml'),
      '--format',
      'json',
    ]);
    expect(standalone.exitCode).toBe(audit.exitCode);
    const report = JSON.parse(standalone.stdout) as Report;
    expect(decisions(audit.json.result as Report)).toEqual(decisions(report));
    expect(decisions(report).length).toBeGreaterThan(expected.mustFail.length);
  });

  it('without --json prints the text report as runas-guard does, with its exit code', async () => {
    const run = await runSfRaw(home, [
      'runas',
      'audit',
      '--target-org',
      ALIAS,
      '--manifest',
      join(dir, 'runas-guard.yaml'),
    ]);
    expect(run.exitCode).toBe(1);
    expect(() => JSON.parse(run.stdout) as unknown).toThrow();
    for (const { ruleId } of expected.mustFail) expect(run.stdout).toContain(ruleId);
    expect(run.stdout + run.stderr).not.toContain(emu.token);
  });

  it('sf runas doctor --json: the doctor report as result, exit as runas-guard doctor', async () => {
    const [ours, standalone] = await Promise.all([
      runSf<{ complete: boolean }>(home, ['runas', 'doctor', '--target-org', ALIAS], {
        secrets: [emu.token],
      }),
      runRunasGuard(home, ['doctor', '--target-org', ALIAS, '--format', 'json']),
    ]);
    expect(ours.json.message).toBeUndefined();
    const theirs = JSON.parse(standalone.stdout) as { complete: boolean };
    expect(ours.exitCode).toBe(standalone.exitCode);
    expect(ours.json.status).toBe(standalone.exitCode);
    expect(ours.json.result?.complete).toBe(theirs.complete);
    expect(ours.exitCode).toBe(theirs.complete ? 0 : 3);
  });

  it.each(probes)(
    'sf runas probe --app $app --json: the probe report as result, exit $exitCode',
    async ({ app, exitCode, errorCode }) => {
      const client = clients[app];
      const secret = client?.consumerSecret ?? '';
      const run = await runSf<{ schemaVersion: number; facts: { source: string }; probe: unknown }>(
        home,
        [
          'runas',
          'probe',
          '--app',
          app,
          '--target-org',
          ALIAS,
          '--manifest',
          join(dir, 'runas-guard.yaml'),
          // An External Client App does not expose its consumer key to the audit: given here.
          '--client-id',
          client?.consumerKey ?? '',
          '--client-secret-env',
          'RG_PROBED_SECRET',
        ],
        { extraEnv: { RG_PROBED_SECRET: secret }, secrets: [emu.token, secret] },
      );
      expect(run.json.message).toBeUndefined();
      expect(run.exitCode).toBe(exitCode);
      expect(run.json.status).toBe(exitCode);
      const result = run.json.result;
      expect(result?.schemaVersion).toBe(1);
      expect(result?.facts.source).toBe('live');
      const probe = result?.probe as { app: string; ok: boolean };
      expect(probe.app).toBe(app);
      expect(probe.ok).toBe(exitCode === 0);
      if (errorCode !== undefined) expect(JSON.stringify(result)).toContain(errorCode);
      const all = JSON.stringify(run.json) + run.stderr;
      expect(all).not.toContain(secret);
      expect(all).not.toContain(emu.token);
    },
  );
});

describe('bad input: an sf error with the standalone exit code, never a stack trace', () => {
  const expectSfError = (run: SfRun<unknown>, exitCode: number): void => {
    expect(run.exitCode).toBe(exitCode);
    expect(run.json.status).toBe(exitCode);
    expect(typeof run.json.name).toBe('string');
    expect(typeof run.json.message).toBe('string');
    expect(run.json).not.toHaveProperty('stack');
    expect(JSON.stringify(run.json)).not.toMatch(/\\n\s+at /);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  };

  it('an unknown alias: exit 3, as runas-guard audit --target-org gives', async () => {
    const [ours, human, standalone] = await Promise.all([
      runSf(home, ['runas', 'audit', '--target-org', 'no-such-org']),
      runSfRaw(home, ['runas', 'audit', '--target-org', 'no-such-org']),
      runRunasGuard(home, ['audit', '--target-org', 'no-such-org']),
    ]);
    expect(standalone.exitCode).toBe(3);
    expectSfError(ours, 3);
    expect(ours.json.message).toContain('no-such-org');
    expect(human.exitCode).toBe(3);
    expect(human.stderr).toMatch(/^Error \(NamedOrgNotFoundError\)/m);
    expect(human.stderr + human.stdout).not.toMatch(STACK_FRAME);
  });

  it('no org at all (no default, no --target-org): doctor exits 2', async () => {
    const run = await runSf(home, ['runas', 'doctor']);
    expectSfError(run, 2);
  });

  it('a usage error the library finds (--fail-on nonsense): exit 2 with its message', async () => {
    const run = await runSf(home, [
      'runas',
      'audit',
      '--snapshot',
      join(home.dir, 'none.json'),
      '--fail-on',
      'nonsense',
    ]);
    expectSfError(run, 2);
    expect(run.json.message).toContain('--fail-on');
  });

  it('an org whose session has expired: exit 3, as the standalone CLI', async () => {
    // Log in, then serve the same org on the same port with a new session: the stored token is
    // no longer accepted (INVALID_SESSION_ID), and an access-token login cannot be refreshed.
    const dir = join(REPO_ROOT, 'test/fixtures/orgs/northwind-integrations');
    const port = await freePort();
    const first = await startEmulator(dir, ['--port', String(port)]);
    let second: EmulatorProcess | undefined;
    try {
      const login = await runSf(
        home,
        [
          'org',
          'login',
          'access-token',
          '--instance-url',
          first.ready.instanceUrl,
          '--no-prompt',
          '--alias',
          'stale',
        ],
        { extraEnv: { SF_ACCESS_TOKEN: first.token }, secrets: [first.token] },
      );
      expect(login.exitCode).toBe(0);
      await first.stop();
      second = await startEmulator(dir, ['--port', String(port)]);
      expect(second.ready.instanceUrl).toBe(first.ready.instanceUrl);
      const [ours, standalone] = await Promise.all([
        runSf(home, ['runas', 'audit', '--target-org', 'stale'], {
          secrets: [first.token, second.token],
        }),
        runRunasGuard(home, ['audit', '--target-org', 'stale']),
      ]);
      expect(standalone.exitCode).toBe(3);
      expect(ours.exitCode).toBe(3);
      expect(ours.json.status).toBe(3);
      expect(ours.json).not.toHaveProperty('stack');
      expect(ours.stderr).not.toMatch(STACK_FRAME);
      expect(JSON.stringify(ours.json)).toMatch(/INVALID_SESSION_ID|Session expired/);
      expect(JSON.stringify(ours.json) + ours.stderr).not.toContain(first.token);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  it('an access token without API access: sf refuses to log it in; the standalone audit exits 3', async () => {
    // demo/org's Warehouse_Scanner runs as a user without API Enabled (expected.json followOnErrors).
    const dir = join(REPO_ROOT, 'demo/org');
    const config = JSON.parse(await readFile(join(dir, 'emulator.json'), 'utf8')) as {
      clients: { app: string; consumerKey: string; consumerSecret: string }[];
    };
    const client = config.clients.find((c) => c.app === 'Warehouse_Scanner');
    expect(client).toBeDefined();
    const emu = await startEmulator(dir);
    try {
      const answer = await fetch(new URL('/services/oauth2/token', emu.ready.loginUrl), {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client?.consumerKey ?? '',
          client_secret: client?.consumerSecret ?? '',
        }),
      });
      const token = ((await answer.json()) as { access_token?: string }).access_token ?? '';
      expect(token).toMatch(/^00D\w+!/);
      const login = await runSf(
        home,
        [
          'org',
          'login',
          'access-token',
          '--instance-url',
          emu.ready.instanceUrl,
          '--no-prompt',
          '--alias',
          'noapi',
        ],
        { extraEnv: { SF_ACCESS_TOKEN: token }, secrets: [token] },
      );
      // The CLI reads the user record at login, which a user without API access may not.
      expect(login.exitCode).not.toBe(0);
      expect(login.json.message).toContain('API is disabled for this User');
      const ours = await runSf(home, ['runas', 'audit', '--target-org', 'noapi']);
      expectSfError(ours, 3);
      const standalone = await runRunasGuard(
        home,
        ['audit', '--instance-url', emu.ready.instanceUrl],
        { SF_ACCESS_TOKEN: token },
      );
      expect(standalone.exitCode).toBe(3);
      expect(standalone.stderr + standalone.stdout).toContain('API_CURRENTLY_DISABLED');
      expect(standalone.stderr + standalone.stdout).not.toContain(token);
    } finally {
      await emu.stop();
    }
  });
});
