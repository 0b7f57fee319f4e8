// The live collector against the emulator over 127.0.0.1, with the real jsforce client: what it
// collects from Northwind and the demo org, how many requests it sends (bounded, independent of the
// number of apps, pages counted), that it only reads, and what it reports when the auditor lacks access.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/analyze/engine.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { collectLive } from '../../src/collect/live/collect-live.js';
import type { CollectLiveOptions } from '../../src/collect/live/collect-live.js';
import { connectWithAccessToken } from '../../src/collect/live/connect.js';
import { readSnapshot, writeSnapshot } from '../../src/collect/snapshot-file.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { RequestLogEntry } from '../../src/emulator/state.js';
import { summarizeEffectiveAccess } from '../../src/model/effective/query.js';
import { resolveEffectiveAccess } from '../../src/model/effective/resolve.js';
import type { OrgModel, SObjectRow } from '../../src/model/org.js';
import type { ProfileDef } from '../../src/model/permissions.js';
import { NOT_LIVE_FACETS } from '../../src/collect/catalog.js';
import { FACETS } from '../../src/model/snapshot.js';
import type { OrgSnapshot } from '../../src/model/snapshot.js';
import { fixedClock } from '../../src/util/clock.js';
import { deterministicId } from '../../src/util/ids.js';
import { loadManifest } from '../../src/manifest/load.js';
import { DEMO_ORG, NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

/** The facets a live collection feeds (the others are `unsupported` live). */
const LIVE_FACETS = FACETS.filter((f) => NOT_LIVE_FACETS[f] === undefined);

interface Collected {
  snapshot: OrgSnapshot;
  /** The emulator's log entries of this collection only. */
  log: RequestLogEntry[];
}

async function collect(
  running: RunningEmulator,
  options: CollectLiveOptions = {},
  token = running.accessToken,
): Promise<Collected> {
  const before = running.emulator.state.log.length;
  const snapshot = await collectLive(connectWithAccessToken(running.instanceUrl, token), options);
  return { snapshot, log: running.emulator.state.log.slice(before) };
}

function decoded(entry: RequestLogEntry): string {
  return decodeURIComponent(entry.query.replace(/\+/g, ' '));
}

/**
 * The bytes of path and query string as the collector sent them (the log re-encodes spaces as `+`):
 * as the URL serialiser writes them, `'` percent-encoded.
 */
function sentUriBytes(entry: RequestLogEntry): number {
  const soql = decoded(entry).replace(/^\?q=/, '');
  const url = new URL(`http://127.0.0.1${entry.path}?q=${encodeURIComponent(soql)}`);
  return Buffer.byteLength(url.pathname + url.search);
}

/** Queries of the log whose SOQL reads `FROM <object>`. */
function queriesOf(log: readonly RequestLogEntry[], object: string): RequestLogEntry[] {
  return log.filter(
    (e) => e.path.includes('/query') && new RegExp(`FROM ${object}\\b`).test(decoded(e)),
  );
}

function expectedApps(
  dir: string,
): Record<string, { type: string; runAs: string | null; clientCredentialsEnabled?: boolean }> {
  return (
    JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
      apps: Record<string, { type: string; runAs: string | null }>;
    }
  ).apps;
}

/** Each run-as user's effective access, from the snapshot and as the emulator itself computes it. */
function accessBothWays(running: RunningEmulator, snapshot: OrgSnapshot, username: string) {
  const user = snapshot.users.find((u) => u.username === username);
  const profile = snapshot.profiles.find((p) => p.fullName === user?.profileFullName);
  if (user === undefined || profile === undefined)
    throw new Error(`${username} or its profile is missing`);
  const fromSnapshot = resolveEffectiveAccess(
    {
      profile,
      assignments: snapshot.assignments
        .filter((a) => a.username === username)
        .map((a) => ({
          ...(a.permissionSet === undefined ? {} : { permissionSet: a.permissionSet }),
          ...(a.permissionSetGroup === undefined
            ? {}
            : { permissionSetGroup: a.permissionSetGroup }),
          ...(a.expirationDate === undefined ? {} : { expirationDate: a.expirationDate }),
        })),
      now: snapshot.collectedAt,
    },
    {
      permissionSets: snapshot.permissionSets,
      mutingPermissionSets: snapshot.mutingPermissionSets,
      permissionSetGroups: snapshot.permissionSetGroups,
      objects: Object.keys(snapshot.objects),
      fieldsOf: (o) => snapshot.objects[o] ?? [],
    },
  );
  const view = running.emulator.state.view;
  const userView = view.userByUsername(username);
  if (userView === undefined) throw new Error(`emulator has no ${username}`);
  const fromEmulator = view.access(userView, new Date(snapshot.collectedAt));
  return {
    snapshot: summarizeEffectiveAccess(fromSnapshot),
    emulator: summarizeEffectiveAccess(fromEmulator),
  };
}

/** The org clock of both fixtures, held still so that collectedAt does not depend on test timing. */
const ORG_NOW = '2026-11-25T12:00:00.000Z';

/** The facts of a snapshot, without what depends on how it was collected (requests, timing, instance). */
function facts(s: OrgSnapshot) {
  // apiUsage is the org's daily counter, which every earlier run of the file has moved.
  return { ...s, org: null, collectedAt: '', apiRequests: 0, apiUsage: undefined, ledger: {} };
}

describe('collectLive: Northwind', async () => {
  const running = await serveFixture(NORTHWIND, { clock: fixedClock(new Date(ORG_NOW)) });
  const { snapshot, log } = await collect(running);

  it('collects both kinds of apps with their run-as users', () => {
    const expected = expectedApps(NORTHWIND);
    expect(snapshot.apps.map((a) => a.name)).toEqual(Object.keys(expected).sort());
    for (const app of snapshot.apps) {
      expect(app.type, app.name).toBe(expected[app.name]?.type);
      expect(app.runAsUsername, app.name).toBe(expected[app.name]?.runAs);
      expect(app.clientCredentialsEnabled, app.name).toBe(true);
    }
    expect(snapshot.apps.find((a) => a.name === 'Supplier_Catalog')).toMatchObject({
      adminApproved: true,
      preAuthorizedPermissionSets: ['Supplier_Catalog_API'],
      scopes: ['Api', 'RefreshToken'],
    });
    expect(snapshot.apps.find((a) => a.name === 'Carrier_Tracking')).toMatchObject({
      type: 'ExternalClientApplication',
      adminApproved: true,
      preAuthorizedProfiles: ['Northwind Carrier Integration'],
      ipRelaxation: 'Enforce',
      scopes: ['Api'],
    });
  });

  it('collects the run-as users, their state, licence and profile, and only them', () => {
    expect(snapshot.users.map((u) => u.username)).toEqual([
      'carrier.integration@northwindtraders.com',
      'ledger.integration@northwindtraders.com',
      'storefront.integration@northwindtraders.com',
      'supplier.integration@northwindtraders.com',
    ]);
    for (const u of snapshot.users) {
      expect(u).toMatchObject({
        isActive: true,
        isFrozen: false,
        userLicense: 'Salesforce Integration',
      });
      expect(u.isPasswordLocked, u.username).toBe(u.username.startsWith('ledger.'));
    }
    expect(snapshot.users[0]).toMatchObject({
      id: '0058d000005NwT4AAK',
      profileFullName: 'Northwind Carrier Integration',
    });
  });

  it('collects assignments with expiry, the group with its members and muting set', () => {
    expect(snapshot.assignments).toContainEqual({
      username: 'ledger.integration@northwindtraders.com',
      permissionSet: 'Ledger_Year_End_Close',
      expirationDate: '2027-01-31T23:59:59.000Z',
    });
    expect(snapshot.assignments).toContainEqual({
      username: 'supplier.integration@northwindtraders.com',
      permissionSetGroup: 'Supplier_Catalog_Access',
    });
    expect(snapshot.permissionSetGroups).toEqual([
      expect.objectContaining({
        name: 'Supplier_Catalog_Access',
        permissionSets: ['Product_Data_Steward', 'Supplier_Catalog_API'],
        mutingPermissionSet: 'Supplier_Catalog_Access_Muting',
        status: 'Updated',
      }),
    ]);
    expect(snapshot.mutingPermissionSets[0]?.objectPermissions.Pricebook2).toMatchObject({
      allowRead: true,
      allowDelete: true,
    });
    // Tomas Berg's session-based set is not a run-as user's: not collected.
    expect(snapshot.permissionSets.map((p) => p.name)).not.toContain('Price_Book_Override');
  });

  it("collects the carrier profile's login IP range and login hours", () => {
    const carrier = snapshot.profiles.find((p) => p.fullName === 'Northwind Carrier Integration');
    expect(carrier).toMatchObject({
      custom: true,
      userLicense: 'Salesforce Integration',
      userPermissions: ['ApiEnabled', 'ApiUserOnly'],
      loginIpRanges: [
        { start: '192.0.2.32', end: '192.0.2.47', description: 'Integration hub egress' },
      ],
    });
    const weekday = { start: 360, end: 1200 };
    expect(carrier?.loginHours).toEqual({
      monday: weekday,
      tuesday: weekday,
      wednesday: weekday,
      thursday: weekday,
      friday: weekday,
    });
    expect(
      snapshot.profiles.find((p) => p.fullName === 'Minimum Access - API Only Integrations')
        ?.loginHours,
    ).toBeUndefined();
  });

  it('gives each run-as user the effective access the emulator itself computes', () => {
    for (const user of snapshot.users) {
      const both = accessBothWays(running, snapshot, user.username);
      expect(both.snapshot, user.username).toEqual(both.emulator);
    }
  });

  it('collects history scoped to the run-as users, on the org clock', () => {
    expect(snapshot.collectedAt).toBe(ORG_NOW);
    expect(snapshot.org).toEqual({
      id: '00D8d000004NwTrEAK',
      instanceUrl: running.instanceUrl,
      isSandbox: false,
      name: 'northwind-integrations',
      timeZone: 'Europe/London',
    });
    expect(snapshot.loginHistory.length).toBeGreaterThan(0);
    expect(snapshot.loginHistory.every((l) => l.username.includes('.integration@'))).toBe(true);
    expect(snapshot.auditTrail.map((a) => a.action)).toContain('frozeuser');
    // Both OAuth tokens belong to human users.
    expect(snapshot.oauthTokens).toEqual([]);
  });

  it('records every facet ok, and as many requests as the emulator served', () => {
    for (const facet of LIVE_FACETS) expect(snapshot.ledger[facet]?.status, facet).toBe('ok');
    expect(snapshot.ledger.projectFiles).toMatchObject({ status: 'unsupported' });
    expect(snapshot.failedRequests).toEqual([]);
    expect(snapshot.apiRequests).toBe(log.length);
  });

  it('sends one query per kind of fact: exactly one User query, no request per app or user', () => {
    expect(queriesOf(log, 'User')).toHaveLength(1);
    for (const object of [
      'UserLogin',
      'PermissionSetAssignment',
      'LoginHistory',
      'SetupAuditTrail',
      'OauthToken',
      'ObjectPermissions',
      'FieldPermissions',
    ])
      expect(queriesOf(log, object), object).toHaveLength(1);
    expect(log.length).toBeLessThanOrEqual(30);
  });

  it('only reads: GETs, and POSTs to the Metadata API (SOAP reads) only', () => {
    for (const entry of log) {
      expect(entry.status, entry.path).toBe(200);
      if (entry.method !== 'GET')
        expect(`${entry.method} ${entry.path}`).toMatch(/^POST \/services\/Soap\/m\/\d+\.\d$/);
    }
  });

  it('writes a snapshot without the token, and reads it back with its collectedAt', async () => {
    const dir = tempDir('rg-collect-');
    const file = join(dir, 'northwind.snapshot.json');
    await writeSnapshot(file, snapshot);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(running.accessToken);
    expect(text).not.toContain(running.accessToken.slice(20, 60));
    for (const token of running.emulator.state.sessions.tokens()) expect(text).not.toContain(token);
    expect(text).not.toMatch(/consumerSecret|client_secret/i);
    const replayed = await readSnapshot(file);
    expect(replayed).toEqual(snapshot);
    expect(replayed.collectedAt).toBe(ORG_NOW);
  });

  it('uses --now instead of the org clock when given', async () => {
    const { snapshot: later } = await collect(running, { now: '2027-01-01T00:00:00.000Z' });
    expect(later.collectedAt).toBe('2027-01-01T00:00:00.000Z');
  });

  it('stops with AUTH_FAILED (exit 3) when the auditor token is refused', async () => {
    await expect(collect(running, {}, '00D8d000004NwTr!AQnot-a-session')).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      exitCode: 3,
    });
  });
});

describe('collectLive: the demo org', async () => {
  const running = await serveFixture(DEMO_ORG);
  const { snapshot, log } = await collect(running);

  it('collects every app with its run-as user and flow switch', () => {
    const expected = expectedApps(DEMO_ORG);
    expect(snapshot.apps.map((a) => a.name)).toEqual(Object.keys(expected).sort());
    for (const app of snapshot.apps) {
      expect(app.type, app.name).toBe(expected[app.name]?.type);
      expect(app.runAsUsername ?? null, app.name).toBe(expected[app.name]?.runAs);
      expect(app.clientCredentialsEnabled, app.name).toBe(
        expected[app.name]?.clientCredentialsEnabled,
      );
    }
  });

  it('collects the planted user states and the admin profile by its metadata name', () => {
    const user = (name: string) => snapshot.users.find((u) => u.username.startsWith(name));
    expect(user('dock.')).toMatchObject({ isActive: false });
    expect(user('customs.')).toMatchObject({ isActive: true, isFrozen: true });
    expect(user('integration.admin')).toMatchObject({
      profileName: 'System Administrator',
      profileFullName: 'Admin',
      userLicense: 'Salesforce',
    });
    expect(snapshot.profiles.find((p) => p.fullName === 'Admin')?.userPermissions).toEqual(
      expect.arrayContaining(['ModifyAllData', 'ApiEnabled']),
    );
    expect(
      snapshot.profiles.find((p) => p.fullName === 'Acme Scanner Integration')?.userPermissions,
    ).toEqual([]);
  });

  it('gives each run-as user the effective access the emulator computes', () => {
    for (const user of snapshot.users) {
      const both = accessBothWays(running, snapshot, user.username);
      expect(both.snapshot.systemPermissions, user.username).toEqual(
        both.emulator.systemPermissions,
      );
      expect(both.snapshot.objects, user.username).toEqual(both.emulator.objects);
    }
  });

  it('is all the rules need: the planted faults fail, nothing is left not-evaluated', async () => {
    const expected = JSON.parse(readFileSync(join(DEMO_ORG, 'expected.json'), 'utf8')) as {
      mustFail: { ruleId: string; app: string; resourceName: string }[];
    };
    const { manifest } = await loadManifest(join(DEMO_ORG, 'runas-guard.yaml'));
    const { findings } = evaluate(snapshot, RULES, { manifest });
    const implemented = new Set(RULES.map((r) => r.meta.id));
    for (const want of expected.mustFail.filter((f) => implemented.has(f.ruleId))) {
      const found = findings.find(
        (f) =>
          f.ruleId === want.ruleId && f.app === want.app && f.resource.name === want.resourceName,
      );
      expect(found?.status, `${want.ruleId} ${want.app}`).toBe('fail');
    }
    // Only what live mode cannot have (the project's files) may stay not-evaluated.
    const gaps = findings.filter(
      (f) => f.status === 'error' || (f.status === 'not-evaluated' && f.messageId !== 'notInMode'),
    );
    expect(gaps).toEqual([]);
  });

  it('needs the same number of requests as Northwind, apart from the per-10 readMetadata batches', () => {
    for (const facet of LIVE_FACETS) expect(snapshot.ledger[facet]?.status, facet).toBe('ok');
    expect(queriesOf(log, 'User')).toHaveLength(1);
    expect(snapshot.apiRequests).toBe(log.length);
  });
});

describe('collectLive: request count does not grow with the number of apps', async () => {
  const COPIES = 30;
  const running = await serveFixture(NORTHWIND, {
    variant: (org) => {
      // Thirty more Connected Apps; each names its own run-as user, none of whom exists.
      const ledger = org.metadata.find(
        (c) => c.type === 'ConnectedApp' && c.fullName === 'Ledger_Export',
      );
      if (ledger === undefined) throw new Error('no Ledger_Export');
      for (let i = 0; i < COPIES; i++) {
        const n = String(i).padStart(2, '0');
        const content = structuredClone(ledger.content) as { oauthConfig: Record<string, unknown> };
        content.oauthConfig.oauthClientCredentialUser = `ghost.integration.${n}@northwindtraders.com`;
        org.metadata.push({ ...ledger, fullName: `Ledger_Copy_${n}`, content });
      }
    },
  });
  const plain = await serveFixture(NORTHWIND);

  it('sends the same requests for 32 Connected Apps as for 2, except readMetadata batches of 10', async () => {
    const many = await collect(running);
    const few = await collect(plain);
    expect(many.snapshot.apps.filter((a) => a.type === 'ConnectedApp')).toHaveLength(2 + COPIES);
    const soap = (log: readonly RequestLogEntry[]) =>
      log.filter((e) => e.path.startsWith('/services/Soap/')).length;
    const readBatches = (n: number) => Math.ceil(n / 10);
    expect(soap(many.log) - soap(few.log)).toBe(readBatches(2 + COPIES) - readBatches(2));
    expect(many.log.length - soap(many.log)).toBe(few.log.length - soap(few.log));
    const [userQuery] = queriesOf(many.log, 'User');
    expect(queriesOf(many.log, 'User')).toHaveLength(1);
    expect(userQuery && decoded(userQuery)).toContain('ghost.integration.29@');
    expect(many.snapshot.users).toEqual(few.snapshot.users);
  });

  it('splits long IN lists so that each URI stays under the budget, with the same result', async () => {
    const whole = await collect(running);
    const split = await collect(running, { maxUriBytes: 1_000 });
    expect(queriesOf(split.log, 'User').length).toBeGreaterThan(1);
    for (const entry of split.log.filter((e) => decoded(e).includes(' IN (')))
      expect(sentUriBytes(entry), decoded(entry)).toBeLessThanOrEqual(1_000);
    expect(facts(split.snapshot)).toEqual(facts(whole.snapshot));
    expect(split.snapshot.apiRequests).toBe(split.log.length);
  });
});

describe('collectLive: paging', async () => {
  const running = await serveFixture(NORTHWIND, {
    variant: (org) => {
      org.behaviour.pageSize = 2;
    },
  });
  const reference = await serveFixture(NORTHWIND);

  it('follows nextRecordsUrl, counts every page, and collects the same facts', async () => {
    const paged = await collect(running);
    const whole = await collect(reference);
    const pages = paged.log.filter((e) => /\/query\/[\w-]+$/.test(e.path));
    expect(pages.length).toBeGreaterThan(5);
    expect(paged.snapshot.apiRequests).toBe(paged.log.length);
    expect(paged.snapshot.apiRequests).toBe(whole.snapshot.apiRequests + pages.length);
    expect(facts(paged.snapshot)).toEqual(facts(whole.snapshot));
  });
});

/** Northwind with a read-only auditor: API Enabled, View Setup, Manage Users, View All Users; no Modify Metadata. */
function readOnlyAuditor(org: OrgModel): void {
  const profile: ProfileDef = {
    kind: 'Profile',
    fullName: 'RunAs Guard Read Only',
    name: 'RunAs Guard Read Only',
    custom: true,
    userLicense: 'Salesforce',
    userPermissions: ['ApiEnabled', 'ViewSetup', 'ManageUsers', 'ViewAllUsers'],
    objectPermissions: {},
    fieldPermissions: {},
    loginIpRanges: [],
  };
  org.profiles.push(profile);
  const profileRow: SObjectRow = { Id: deterministicId('00e', profile.name), Name: profile.name };
  const userRow: SObjectRow = {
    Id: deterministicId('005', 'readonly.auditor'),
    Username: 'readonly.auditor@northwindtraders.com',
    Name: 'Read-only Auditor',
    IsActive: true,
    ProfileId: profileRow.Id,
  };
  org.records.get('Profile')?.push(profileRow);
  org.records.get('User')?.push(userRow);
  org.info.auditorUsername = 'readonly.auditor@northwindtraders.com';
}

describe('collectLive: an auditor without Modify Metadata', async () => {
  const running = await serveFixture(NORTHWIND, { variant: readOnlyAuditor });
  const { snapshot, log } = await collect(running);

  it('reports the apps facet failed, naming the request and the permission to grant', () => {
    expect(snapshot.ledger.apps).toMatchObject({
      status: 'failed',
      request: 'metadata.listMetadata.apps',
      errorCode: 'INSUFFICIENT_ACCESS',
      permission: 'Modify Metadata Through Metadata API Functions or Modify All Data',
    });
    expect(snapshot.ledger.apps?.status === 'failed' && snapshot.ledger.apps.message).toMatch(
      /ModifyMetadata/,
    );
    expect(log.some((e) => e.path.startsWith('/services/Soap/') && e.status === 500)).toBe(true);
  });

  it('still collects the External Client Apps from Tooling and everything else', () => {
    expect(snapshot.apps.map((a) => `${a.type}:${a.name}:${a.runAsUsername ?? ''}`)).toEqual([
      'ExternalClientApplication:Carrier_Tracking:carrier.integration@northwindtraders.com',
      'ExternalClientApplication:Storefront_Orders:storefront.integration@northwindtraders.com',
    ]);
    for (const facet of LIVE_FACETS.filter((f) => f !== 'apps' && f !== 'sessionSettings'))
      expect(snapshot.ledger[facet]?.status, facet).toBe('ok');
  });

  it('fails the session settings the Tooling fallback cannot read, never passing them', () => {
    // ProfileSessionSetting exists only as metadata: the fallback lacks it (issue 8, case 1).
    expect(snapshot.ledger.sessionSettings).toMatchObject({
      status: 'failed',
      request: 'metadata.listMetadata.profiles',
      errorCode: 'INSUFFICIENT_ACCESS',
      permission: 'Modify Metadata Through Metadata API Functions or Modify All Data',
    });
    expect(snapshot.users.map((u) => u.username)).toEqual([
      'carrier.integration@northwindtraders.com',
      'storefront.integration@northwindtraders.com',
    ]);
  });

  it('reads login hours and IP ranges through the Tooling fallback, and lists the forbidden requests', () => {
    const carrier = snapshot.profiles.find((p) => p.fullName === 'Northwind Carrier Integration');
    expect(carrier?.loginIpRanges).toHaveLength(1);
    expect(carrier?.loginHours?.monday).toEqual({ start: 360, end: 1200 });
    expect(
      snapshot.failedRequests?.map((f) => [f.request, f.errorCode, f.recoveredBy ?? null]),
    ).toEqual([
      ['metadata.listMetadata.apps', 'INSUFFICIENT_ACCESS', null],
      ['metadata.listMetadata.profiles', 'INSUFFICIENT_ACCESS', 'tooling.query.Profile'],
    ]);
    expect(snapshot.apiRequests).toBe(log.length);
  });
});

describe('collectLive: failures of single requests', async () => {
  const running = await serveFixture(NORTHWIND, {
    faults: [
      {
        path: '/query$',
        query: 'FROM UserLogin',
        status: 403,
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      },
      { path: '/query$', query: 'FROM LoginHistory', truncate: true },
      {
        path: '/sobjects/PermissionSet/describe$',
        status: 503,
        body: '<html>Service unavailable</html>',
      },
    ],
  });
  const { snapshot } = await collect(running);

  it('fails only the facets whose requests failed, and goes on', () => {
    expect(snapshot.ledger.userLogin).toMatchObject({
      status: 'failed',
      request: 'rest.query.UserLogin',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect(snapshot.ledger.loginHistory).toMatchObject({
      status: 'failed',
      request: 'rest.query.LoginHistory',
    });
    expect(snapshot.ledger.access).toMatchObject({
      status: 'failed',
      request: 'rest.describe.PermissionSet',
      errorCode: 'ERROR_HTTP_503',
    });
    for (const facet of ['apps', 'users', 'profilePolicies', 'auditTrail', 'oauthTokens'] as const)
      expect(snapshot.ledger[facet]?.status, facet).toBe('ok');
    expect(snapshot.users.every((u) => u.isFrozen === undefined)).toBe(true);
    expect(snapshot.failedRequests).toHaveLength(3);
  });
});
