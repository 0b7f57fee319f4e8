// AuditFacts from a snapshot: what the audit knows stays known, what it could not collect stays
// unknown (never false), and only this app's findings and audit trail count.

import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../analyze/testing/snapshot-builder.js';
import { factsFromSnapshot, isPreAuthorized } from './facts.js';

describe('factsFromSnapshot', () => {
  it('knows everything about a healthy integration of a complete live snapshot', () => {
    const facts = factsFromSnapshot(snapshot().build(), BASE.eca, [], {
      timeZone: 'Europe/London',
      egressIps: ['203.0.113.10'],
    });
    expect(facts).toMatchObject({
      myDomainUrl: BASE.instanceUrl,
      timeZone: 'Europe/London',
      egressIps: ['203.0.113.10'],
      appExists: true,
      app: { name: BASE.eca, clientCredentialsEnabled: true, runAsUsername: BASE.ecaUser },
      runAsUserExists: true,
      preAuthorized: true,
      user: {
        username: BASE.ecaUser,
        isActive: true,
        isFrozen: false,
        isPasswordLocked: false,
        profile: { name: BASE.integrationProfile, policies: { loginIpRanges: [] } },
        permissionSets: [BASE.ecaPermissionSet],
      },
    });
    expect(facts.user?.access?.systemPermissions.has('ApiEnabled')).toBe(true);
    expect(facts.user?.access?.objects.get('Invoice__c')?.has('edit')).toBe(true);
    expect(facts.objects?.Invoice__c).toEqual(['Amount__c', 'Status__c']);
  });

  it('leaves user state unknown in project mode', () => {
    const facts = factsFromSnapshot(snapshot().inProjectMode().build(), BASE.eca);
    expect(facts.app?.name).toBe(BASE.eca);
    expect(facts.myDomainUrl).toBeUndefined();
    expect(facts.runAsUserExists).toBeUndefined();
    expect(facts.user).toBeUndefined();
    expect(facts.preAuthorized).toBeUndefined();
  });

  it('leaves frozen, locked and login policies unknown when their requests failed', () => {
    const facts = factsFromSnapshot(
      snapshot().failFacet('userLogin').failFacet('profilePolicies').build(),
      BASE.eca,
    );
    expect(facts.user?.isActive).toBe(true);
    expect(facts.user?.isFrozen).toBeUndefined();
    expect(facts.user?.isPasswordLocked).toBeUndefined();
    expect(facts.user?.profile?.policies).toBeUndefined();
  });

  it('says when the app or the run-as user does not exist', () => {
    expect(factsFromSnapshot(snapshot().build(), 'No_Such_App').appExists).toBe(false);
    const facts = factsFromSnapshot(snapshot().removeUser(BASE.ecaUser).build(), BASE.eca);
    expect(facts.runAsUserExists).toBe(false);
    expect(facts.user).toBeUndefined();
  });

  it('counts an expired pre-authorizing assignment as not held', () => {
    const facts = factsFromSnapshot(
      snapshot()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .assign(BASE.ecaUser, {
          permissionSet: BASE.ecaPermissionSet,
          expirationDate: '2026-11-01T00:00:00.000Z',
        })
        .build(),
      BASE.eca,
    );
    expect(facts.user?.permissionSets).toEqual([]);
    expect(facts.preAuthorized).toBe(false);
    expect(facts.user?.access?.excluded.some((e) => e.reason === 'expired')).toBe(true);
  });

  it("keeps this app's findings only, failing and passing apart", () => {
    const facts = factsFromSnapshot(snapshot().build(), BASE.eca, [
      { ruleId: 'RG-0004', status: 'fail', app: BASE.eca },
      { ruleId: 'RG-0003', status: 'pass', app: BASE.eca },
      { ruleId: 'RG-0007', status: 'fail', app: BASE.connectedApp },
      { ruleId: 'RG-0005', status: 'not-evaluated', app: BASE.eca },
    ]);
    expect(facts.failingRules).toEqual(['RG-0004']);
    expect(facts.passingRules).toEqual(['RG-0003']);
  });

  it('keeps the audit trail about this user and app (and unattributed flow switches), newest first', () => {
    const entry = (action: string, display: string, createdDate: string) => ({
      action,
      display,
      createdDate,
      createdBy: 'admin@acme.com',
    });
    const facts = factsFromSnapshot(
      snapshot()
        .withUser(BASE.ecaUser, { name: 'Billing Integration' })
        .with((s) => {
          s.auditTrail.push(
            entry(
              'frozeuser',
              'Froze user account for Billing Integration',
              '2026-11-20T10:00:00.000+0000',
            ),
            entry(
              'frozeuser',
              'Froze user account for Ledger Integration',
              '2026-11-21T10:00:00.000+0000',
            ),
            entry(
              'changeApplicationClientCredentialEnabled',
              'Changed Enable Client Credentials Flow from true to false',
              '2026-11-22T10:00:00.000+0000',
            ),
            entry(
              'changeUserRuntimeAccessPolicy',
              'Changed connected app Billing Callback Permitted Users setting',
              '2026-11-19T10:00:00.000+0000',
            ),
          );
        })
        .build(),
      BASE.eca,
    );
    expect(facts.auditTrail.map((e) => e.action)).toEqual([
      'changeApplicationClientCredentialEnabled',
      'frozeuser',
      'changeUserRuntimeAccessPolicy',
    ]);
  });
});

describe('isPreAuthorized', () => {
  const app = {
    preAuthorizedProfiles: ['System Administrator'],
    preAuthorizedPermissionSets: ['Sync_API'],
  };
  it('accepts the profile by label or full name, or a held permission set, case-insensitively', () => {
    expect(isPreAuthorized(app, { name: 'system administrator' }, [])).toBe(true);
    expect(
      isPreAuthorized(
        { ...app, preAuthorizedProfiles: ['Admin'] },
        { name: 'System Administrator', fullName: 'Admin' },
        [],
      ),
    ).toBe(true);
    expect(isPreAuthorized(app, { name: 'Standard User' }, ['sync_api'])).toBe(true);
    expect(isPreAuthorized(app, { name: 'Standard User' }, ['Other'])).toBe(false);
  });
});
