// The emulator judged by a real Salesforce client: jsforce 3.10.16 (the collector's client) against
// the Northwind fixture, which someone else wrote, over 127.0.0.1.

import { Connection } from '@jsforce/jsforce-node';
import { describe, expect, it } from 'vitest';

import { fixedClock } from '../../src/util/clock.js';
import { clientOf, NORTHWIND, serveFixture } from '../helpers/emulator.js';

const VERSION = '62.0';

async function clientCredentials(
  loginUrl: string,
  client: { clientId: string; clientSecret: string },
): Promise<Connection> {
  const conn = new Connection({ oauth2: { loginUrl, ...client }, version: VERSION });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

async function rejection(
  promise: PromiseLike<unknown>,
): Promise<{ name: string; errorCode?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; errorCode?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('emulator: jsforce against Northwind', async () => {
  const running = await serveFixture(NORTHWIND, {
    variant: (org) => {
      org.behaviour.pageSize = 2;
    },
  });
  const org = running.emulator.state.org;
  const auditor = new Connection({
    instanceUrl: running.instanceUrl,
    accessToken: running.accessToken,
    version: VERSION,
  });

  it('issues a client-credentials token as the run-as user and identifies it', async () => {
    const conn = await clientCredentials(running.loginUrl, clientOf(org, 'Storefront_Orders'));
    expect(conn.instanceUrl).toBe(running.instanceUrl);
    expect(conn.accessToken).toMatch(/^00D\w{12}!AQ/);
    expect(conn.userInfo?.id).toBe('0058d000005NwT3AAK');
    expect(conn.userInfo?.organizationId).toBe('00D8d000004NwTrEAK');
    const identity = await conn.identity();
    expect(identity.username).toBe('storefront.integration@northwindtraders.com');
  });

  it('pages a query through nextRecordsUrl', async () => {
    const before = running.emulator.state.log.length;
    const result = await auditor.query<{ Username: string }>(
      'SELECT Id, Username FROM User ORDER BY Username',
      {
        autoFetch: true,
        maxFetch: 100,
      },
    );
    expect(result.records.map((r) => r.Username)).toEqual([
      'carrier.integration@northwindtraders.com',
      'grace.okafor@northwindtraders.com',
      'ledger.integration@northwindtraders.com',
      'storefront.integration@northwindtraders.com',
      'supplier.integration@northwindtraders.com',
      'tomas.berg@northwindtraders.com',
    ]);
    const pages = running.emulator.state.log.slice(before).filter((e) => e.path.includes('/query'));
    expect(pages.map((e) => e.status)).toEqual([200, 200, 200]);
    expect(pages[1]?.path).toMatch(/\/services\/data\/v62\.0\/query\/01g\w+-2$/);
  });

  it('reads the run-as user of a Connected App through the Metadata API', async () => {
    const apps = (await auditor.metadata.read('ConnectedApp', [
      'Ledger_Export',
      'Missing_App',
    ])) as unknown as {
      fullName?: string;
      oauthConfig?: { oauthClientCredentialUser?: string; isClientCredentialEnabled?: unknown };
    }[];
    expect(apps[0]?.fullName).toBe('Ledger_Export');
    expect(apps[0]?.oauthConfig?.oauthClientCredentialUser).toBe(
      'ledger.integration@northwindtraders.com',
    );
    expect(String(apps[0]?.oauthConfig?.isClientCredentialEnabled)).toBe('true');
    expect(apps[1]?.fullName).toBeUndefined();
    const listed = await auditor.metadata.list([{ type: 'ConnectedApp' }]);
    expect(listed.map((c) => c.fullName).sort()).toEqual(['Ledger_Export', 'Supplier_Catalog']);
  });

  it('answers the token errors of docs/salesforce-behaviour.md 1.5 as jsforce reports them', async () => {
    const storefront = clientOf(org, 'Storefront_Orders');
    const wrongSecret = await rejection(
      clientCredentials(running.loginUrl, { ...storefront, clientSecret: 'not-the-secret' }),
    );
    expect([wrongSecret.name, wrongSecret.message]).toEqual([
      'invalid_client',
      'invalid client credentials',
    ]);
    const unknownKey = await rejection(
      clientCredentials(running.loginUrl, { clientId: '3MVG9unknown', clientSecret: 'x' }),
    );
    expect([unknownKey.name, unknownKey.message]).toEqual([
      'invalid_client_id',
      'client identifier invalid',
    ]);
    const wrongHost = await rejection(clientCredentials(running.genericLoginUrl, storefront));
    expect([wrongHost.name, wrongHost.message]).toEqual([
      'invalid_grant',
      'request not supported on this domain',
    ]);
  });

  it('accepts client credentials in an HTTP Basic header and refuses a JSON body', async () => {
    const { clientId, clientSecret } = clientOf(org, 'Storefront_Orders');
    const basic = await fetch(`${running.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);
    const body = (await basic.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'access_token',
        'id',
        'instance_url',
        'issued_at',
        'scope',
        'signature',
        'token_type',
      ].sort(),
    );
    expect(body.scope).toBe('api');
    expect(body.issued_at).toMatch(/^\d{13}$/);
    const json = await fetch(`${running.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(json.status).toBe(400);
    const inQuery = await fetch(
      `${running.loginUrl}/services/oauth2/token?grant_type=client_credentials&client_id=${encodeURIComponent(clientId)}`,
      { method: 'POST' },
    );
    expect(await inQuery.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
    expect(await json.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
  });

  it("enforces the run-as user's object and field access on follow-on calls", async () => {
    const conn = await clientCredentials(running.loginUrl, clientOf(org, 'Storefront_Orders'));
    await expect(conn.query('SELECT Id, AccountNumber FROM Account')).resolves.toMatchObject({
      totalSize: 0,
    });
    const noObject = await rejection(conn.query('SELECT Id FROM Opportunity'));
    expect(noObject.errorCode).toBe('INVALID_TYPE');
    const hiddenField = await rejection(conn.query('SELECT Id, Description FROM Order'));
    expect(hiddenField.errorCode).toBe('INVALID_FIELD');
    const describeHidden = await rejection(conn.sobject('Opportunity').describe());
    expect(describeHidden.errorCode).toBe('NOT_FOUND');
    const described = await conn.sobject('Order').describe();
    const fields = described.fields.map((f) => f.name);
    expect(fields).toContain('PoNumber');
    expect(fields).not.toContain('Description');
  });

  it('refuses the Metadata API to a user without Modify Metadata', async () => {
    const conn = await clientCredentials(running.loginUrl, clientOf(org, 'Storefront_Orders'));
    const error = await rejection(conn.metadata.read('ConnectedApp', ['Ledger_Export']));
    expect(error.name).toBe('sf:INSUFFICIENT_ACCESS');
  });

  it('enforces the limits that break collectors', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `App_${i}`);
    const tooMany = await rejection(auditor.metadata.read('ConnectedApp', names));
    expect(tooMany.name).toBe('sf:EXCEEDED_ID_LIMIT');
    const metadataRows = await rejection(auditor.tooling.query('SELECT Id, Metadata FROM Profile'));
    expect(metadataRows.errorCode).toBe('MALFORMED_QUERY');
    const oneRow = await auditor.tooling.query<{ Metadata: unknown }>(
      "SELECT Id, Metadata FROM Profile WHERE Name = 'Northwind Carrier Integration' LIMIT 1",
    );
    expect(oneRow.totalSize).toBe(1);
    const notFilterable = await rejection(
      auditor.query("SELECT Id FROM LoginHistory WHERE Status = 'Success'"),
    );
    expect(notFilterable.errorCode).toBe('INVALID_FIELD');
    const ids = Array.from(
      { length: 900 },
      (_, i) => `'005000000000${String(i).padStart(3, '0')}AAA'`,
    );
    const longUri = await rejection(
      auditor.query(`SELECT Id FROM User WHERE Id IN (${ids.join(',')})`),
    );
    expect(longUri.errorCode ?? longUri.name).toBe('ERROR_HTTP_414');
  });

  it('refuses a request body over 1 MB before reading it', async () => {
    const response = await fetch(`${running.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${'x'.repeat(2 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
  });

  it('rejects an unknown token with INVALID_SESSION_ID', async () => {
    const conn = new Connection({
      instanceUrl: running.instanceUrl,
      accessToken: '00D8d000004NwTr!AQbogus',
      version: VERSION,
    });
    const error = await rejection(conn.query('SELECT Id FROM User'));
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
  });

  it("sends the org's clock in the Date header", async () => {
    const response = await fetch(`${running.instanceUrl}/services/data`);
    const date = new Date(response.headers.get('Date') ?? '');
    expect(Math.abs(date.getTime() - Date.parse('2026-11-25T12:00:00Z'))).toBeLessThan(10 * 60_000);
  });

  it('serves API versions from 31.0 and tolerates double slashes', async () => {
    const versions = (await (await fetch(`${running.instanceUrl}//services/data`)).json()) as {
      version: string;
    }[];
    expect(versions[0]?.version).toBe('31.0');
    expect(versions.at(-1)?.version).toBe('67.0');
    for (const path of ['/services/data/v62.0', '/services/data/v62.0/']) {
      const response = await fetch(`${running.instanceUrl}${path}`, {
        headers: { Authorization: `Bearer ${running.accessToken}` },
      });
      expect(response.status, path).toBe(200);
    }
    const old = new Connection({
      instanceUrl: running.instanceUrl,
      accessToken: running.accessToken,
      version: '50.0',
    });
    await expect(old.query('SELECT Id FROM Organization')).resolves.toMatchObject({ totalSize: 1 });
  });

  it('logs every request without a secret', () => {
    const log = JSON.stringify(running.emulator.state.log);
    expect(running.emulator.state.log.length).toBeGreaterThan(10);
    for (const token of running.emulator.state.sessions.tokens()) expect(log).not.toContain(token);
    for (const client of org.clients) expect(log).not.toContain(client.consumerSecret);
  });
});

describe('emulator: state decides the token answer', () => {
  it('refuses a login outside the profile login hours (Saturday for the carrier)', async () => {
    const running = await serveFixture(NORTHWIND, {
      clock: fixedClock(new Date('2026-11-28T12:00:00Z')),
    });
    const error = await rejection(
      clientCredentials(running.loginUrl, clientOf(running.emulator.state.org, 'Carrier_Tracking')),
    );
    expect([error.name, error.message]).toEqual([
      'invalid_grant',
      'ip restricted or invalid login hours',
    ]);
  });

  it("refuses the password-locked run-as user's token (Northwind's planted Ledger_Export fault)", async () => {
    const running = await serveFixture(NORTHWIND);
    const error = await rejection(
      clientCredentials(running.loginUrl, clientOf(running.emulator.state.org, 'Ledger_Export')),
    );
    // UNCONFIRMED default (docs/emulator.md): a lockout refuses like a frozen user.
    expect([error.name, error.message]).toEqual(['invalid_grant', 'authentication failure']);
  });

  it('refuses a login from outside the profile IP ranges', async () => {
    const running = await serveFixture(NORTHWIND, {
      variant: (org) => {
        org.info.clientIp = '198.51.100.7';
      },
    });
    const error = await rejection(
      clientCredentials(running.loginUrl, clientOf(running.emulator.state.org, 'Carrier_Tracking')),
    );
    expect(error.message).toBe('ip restricted or invalid login hours');
  });

  it('answers REQUEST_LIMIT_EXCEEDED once the daily API requests are used up', async () => {
    const running = await serveFixture(NORTHWIND, {
      variant: (org) => {
        org.behaviour.dailyApiRequests = 2;
      },
    });
    const conn = new Connection({
      instanceUrl: running.instanceUrl,
      accessToken: running.accessToken,
      version: VERSION,
    });
    await conn.query('SELECT Id FROM User');
    await conn.query('SELECT Id FROM User');
    const error = await rejection(conn.query('SELECT Id FROM User'));
    expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  it('answers 401 "not valid for use with the REST API" when the app lacks the Api scope', async () => {
    const running = await serveFixture(NORTHWIND, {
      variant: (org) => {
        const app = org.apps.find((a) => a.name === 'Storefront_Orders');
        if (app) app.scopes = ['Basic'];
      },
    });
    const conn = await clientCredentials(
      running.loginUrl,
      clientOf(running.emulator.state.org, 'Storefront_Orders'),
    );
    const error = await rejection(conn.query('SELECT Id FROM Account'));
    expect([error.errorCode, error.message]).toEqual([
      'INVALID_SESSION_ID',
      'This session is not valid for use with the REST API',
    ]);
  });

  it('injects faults per route: error bodies, expired sessions', async () => {
    const running = await serveFixture(NORTHWIND, {
      faults: [
        {
          path: '/query$',
          query: 'FROM LoginHistory',
          status: 403,
          errorCode: 'INSUFFICIENT_ACCESS',
          message: 'nope',
        },
        { path: '/limits$', expireSessions: true },
      ],
    });
    const conn = new Connection({
      instanceUrl: running.instanceUrl,
      accessToken: running.accessToken,
      version: VERSION,
    });
    const injected = await rejection(conn.query('SELECT Id FROM LoginHistory'));
    expect(injected.errorCode).toBe('INSUFFICIENT_ACCESS');
    await expect(conn.query('SELECT Id FROM User')).resolves.toBeDefined();
    const expired = await rejection(conn.limits());
    expect(expired.errorCode).toBe('INVALID_SESSION_ID');
  });
});
