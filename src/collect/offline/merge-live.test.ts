import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { loadOrgFixture } from '../../fixture/load.js';
import { loadManifest } from '../../manifest/load.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { snapshotOfOrg } from '../../probe/testing/org-snapshot.js';
import { collectProject } from './collect-project.js';
import { mergeProjectWithLive, USER_LOOKUP_REQUEST } from './merge-live.js';

const NORTHWIND = join(import.meta.dirname, '../../../test/fixtures/orgs/northwind-integrations');

let project: OrgSnapshot;
let live: OrgSnapshot;

beforeAll(async () => {
  const { manifest } = await loadManifest(join(NORTHWIND, 'runas-guard.yaml'));
  project = await collectProject(NORTHWIND, { manifest, now: '2026-11-25T00:00:00.000Z' });
  live = snapshotOfOrg(
    await loadOrgFixture(NORTHWIND),
    'https://northwindtraders.my.salesforce.com',
  );
});

describe('mergeProjectWithLive', () => {
  it('takes configuration from the project and user state from the org', () => {
    const merged = mergeProjectWithLive(project, live);
    expect(merged.mode).toBe('project+live');
    expect(merged.org).toEqual(live.org);
    expect(merged.project).toEqual(project.project);
    expect(merged.collectedAt).toBe(live.collectedAt);
    expect(merged.apps).toBe(project.apps);
    expect(merged.users).toBe(live.users);
    expect(merged.assignments).toBe(live.assignments);
    expect(merged.auditTrail).toBe(live.auditTrail);
    // The expiring assignment is org state, which the project's declaration lacks.
    expect(merged.assignments.some((a) => a.expirationDate !== undefined)).toBe(true);
    expect(merged.sourceSecrets).toEqual([]);
    expect(merged.ledger.projectFiles).toEqual({ status: 'ok', requests: 0 });
    expect(merged.ledger.users).toEqual(live.ledger.users);
    expect(merged.ledger.loginHistory?.status).toBe('ok');
    // Every project app's users were looked up: nothing to name.
    expect(merged.notLookedUp).toBeUndefined();
  });

  it("prefers the project's containers and adds the org's others", () => {
    const liveOnly = structuredClone(live);
    const steward = liveOnly.permissionSets.find((s) => s.name === 'Product_Data_Steward');
    if (steward === undefined) throw new Error('no Product_Data_Steward');
    steward.userPermissions = [...steward.userPermissions, 'ModifyAllData'];
    liveOnly.permissionSets.push({ ...structuredClone(steward), name: 'Org_Only_Set' });
    liveOnly.objects = { ...liveOnly.objects, Org_Only__c: ['Code__c'] };
    const merged = mergeProjectWithLive(project, liveOnly);
    const sets = merged.permissionSets.filter((s) => s.name === 'Product_Data_Steward');
    expect(sets).toHaveLength(1);
    expect(sets[0]?.userPermissions).not.toContain('ModifyAllData');
    expect(merged.permissionSets.map((s) => s.name)).toContain('Org_Only_Set');
    expect(merged.objects.Org_Only__c).toEqual(['Code__c']);
    expect(merged.objects.Product2).toEqual(project.objects.Product2);
  });

  it('recovers app reads the org refused, but not the users it therefore never looked up', () => {
    const refused = structuredClone(live);
    const failure = {
      status: 'failed' as const,
      request: 'metadata.readMetadata.ConnectedApp',
      errorCode: 'INSUFFICIENT_ACCESS',
      message: 'no Modify Metadata',
      permission: 'Modify Metadata',
    };
    refused.ledger.apps = failure;
    refused.failedRequests = [{ ...failure, facet: 'apps' }];
    // Without the Connected Apps the org collection knows only the External Client Apps' users.
    refused.apps = refused.apps.filter((a) => a.type === 'ExternalClientApplication');
    const lookedUp = new Set(refused.apps.map((a) => a.runAsUsername));
    refused.users = refused.users.filter((u) => lookedUp.has(u.username));

    const merged = mergeProjectWithLive(project, refused);
    expect(merged.ledger.apps).toEqual({ status: 'ok', requests: 0 });
    expect(merged.failedRequests?.[0]).toMatchObject({
      request: 'metadata.readMetadata.ConnectedApp',
      recoveredBy: 'project',
    });
    // The users the org collection never looked up are named; the per-user facets stay as the
    // org answered them (ok), so the engine gates only the integrations those users serve.
    expect(merged.notLookedUp).toEqual([
      'ledger.integration@northwindtraders.com',
      'supplier.integration@northwindtraders.com',
    ]);
    for (const facet of ['users', 'userLogin', 'access', 'loginHistory', 'oauthTokens'] as const)
      expect(merged.ledger[facet], facet).toEqual(refused.ledger[facet]);
    expect(merged.failedRequests?.at(-1)).toEqual({
      request: USER_LOOKUP_REQUEST,
      facet: 'users',
      errorCode: 'NOT_LOOKED_UP',
      message:
        "the org's apps do not run as ledger.integration@northwindtraders.com, supplier.integration@northwindtraders.com, so the org collection did not look them up",
    });
  });

  it("keeps the org's own failure of a user facet", () => {
    const failed = structuredClone(live);
    failed.apps = [];
    failed.ledger.userLogin = {
      status: 'failed',
      request: 'rest.query.UserLogin',
      errorCode: 'INSUFFICIENT_ACCESS',
      message: 'no Manage Users',
    };
    const merged = mergeProjectWithLive(project, failed);
    expect(merged.ledger.userLogin).toMatchObject({ request: 'rest.query.UserLogin' });
  });

  it("uses the project's profile policies when it holds every run-as user's profile", () => {
    const refused = structuredClone(live);
    refused.ledger.profilePolicies = {
      status: 'failed',
      request: 'metadata.readMetadata.Profile',
      errorCode: 'INSUFFICIENT_ACCESS',
      message: 'no Modify Metadata',
    };
    refused.failedRequests = [
      {
        request: 'metadata.readMetadata.Profile',
        facet: 'profilePolicies',
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'no Modify Metadata',
      },
    ];
    expect(mergeProjectWithLive(project, refused).ledger.profilePolicies?.status).toBe('ok');
    refused.users = refused.users.map((u) =>
      u.username.startsWith('ledger.')
        ? { ...u, profileName: 'Org Only', profileFullName: 'Org_Only' }
        : u,
    );
    const merged = mergeProjectWithLive(project, refused);
    expect(merged.ledger.profilePolicies?.status).toBe('failed');
    expect(merged.failedRequests?.[0]?.recoveredBy).toBeUndefined();
  });
});
