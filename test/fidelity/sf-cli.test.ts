// The official Salesforce CLI (pinned 2.146.3), a client nobody on the team wrote, against the
// emulator started through our published binary: proof that the emulator speaks Salesforce.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createSfHome,
  type EmulatorProcess,
  FIDELITY_DIR,
  type FixtureFacts,
  readFixtureFacts,
  REPO_ROOT,
  runRunasGuard,
  runSf,
  type SfHome,
  type SfRun,
  startEmulator,
} from './harness.js';

const FIXTURES = [
  {
    name: 'northwind-integrations',
    dir: join(REPO_ROOT, 'test/fixtures/orgs/northwind-integrations'),
  },
  { name: 'demo/org', dir: join(REPO_ROOT, 'demo/org') },
];

const ALIAS = 'emu';
// The pattern the CLI itself checks before it accepts a token (core `matchesAccessToken`).
const SALESFORCE_TOKEN = /^00D\w{12,15}![.\w]*$/;

interface QueryResult<R> {
  records: (R & { attributes: { type: string } })[];
  totalSize: number;
  done: boolean;
}
interface OrgDisplay {
  connectedStatus: string;
  instanceUrl: string;
  username: string;
  id: string;
  accessToken?: string;
  apiVersion: string;
  alias?: string;
}

it('uses the pinned Salesforce CLI', async () => {
  const pkg = JSON.parse(
    await readFile(join(FIDELITY_DIR, 'node_modules/@salesforce/cli/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  expect(pkg.version).toBe('2.146.3');
});

describe.each(FIXTURES)('sf against the emulator serving $name', ({ dir }) => {
  let facts: FixtureFacts;
  let emu: EmulatorProcess;
  let home: SfHome;
  let login: SfRun<{ username: string; orgId: string; instanceUrl: string; accessToken?: string }>;

  const sf = <T>(args: string[]): Promise<SfRun<T>> =>
    runSf<T>(home, args, { secrets: [emu.token] });
  // One `org display` shared by the tests that need it: each CLI call costs ~1.5 s.
  let display: Promise<SfRun<OrgDisplay>> | undefined;
  const orgDisplay = (): Promise<SfRun<OrgDisplay>> =>
    (display ??= sf<OrgDisplay>(['org', 'display', '--target-org', ALIAS]));

  beforeAll(async () => {
    facts = await readFixtureFacts(dir);
    home = await createSfHome();
    emu = await startEmulator(dir);
    // The only call that sees the token through the environment, as the CLI documents.
    login = await runSf(
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
  });

  afterAll(async () => {
    await emu?.stop();
    await home?.remove();
  });

  it('prints one ready line without the token and writes the token to a 0600 file', () => {
    expect(emu.stdoutLines).toHaveLength(1);
    expect(Object.keys(JSON.parse(emu.stdoutLines[0] ?? '{}') as object).sort()).toEqual([
      'genericLoginUrl',
      'instanceUrl',
      'loginUrl',
    ]);
    expect(emu.stdoutLines[0]).not.toContain(emu.token);
    expect(emu.tokenFileMode).toBe(0o600);
    expect(emu.token).toMatch(SALESFORCE_TOKEN);
    expect(emu.token.slice(0, 15)).toBe(facts.orgId.slice(0, 15));
  });

  it('logs in with sf org login access-token as the fixture auditor', () => {
    expect(login.json.message).toBeUndefined();
    expect(login.exitCode).toBe(0);
    expect(login.json.status).toBe(0);
    expect(login.json.result?.username).toBe(facts.auditorUsername);
    expect(login.json.result?.orgId).toBe(facts.orgId);
    expect(login.json.result?.accessToken).not.toBe(emu.token);
  });

  it('runs sf data query and gets the fixture users', async () => {
    const run = await sf<QueryResult<{ Id: string; Username: string }>>([
      'data',
      'query',
      '--query',
      'SELECT Id, Username FROM User',
      '--target-org',
      ALIAS,
    ]);
    expect(run.json.message).toBeUndefined();
    expect(run.exitCode).toBe(0);
    const records = run.json.result?.records ?? [];
    expect(run.json.result?.totalSize).toBe(facts.users.size);
    expect(run.json.result?.done).toBe(true);
    expect(records.map((r) => r.Username).sort()).toEqual([...facts.users.keys()].sort());
    for (const record of records) {
      expect(record.attributes.type).toBe('User');
      expect(record.Id).toMatch(/^005\w{15}$/);
      const id = facts.users.get(record.Username)?.id;
      if (id !== undefined) expect(record.Id).toBe(id);
    }
  });

  it('follows a parent relationship path (Profile.Name)', async () => {
    const run = await sf<QueryResult<{ Username: string; Profile: { Name: string } | null }>>([
      'data',
      'query',
      '--query',
      'SELECT Username, Profile.Name FROM User',
      '--target-org',
      ALIAS,
    ]);
    expect(run.json.message).toBeUndefined();
    expect(run.exitCode).toBe(0);
    const byUser = new Map(
      (run.json.result?.records ?? []).map((r) => [r.Username, r.Profile?.Name]),
    );
    expect([...byUser.keys()].sort()).toEqual([...facts.users.keys()].sort());
    for (const [username, { profileName }] of facts.users) {
      if (profileName !== undefined) expect(byUser.get(username), username).toBe(profileName);
    }
  });

  it('shows the org as Connected in sf org display', async () => {
    const run = await orgDisplay();
    expect(run.json.message).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.json.result?.connectedStatus).toBe('Connected');
    // The CLI stores and shows the instance URL with a trailing slash; the ready line has none.
    expect(run.json.result?.instanceUrl.replace(/\/$/, '')).toBe(
      emu.ready.instanceUrl.replace(/\/$/, ''),
    );
    expect(run.json.result?.username).toBe(facts.auditorUsername);
    expect(run.json.result?.id).toBe(facts.orgId);
    expect(run.json.result?.alias).toBe(ALIAS);
    // This CLI redacts the token here, which is why the collector asks show-access-token for it.
    expect(run.json.result?.accessToken).not.toBe(emu.token);
  });

  it('lists the org limits, DailyApiRequests included', async () => {
    const run = await sf<{ name: string; max: number; remaining: number }[]>([
      'org',
      'list',
      'limits',
      '--target-org',
      ALIAS,
    ]);
    expect(run.json.message).toBeUndefined();
    expect(run.exitCode).toBe(0);
    const daily = run.json.result?.find((l) => l.name === 'DailyApiRequests');
    expect(daily?.max).toBeGreaterThan(0);
    expect(daily?.remaining).toBeGreaterThanOrEqual(0);
    expect(daily?.remaining).toBeLessThanOrEqual(daily?.max ?? -1);
  });

  it('describes User with sf sobject describe', async () => {
    const run = await sf<{
      name: string;
      keyPrefix: string;
      createable: boolean;
      updateable: boolean;
      deletable: boolean;
      fields: { name: string; type: string; createable: boolean; updateable: boolean }[];
    }>(['sobject', 'describe', '--sobject', 'User', '--target-org', ALIAS]);
    expect(run.json.message).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.json.result?.name).toBe('User');
    expect(run.json.result?.keyPrefix).toBe('005');
    const fields = new Map((run.json.result?.fields ?? []).map((f) => [f.name, f]));
    expect(fields.get('Id')?.type).toBe('id');
    expect(fields.get('Username')?.type).toBe('string');
    expect(fields.get('ProfileId')?.type).toBe('reference');
    // Both fixtures' auditors are System Administrators (Manage Users): they create and edit users,
    // but fields Salesforce sets itself are never writable, whoever asks (docs/emulator.md, Describe).
    expect(run.json.result).toMatchObject({ createable: true, updateable: true, deletable: false });
    expect(fields.get('Username')).toMatchObject({ createable: true, updateable: true });
    for (const name of [
      'Id',
      'Name',
      'CreatedDate',
      'LastModifiedDate',
      'SystemModstamp',
      'LastLoginDate',
    ])
      expect(fields.get(name), name).toMatchObject({ createable: false, updateable: false });
  });

  it('gives the collector the --target-org instance URL and token, which work with plain fetch', async () => {
    // The two commands of the collector's --target-org path (README, "Audit an org").
    const shown = await sf<{ accessToken: string }>([
      'org',
      'auth',
      'show-access-token',
      '--target-org',
      ALIAS,
    ]);
    expect(shown.json.message).toBeUndefined();
    expect(shown.exitCode).toBe(0);
    expect(shown.json.result?.accessToken).toBe(emu.token);
    const displayed = await orgDisplay();
    const instanceUrl = displayed.json.result?.instanceUrl;
    expect(instanceUrl).toBeDefined();

    const url = new URL('/services/data/v62.0/query', instanceUrl);
    url.searchParams.set('q', 'SELECT Id, Username FROM User');
    const response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${shown.json.result?.accessToken ?? ''}`,
        Accept: 'application/json',
      },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as QueryResult<{ Username: string }>;
    expect(body.totalSize).toBe(facts.users.size);
    expect(body.records.map((r) => r.Username).sort()).toEqual([...facts.users.keys()].sort());
  });

  it('audits the org through `runas-guard audit --target-org`, the path the two commands above serve', async () => {
    const run = await runRunasGuard(home, ['audit', '--target-org', ALIAS, '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      org: { id: string } | null;
      collection: { mode: string; failedRequests: unknown[] };
      integrations: unknown[];
    };
    expect(report.org?.id).toBe(facts.orgId);
    expect(report.collection.mode).toBe('live');
    expect(report.collection.failedRequests).toEqual([]);
    expect(report.integrations.length).toBeGreaterThan(0);
    // Planted faults fail at high or above in both fixtures: exit 1, not 3 (nothing was missing).
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain(emu.token);
  });

  it('reports an unknown object as INVALID_TYPE with a non-zero exit', async () => {
    const run = await sf<unknown>([
      'data',
      'query',
      '--query',
      'SELECT Id FROM Nope__c',
      '--target-org',
      ALIAS,
    ]);
    expect(run.exitCode).not.toBe(0);
    expect(run.json.status).not.toBe(0);
    expect(run.json.result).toBeUndefined();
    // The CLI names the error after Salesforce's errorCode and keeps the REST error in `data`.
    expect(run.json.name).toBe('INVALID_TYPE');
    expect(run.json.data).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(run.json.message).toContain("sObject type 'Nope__c' is not supported");
  });
});
