// What a client-credentials grant leaves in the emulated org, as Salesforce records it: one
// LoginHistory row per grant (a refusal once the run-as user is known included) and
// User.LastLoginDate, visible to the next query and the next audit over HTTP (docs/emulator.md,
// audit fields and login history).

import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { Finding } from '../../src/model/finding.js';
import type { OrgModel } from '../../src/model/org.js';
import { fixedClock } from '../../src/util/clock.js';
import { clientOf, DEMO_ORG, liveSource, NORTHWIND, serveFixture } from '../helpers/emulator.js';

// The demo org's clock: LoginTime is the org clock, fixed here so the rows can be compared exactly.
const NOW = '2026-11-25T12:00:00.000+0000';
const clock = fixedClock(new Date('2026-11-25T12:00:00Z'));

type Row = Record<string, unknown>;

async function requestToken(
  url: string,
  client: { clientId: string; clientSecret: string },
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

function query(url: string, token: string) {
  return async (soql: string): Promise<{ totalSize: number; records: Row[] }> => {
    const response = await fetch(`${url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status, soql).toBe(200);
    return (await response.json()) as { totalSize: number; records: Row[] };
  };
}

const HISTORY =
  'SELECT Id, LoginTime, LoginType, LoginSubType, Status, Application, SourceIp, LoginUrl FROM LoginHistory';

async function historyOf(
  run: (soql: string) => Promise<{ records: Row[] }>,
  userId: string,
): Promise<Row[]> {
  const result = await run(`${HISTORY} WHERE UserId = '${userId}' ORDER BY LoginTime`);
  return result.records.map((row) => {
    const copy = { ...row };
    delete copy.attributes;
    return copy;
  });
}

function userIdOf(org: OrgModel, username: string): string {
  const user = org.records.get('User')?.find((u) => u.Username === username);
  if (user === undefined) throw new Error(`no user ${username}`);
  return user.Id;
}

describe('client-credentials grants in Login History (the demo org)', async () => {
  const running = await serveFixture(DEMO_ORG, { clock });
  const org = running.emulator.state.org;
  const run = query(running.instanceUrl, running.accessToken);
  const manifest = await loadManifest(join(DEMO_ORG, 'runas-guard.yaml'));
  const audit = async (): Promise<Finding[]> =>
    (
      await runAudit({
        source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
        manifest,
      })
    ).report.findings;
  const statusOf = (findings: Finding[], ruleId: string, app: string): string[] =>
    findings.filter((f) => f.ruleId === ruleId && f.app === app).map((f) => f.status);

  // Carrier_Scorecard is dormant (RG-0028): its run-as user has never logged in.
  const intake = userIdOf(org, 'intake.integration@acme-logistics.example');
  // Dock_Scheduling's run-as user is inactive (RG-0003): its grant is refused.
  const dock = userIdOf(org, 'dock.integration@acme-logistics.example');

  it('a granted token appends one Success row and sets LastLoginDate; the next audit sees it', async () => {
    const before = await audit();
    expect(statusOf(before, 'RG-0028', 'Carrier_Scorecard')).toEqual(['fail']);
    expect(await historyOf(run, intake)).toEqual([]);
    const lastLogin = `SELECT LastLoginDate FROM User WHERE Id = '${intake}'`;
    expect((await run(lastLogin)).records[0]?.LastLoginDate).toBeNull();

    const token = await requestToken(running.instanceUrl, clientOf(org, 'Carrier_Scorecard'));
    expect(token.status).toBe(200);

    const rows = await historyOf(run, intake);
    expect(rows).toEqual([
      {
        Id: expect.stringMatching(/^0Ya\w{15}$/) as unknown,
        LoginTime: NOW,
        LoginType: 'Remote Access 2.0',
        LoginSubType: null,
        Status: 'Success',
        Application: 'Carrier Scorecard',
        SourceIp: '198.51.100.20',
        LoginUrl: 'acme-demo.my.salesforce.com',
      },
    ]);
    expect((await run(lastLogin)).records[0]?.LastLoginDate).toBe(NOW);

    const after = await audit();
    expect(statusOf(after, 'RG-0028', 'Carrier_Scorecard')).toEqual(['pass']);
  });

  it('a grant refused for an inactive run-as user appends a failed row, and RG-0031 sees it', async () => {
    const before = await historyOf(run, dock);
    expect(statusOf(await audit(), 'RG-0031', 'Dock_Scheduling')).toEqual(['pass']);
    const lastLogin = (await run(`SELECT LastLoginDate FROM User WHERE Id = '${dock}'`)).records[0]
      ?.LastLoginDate;

    const token = await requestToken(running.instanceUrl, clientOf(org, 'Dock_Scheduling'));
    expect(token).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'inactive user' },
    });

    const rows = await historyOf(run, dock);
    expect(rows).toHaveLength(before.length + 1);
    expect(rows.at(-1)).toMatchObject({
      LoginTime: NOW,
      LoginType: 'Remote Access 2.0',
      Status: 'User is inactive',
      Application: 'Dock Scheduling',
    });
    // A failed login does not move LastLoginDate.
    expect(
      (await run(`SELECT LastLoginDate FROM User WHERE Id = '${dock}'`)).records[0]?.LastLoginDate,
    ).toBe(lastLogin);
    expect(statusOf(await audit(), 'RG-0031', 'Dock_Scheduling')).toEqual(['fail']);
  });

  it('a refusal before the run-as user is known appends nothing', async () => {
    const count = async (): Promise<number> =>
      (await run('SELECT COUNT() FROM LoginHistory')).totalSize;
    const before = await count();
    const client = clientOf(org, 'Fleet_Telematics');
    expect(
      (await requestToken(running.instanceUrl, { ...client, clientSecret: 'wrong' })).status,
    ).toBe(400);
    expect(
      (await requestToken(running.instanceUrl, { clientId: 'unknown', clientSecret: 'x' })).status,
    ).toBe(400);
    // Route_Optimizer has no run-as user; Legacy_EDI_Gateway has the flow switched off.
    for (const app of ['Route_Optimizer', 'Legacy_EDI_Gateway'])
      expect((await requestToken(running.instanceUrl, clientOf(org, app))).status, app).toBe(400);
    expect(await count()).toBe(before);
  });

  it("the identity URL gives the user row's LastModifiedDate", async () => {
    const soql = `SELECT LastModifiedDate FROM User WHERE Id = '${intake}'`;
    const modified = String((await run(soql)).records[0]?.LastModifiedDate);
    expect(modified).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000\+0000$/);
    const identity = await fetch(`${running.instanceUrl}/id/${org.info.orgId}/${intake}`, {
      headers: { Authorization: `Bearer ${running.accessToken}` },
    });
    expect(((await identity.json()) as Row).last_modified_date).toBe(
      new Date(Date.parse(modified)).toISOString(),
    );
  });

  it('dates every user: CreatedDate = LAST_N_DAYS:3650 counts them all', async () => {
    const all = await run('SELECT COUNT() FROM User');
    const recent = await run('SELECT COUNT() FROM User WHERE CreatedDate = LAST_N_DAYS:3650');
    expect(all.totalSize).toBeGreaterThan(10);
    expect(recent.totalSize).toBe(all.totalSize);
  });
});

describe('the Login History switches of emulator.json (Northwind)', async () => {
  const running = await serveFixture(NORTHWIND, {
    clock,
    variant: (org) => {
      org.behaviour.recordFailedGrants = false;
      org.behaviour.loginSubType = 'OAuth Client Credentials';
    },
  });
  const org = running.emulator.state.org;
  const run = query(running.instanceUrl, running.accessToken);

  it('loginSubType names the subtype of a granted token', async () => {
    const storefront = userIdOf(org, 'storefront.integration@northwindtraders.com');
    expect(
      (await requestToken(running.instanceUrl, clientOf(org, 'Storefront_Orders'))).status,
    ).toBe(200);
    expect((await historyOf(run, storefront)).at(-1)).toMatchObject({
      Status: 'Success',
      LoginSubType: 'OAuth Client Credentials',
      Application: 'Storefront Orders',
      SourceIp: '192.0.2.40',
      LoginUrl: 'northwindtraders.my.salesforce.com',
    });
  });

  it('recordFailedGrants: false leaves a refused grant out', async () => {
    // Ledger_Export's run-as user is password-locked: the grant is refused after the user is known.
    const ledger = userIdOf(org, 'ledger.integration@northwindtraders.com');
    const before = await historyOf(run, ledger);
    const token = await requestToken(running.instanceUrl, clientOf(org, 'Ledger_Export'));
    expect(token.body.error_description).toBe('authentication failure');
    expect(await historyOf(run, ledger)).toEqual(before);
  });
});

describe('the Status text of each refusal (Northwind variants)', async () => {
  const running = await serveFixture(NORTHWIND, {
    clock,
    variant: (org) => {
      const login = (username: string): Row | undefined => {
        const user = org.records.get('User')?.find((u) => u.Username === username);
        return org.records.get('UserLogin')?.find((l) => l.UserId === user?.Id);
      };
      // Supplier's user frozen; the carrier's profile no longer admits the hub's address.
      const supplier = login('supplier.integration@northwindtraders.com');
      if (supplier !== undefined) supplier.IsFrozen = true;
      org.info.clientIp = '192.0.2.99';
      // Storefront's run-as user is no longer pre-authorized for its admin-approved app.
      const storefront = org.apps.find((a) => a.name === 'Storefront_Orders');
      if (storefront !== undefined) {
        storefront.preAuthorizedProfiles = [];
        storefront.preAuthorizedPermissionSets = [];
      }
    },
  });
  const org = running.emulator.state.org;
  const run = query(running.instanceUrl, running.accessToken);

  it.each([
    [
      'Storefront_Orders',
      'storefront.integration@northwindtraders.com',
      'Failed: Not approved for access',
    ],
    ['Supplier_Catalog', 'supplier.integration@northwindtraders.com', 'User is frozen'],
    ['Carrier_Tracking', 'carrier.integration@northwindtraders.com', 'Restricted IP'],
    ['Ledger_Export', 'ledger.integration@northwindtraders.com', 'Password lockout'],
  ])('%s: %s', async (app, username, status) => {
    const before = await historyOf(run, userIdOf(org, username));
    expect((await requestToken(running.instanceUrl, clientOf(org, app))).status).toBe(400);
    const rows = await historyOf(run, userIdOf(org, username));
    expect(rows).toHaveLength(before.length + 1);
    expect(rows.at(-1)).toMatchObject({ Status: status, SourceIp: '192.0.2.99' });
  });
});

describe('a grant outside login hours (Northwind on a Saturday)', async () => {
  const saturday = fixedClock(new Date('2026-11-28T12:00:00Z'));
  const running = await serveFixture(NORTHWIND, { clock: saturday });
  const org = running.emulator.state.org;
  const run = query(running.instanceUrl, running.accessToken);

  it('is recorded as Restricted time at the org clock', async () => {
    const carrier = userIdOf(org, 'carrier.integration@northwindtraders.com');
    const token = await requestToken(running.instanceUrl, clientOf(org, 'Carrier_Tracking'));
    expect(token.body.error_description).toBe('ip restricted or invalid login hours');
    expect((await historyOf(run, carrier)).at(-1)).toMatchObject({
      Status: 'Restricted time',
      LoginTime: '2026-11-28T12:00:00.000+0000',
    });
  });
});
