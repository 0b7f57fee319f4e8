import { describe, expect, it } from 'vitest';

import {
  BASE,
  BASE_MANIFEST,
  snapshot,
  type SnapshotBuilder,
} from '../analyze/testing/snapshot-builder.js';
import { runAudit } from '../audit/run-audit.js';
import { findingStatesOf, integrationStatesOf } from './state.js';
import type { IntegrationState } from './types.js';

async function statesOf(builder: SnapshotBuilder): Promise<IntegrationState[]> {
  const snap = builder.build();
  const manifest = builder.manifest();
  const { report } = await runAudit({
    source: { kind: 'given', snapshot: snap },
    manifest: manifest === undefined ? undefined : { file: 'm.yaml', manifest, warnings: [] },
    allowIncomplete: true,
    generatedAt: snap.collectedAt,
  });
  return integrationStatesOf(snap, report, manifest);
}

function billing(states: IntegrationState[]): IntegrationState {
  const state = states.find((s) => s.app === BASE.eca);
  if (state === undefined) throw new Error('no Billing_Callback');
  return state;
}

describe('integrationStatesOf', () => {
  it('flattens the run-as user, pre-authorization, policy, access with containers and needs', async () => {
    const state = billing(await statesOf(snapshot().withManifest()));
    expect(state).toMatchObject({
      app: BASE.eca,
      integration: BASE_MANIFEST.eca,
      appType: 'ExternalClientApplication',
      userStateKnown: true,
      preAuthorized: true,
      runAs: {
        username: BASE.ecaUser,
        found: true,
        active: true,
        frozen: false,
        passwordLocked: false,
        licence: 'Salesforce Integration',
        profile: BASE.integrationProfile,
      },
    });
    expect(state.runAs?.role).toBeUndefined();
    expect(state.policy).toMatchObject({
      permittedUsers: 'admin approved',
      preAuthorizedPermissionSets: BASE.ecaPermissionSet,
      scopes: 'Api',
      ipRelaxation: 'Enforce',
    });
    expect(Object.keys(state.policy)).toEqual([...Object.keys(state.policy)].sort());
    expect(state.access).toContainEqual({
      key: 'object:Invoice__c:edit',
      container: BASE.ecaPermissionSet,
    });
    expect(state.access).toContainEqual({
      key: 'system:ApiEnabled',
      container: `profile ${BASE.integrationProfile}`,
    });
    expect(state.needs).toContain('object:Invoice__c:edit');
    expect(state.needs).toContain('system:ApiUserOnly');
  });

  it('leaves user state out when users were not collected, and access null without the access facet', async () => {
    const noUsers = billing(await statesOf(snapshot().failFacet('users')));
    expect(noUsers.userStateKnown).toBe(false);
    expect(noUsers.runAs).toEqual({ username: BASE.ecaUser, found: true });
    const noAccess = billing(await statesOf(snapshot().failFacet('access')));
    expect(noAccess.access).toBeNull();
    expect(noAccess.preAuthorized).toBeUndefined();
  });

  it('frozen and password-locked are unknown without UserLogin', async () => {
    const state = billing(await statesOf(snapshot().failFacet('userLogin')));
    expect(state.userStateKnown).toBe(true);
    expect(state.runAs).not.toHaveProperty('frozen');
    expect(state.runAs).not.toHaveProperty('passwordLocked');
    expect(state.runAs?.active).toBe(true);
  });

  it('a username that does not exist is found: false with no access; no manifest, no needs', async () => {
    const state = billing(await statesOf(snapshot().removeUser(BASE.ecaUser)));
    expect(state.runAs).toEqual({ username: BASE.ecaUser, found: false });
    expect(state.access).toBeNull();
    expect(state.needs).toEqual([]);
    expect(state.integration).toBeUndefined();
  });

  it('pre-authorization is undefined for an app that is not admin-approved', async () => {
    const state = billing(await statesOf(snapshot().withApp(BASE.eca, { adminApproved: false })));
    expect(state.preAuthorized).toBeUndefined();
    expect(state.policy.permittedUsers).toBe('all users may self-authorize');
  });

  it('the auditor app is not an integration', async () => {
    const states = await statesOf(
      snapshot()
        .withManifest()
        .withManifestSettings({ auditorApps: [BASE.connectedApp] }),
    );
    expect(states.map((s) => s.app)).toEqual([BASE.eca]);
  });
});

describe('findingStatesOf', () => {
  it('recomputes fingerprints for one org key so two orgs match, suffix stripped', async () => {
    const prod = snapshot().withUser(BASE.ecaUser, { isFrozen: true }).build();
    const sandbox = snapshot()
      .withUser(BASE.ecaUser, { isFrozen: true })
      .with((s) => {
        if (s.org !== null) s.org = { ...s.org, id: '00D000000000002AAA', isSandbox: true };
        for (const u of s.users) u.username = `${u.username}.uat`;
        for (const a of s.apps) a.runAsUsername = `${a.runAsUsername ?? ''}.uat`;
        for (const x of s.assignments) x.username = `${x.username}.uat`;
      })
      .build();
    const audit = async (snap: typeof prod) =>
      (await runAudit({ source: { kind: 'given', snapshot: snap }, allowIncomplete: true })).report;
    const a = await audit(prod);
    const b = await audit(sandbox);
    const frozen = (states: ReturnType<typeof findingStatesOf>) =>
      states.find((f) => f.ruleId === 'RG-0004' && f.app === BASE.eca)?.fingerprint;
    // As audited, the two orgs' fingerprints differ; rekeyed, they are one finding.
    expect(frozen(findingStatesOf(a))).not.toBe(frozen(findingStatesOf(b)));
    const rekey = { orgKey: 'compare', sandboxSuffix: 'uat' };
    expect(frozen(findingStatesOf(a, { rekey }))).toBe(frozen(findingStatesOf(b, { rekey })));
    expect(
      findingStatesOf(a).find((f) => f.ruleId === 'RG-0004' && f.app === BASE.eca),
    ).toMatchObject({
      status: 'fail',
      severity: 'critical',
    });
  });
});
