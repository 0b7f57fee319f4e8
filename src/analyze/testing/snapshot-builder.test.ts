import { describe, expect, it } from 'vitest';

import { ManifestSchema } from '../../manifest/schema.js';
import { FACETS } from '../../model/snapshot.js';
import { evaluate } from '../engine.js';
import { RULES } from '../rules/index.js';
import { BASE, baseManifest, baseSnapshot, emptySnapshot, snapshot } from './snapshot-builder.js';

describe('the passing base', () => {
  const base = baseSnapshot();

  it('has one ECA and one Connected App with the flow on, each with its own integration user', () => {
    expect(
      base.apps.map((a) => [a.type, a.name, a.runAsUsername, a.clientCredentialsEnabled]),
    ).toEqual([
      ['ExternalClientApplication', BASE.eca, BASE.ecaUser, true],
      ['ConnectedApp', BASE.connectedApp, BASE.connectedAppUser, true],
    ]);
    for (const user of base.users) {
      expect(user).toMatchObject({
        isActive: true,
        isFrozen: false,
        isPasswordLocked: false,
        profileName: 'Minimum Access - API Only Integrations',
        userLicense: 'Salesforce Integration',
      });
    }
    expect(base.apps.every((a) => a.adminApproved && a.scopes.join() === 'Api')).toBe(true);
    expect(FACETS.every((f) => base.ledger[f]?.status === 'ok')).toBe(true);
  });

  it('passes every rule with its manifest', () => {
    const findings = evaluate(base, RULES, { manifest: baseManifest() }).findings;
    // RG-0026 reads project files, which a live snapshot does not hold: skip, never pass.
    expect(
      findings
        .filter((f) => f.status !== 'pass')
        .map((f) => `${f.ruleId} ${f.status} ${f.messageId}`),
    ).toEqual(['RG-0026 skip noProject', 'RG-0026 skip noProject']);
    expect(findings).toHaveLength(RULES.length * 2);
  });

  it('fails no rule without a manifest: the rules that need one skip', () => {
    const findings = evaluate(base, RULES).findings;
    expect(findings.filter((f) => f.status !== 'pass' && f.status !== 'skip')).toEqual([]);
    const skipped = new Set(findings.filter((f) => f.status === 'skip').map((f) => f.ruleId));
    expect([...skipped].sort()).toEqual([
      'RG-0010',
      'RG-0011',
      'RG-0012',
      'RG-0014',
      'RG-0026',
      'RG-0029',
      'RG-0036',
    ]);
  });

  it('fails no rule in project mode with the runAsAccess of its manifest', () => {
    const builder = snapshot().withManifest().inProjectModeWithRunAsAccess();
    const findings = evaluate(builder.build(), RULES, { manifest: baseManifest() }).findings;
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'error')).toEqual([]);
    // User state is not metadata; everything else is evaluated and passes.
    const notEvaluated = findings.filter((f) => f.status === 'not-evaluated');
    expect(notEvaluated.every((f) => f.messageId === 'notInMode')).toBe(true);
    for (const id of ['RG-0010', 'RG-0011', 'RG-0012', 'RG-0014', 'RG-0016', 'RG-0017', 'RG-0026'])
      expect(
        findings.filter((f) => f.ruleId === id).map((f) => f.status),
        id,
      ).toEqual(['pass', 'pass']);
  });

  it('is built afresh each time', () => {
    const a = baseSnapshot();
    a.users.pop();
    expect(baseSnapshot().users).toHaveLength(2);
  });
});

describe('SnapshotBuilder', () => {
  it('changes one thing at a time and removes fields patched to undefined', () => {
    const s = snapshot().withUser(BASE.ecaUser, { isActive: false, isFrozen: undefined }).build();
    const user = s.users.find((u) => u.username === BASE.ecaUser);
    expect(user?.isActive).toBe(false);
    expect(user && 'isFrozen' in user).toBe(false);
    expect(s.users.find((u) => u.username === BASE.connectedAppUser)).toEqual(
      baseSnapshot().users[1],
    );
  });

  it('adds standard profiles when a user moves onto one', () => {
    const s = snapshot().withProfile(BASE.ecaUser, 'System Administrator').build();
    expect(s.profiles.map((p) => p.fullName)).toEqual([
      'Minimum Access - API Only Integrations',
      'Admin',
    ]);
    expect(s.users[0]).toMatchObject({
      profileName: 'System Administrator',
      profileFullName: 'Admin',
      userLicense: 'Salesforce',
    });
    expect(() => snapshot().withProfile(BASE.ecaUser, 'Nope')).toThrow('no profile Nope');
  });

  it('adds integrations, reusing an existing user', () => {
    const s = snapshot().addIntegration({ app: 'Second', username: BASE.ecaUser }).build();
    expect(s.apps.map((a) => a.name)).toEqual([BASE.eca, BASE.connectedApp, 'Second']);
    expect(s.users).toHaveLength(2);
    const t = snapshot().addIntegration({ app: 'Third', username: 'third@acme.com' }).build();
    expect(t.users.map((u) => u.username)).toContain('third@acme.com');
  });

  it('grants, assigns and unassigns', () => {
    const s = snapshot()
      .grant('Extra', 'ViewAllData')
      .assign(BASE.ecaUser, { permissionSet: 'Extra' })
      .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
      .build();
    expect(s.permissionSets.find((p) => p.name === 'Extra')?.userPermissions).toEqual([
      'ViewAllData',
    ]);
    expect(s.assignments.filter((a) => a.username === BASE.ecaUser)).toEqual([
      { username: BASE.ecaUser, permissionSet: 'Extra' },
    ]);
  });

  it('marks facets failed or unsupported, and switches to project mode', () => {
    const s = snapshot().failFacet('userLogin', { permission: 'Manage Users' }).build();
    expect(s.ledger.userLogin).toEqual({
      status: 'failed',
      request: 'test.userLogin',
      errorCode: 'INSUFFICIENT_ACCESS',
      message: 'insufficient access rights on object id',
      permission: 'Manage Users',
    });
    const p = snapshot().inProjectMode().build();
    expect(p.org).toBeNull();
    expect(p.project?.name).toBe('acme-integrations');
    expect(p.users).toEqual([]);
    expect(p.ledger.users?.status).toBe('unsupported');
    expect(p.ledger.apps?.status).toBe('ok');
  });

  it('refuses to patch what does not exist', () => {
    expect(() => snapshot().withUser('nobody@acme.com', {})).toThrow('no user nobody@acme.com');
    expect(() => snapshot().withApp('Nope', {})).toThrow('no app Nope');
    expect(() => snapshot().addUser(BASE.ecaUser)).toThrow('already exists');
  });

  it('builds independent copies', () => {
    const builder = snapshot();
    const a = builder.build();
    a.apps.pop();
    expect(builder.build().apps).toHaveLength(2);
  });

  it('has an empty org with every facet collected', () => {
    const empty = emptySnapshot();
    expect([empty.apps, empty.users, empty.assignments]).toEqual([[], [], []]);
    expect(FACETS.every((f) => empty.ledger[f]?.status === 'ok')).toBe(true);
  });
});

describe('SnapshotBuilder: policies, logins, audit trail and tokens', () => {
  it('patches profiles and groups, and refuses unknown ones', () => {
    const s = snapshot()
      .withProfileDef(BASE.integrationProfile, { requiredSessionLevel: 'HIGH_ASSURANCE' })
      .addPermissionSetGroup('G', [])
      .withPermissionSetGroup('G', { status: 'Failed' })
      .build();
    expect(s.profiles[0]?.requiredSessionLevel).toBe('HIGH_ASSURANCE');
    expect(s.permissionSetGroups[0]?.status).toBe('Failed');
    expect(() => snapshot().withProfileDef('Nope', {})).toThrow('no profile Nope');
    expect(() => snapshot().withPermissionSetGroup('Nope', {})).toThrow(
      'no permission set group Nope',
    );
  });

  it('removes one user’s logins and adds audit trail entries and OAuth tokens', () => {
    const s = snapshot()
      .removeLogins(BASE.ecaUser.toUpperCase())
      .addAuditTrail({
        action: 'frozeuser',
        display: 'Froze user account for X',
        createdDate: BASE.collectedAt,
      })
      .addOauthToken({ username: BASE.ecaUser, appName: 'Salesforce CLI' })
      .build();
    expect(s.loginHistory.map((l) => l.username)).toEqual([BASE.connectedAppUser]);
    expect(s.auditTrail.map((e) => e.action)).toEqual(['frozeuser']);
    expect(s.oauthTokens.map((t) => t.appName)).toEqual(['Salesforce CLI']);
  });
});

describe('SnapshotBuilder: the manifest and project files', () => {
  it('has a base manifest that the manifest schema accepts', () => {
    expect(ManifestSchema.safeParse(baseManifest()).success).toBe(true);
  });

  it('changes, adds and removes manifest entries on a copy, and hands out cases', () => {
    const builder = snapshot()
      .withManifest()
      .withDeclared(BASE.eca, { network: undefined, owner: 'someone@acme.com' })
      .declare({ name: 'third', app: 'Third' })
      .undeclare(BASE.connectedApp)
      .withManifestSettings({ expiringAssignmentDays: 3 });
    const manifest = builder.manifest();
    expect(manifest?.integrations?.map((i) => i.app)).toEqual([BASE.eca, 'Third']);
    expect(manifest?.integrations?.[0]).not.toHaveProperty('network');
    expect(manifest?.settings?.expiringAssignmentDays).toBe(3);
    manifest?.integrations?.pop();
    expect(builder.manifest()?.integrations).toHaveLength(2);
    expect(builder.toCase('named')).toMatchObject({ name: 'named', evaluate: { manifest: {} } });
    expect(snapshot().toCase()).toEqual({ snapshot: baseSnapshot(), evaluate: {} });
    expect(() => snapshot().withDeclared(BASE.eca, {})).toThrow('set a manifest first');
  });

  it('builds project-mode users and assignments from runAsAccess', () => {
    const s = snapshot()
      .withManifest()
      .withDeclared(BASE.eca, {
        runAsAccess: { profile: 'Admin', permissionSetGroups: ['Billing_Access'] },
      })
      .inProjectModeWithRunAsAccess()
      .build();
    expect(s.mode).toBe('project');
    expect(s.users.map((u) => [u.username, u.profileFullName])).toEqual([
      [BASE.ecaUser, 'Admin'],
      [BASE.connectedAppUser, BASE.integrationProfile],
    ]);
    expect(s.assignments).toEqual([
      { username: BASE.ecaUser, permissionSetGroup: 'Billing_Access' },
      { username: BASE.connectedAppUser, permissionSet: BASE.connectedAppPermissionSet },
    ]);
  });

  it('patches object and field permissions and records source secrets', () => {
    const s = snapshot()
      .withObjectPermission(BASE.ecaPermissionSet, 'Invoice__c', { allowCreate: false })
      .withObjectPermission(BASE.ecaPermissionSet, 'Case', { allowRead: true })
      .withFieldPermission(BASE.ecaPermissionSet, 'Invoice__c.Amount__c', {
        readable: false,
        editable: false,
      })
      .addSourceSecret({ file: 'a.key', line: 1, kind: 'privateKey' })
      .build();
    const set = s.permissionSets.find((p) => p.name === BASE.ecaPermissionSet);
    expect(set?.objectPermissions.Invoice__c).toMatchObject({
      allowRead: true,
      allowCreate: false,
    });
    expect(set?.objectPermissions.Case?.allowRead).toBe(true);
    expect(Object.keys(set?.fieldPermissions ?? {})).toEqual(['Account.Billing_Status__c']);
    expect(s.sourceSecrets).toEqual([{ file: 'a.key', line: 1, kind: 'privateKey' }]);
  });
});
