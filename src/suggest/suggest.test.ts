// suggest's plan and files (docs/suggest.md): what the set grants, and every file it writes read back
// with the project reader (src/metadata/) exactly as `--project` reads a project.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { BASE, baseManifest, snapshot } from '../analyze/testing/snapshot-builder.js';
import type { Manifest } from '../manifest/schema.js';
import { loadProjectMetadata } from '../metadata/project-metadata.js';
import { parseMetadataXml } from '../metadata/xml.js';
import type { ClientApp } from '../model/org.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { permissionSetFile, policyFile } from './files.js';
import type { SuggestedFile } from './files.js';
import { suggest, SuggestError } from './plan.js';

const NOW = BASE.collectedAt;
const META = 'force-app/main/default';

function project(files: readonly SuggestedFile[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-suggest-unit-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('sfdx-project.json', JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  for (const file of files) write(`${META}/${file.path}`, file.text);
  for (const [path, text] of Object.entries(extra)) write(path, text);
  return dir;
}

const ECA_FILE = `<?xml version="1.0" encoding="UTF-8"?>
<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>billing@acme.example</contactEmail>
    <distributionState>Local</distributionState>
    <isProtected>false</isProtected>
    <label>Billing Callback</label>
</ExternalClientApplication>
`;

function appOf(s: OrgSnapshot, name: string): ClientApp {
  const app = s.apps.find((a) => a.name === name);
  if (app === undefined) throw new Error(`no app ${name}`);
  return app;
}

describe('suggest', () => {
  const base = snapshot().build();

  it('grants exactly the declared needs with ApiEnabled and ApiUserOnly on the integration PSL', () => {
    const s = suggest({ snapshot: base, manifest: baseManifest(), app: BASE.eca, now: NOW });
    expect(s.permissionSet).toMatchObject({
      name: 'Billing_Callback_Least_Privilege',
      label: 'Billing Callback Least Privilege',
      license: 'Salesforce API Integration',
      hasActivationRequired: false,
      userPermissions: ['ApiEnabled', 'ApiUserOnly'],
    });
    expect(Object.keys(s.permissionSet.objectPermissions)).toEqual(['Account', 'Invoice__c']);
    expect(s.permissionSet.objectPermissions).toMatchObject({
      Account: { allowRead: true, allowCreate: false, allowEdit: false, allowDelete: false },
      Invoice__c: { allowRead: true, allowCreate: true, allowEdit: true, allowDelete: false },
    });
    expect(s.permissionSet.fieldPermissions).toEqual({
      'Account.Billing_Status__c': { readable: true, editable: false },
      'Invoice__c.Amount__c': { readable: true, editable: false },
    });
    expect(s.current).toMatchObject({ evaluated: true, beyond: [] });
    expect(s.steps.map((step) => step.action)).toEqual([
      'deploy',
      'assign-permission-set-license',
      'assign-permission-set',
      'unassign-permission-set',
      'update-manifest',
      'verify',
    ]);
    expect(s.notes).toEqual([]);
  });

  it('adds what Salesforce requires of metadata, grants a field without FLS on its object, and says so', () => {
    const manifest: Manifest = baseManifest();
    const entry = manifest.integrations?.[0];
    if (entry === undefined) throw new Error('no entry');
    entry.needs = { objects: { Case: ['read', 'delete'] }, fields: { 'Account.Name': ['edit'] } };
    const s = suggest({ snapshot: base, manifest, app: BASE.eca, now: NOW });
    expect(s.permissionSet.objectPermissions.Case).toMatchObject({
      allowRead: true,
      allowEdit: true,
      allowDelete: true,
    });
    expect(s.permissionSet.objectPermissions.Account).toMatchObject({
      allowRead: true,
      allowEdit: true,
    });
    expect(s.permissionSet.fieldPermissions).toEqual({});
    expect(s.notes.join('\n')).toContain('Salesforce requires Case edit (Delete requires Edit)');
    expect(s.notes.join('\n')).toContain('Account.Name has no field-level security');
    // The one resolver, run on the set: RG-0011 calls the dependency excess, and (as RG-0010) reads
    // a need on a field without FLS as a need of its object, so Account read and edit are not excess.
    expect(s.notes.filter((n) => n.startsWith('RG-0011'))).toEqual([
      'RG-0011 will still report Case edit unless the manifest declares it.',
    ]);
  });

  it('names the grants and containers beyond the needs and the profile to leave', () => {
    const admin = snapshot()
      .withProfile(BASE.ecaUser, 'System Administrator')
      .withUser(BASE.ecaUser, { userLicense: 'Salesforce' })
      .build();
    const s = suggest({ snapshot: admin, manifest: baseManifest(), app: BASE.eca, now: NOW });
    expect(s.permissionSet.license).toBeUndefined();
    if (!s.current.evaluated) throw new Error('not evaluated');
    expect(s.current.beyond).toContainEqual({
      grant: 'ModifyAllData',
      via: ['profile System Administrator'],
    });
    const change = s.steps.find((step) => step.action === 'change-profile');
    expect(change).toMatchObject({
      from: 'System Administrator',
      to: 'Minimum Access - API Only Integrations',
    });
    expect(change?.text).toContain('create a dedicated Salesforce Integration user');
  });

  it('refuses an unknown app, an entry without needs, a bad name and a taken name', () => {
    const run = (app: string, manifest: Manifest, name?: string) => () =>
      suggest({ snapshot: base, manifest, app, now: NOW, name });
    expect(run('Biling_Callback', baseManifest())).toThrow(/did you mean Billing_Callback/);
    const noNeeds = baseManifest();
    if (noNeeds.integrations?.[0] !== undefined) delete noNeeds.integrations[0].needs;
    expect(run(BASE.eca, noNeeds)).toThrow(SuggestError);
    expect(run(BASE.eca, noNeeds)).toThrow(/declares no needs/);
    expect(run(BASE.eca, baseManifest(), 'Bad__Name')).toThrow(/not a permission set API name/);
    expect(run(BASE.eca, baseManifest(), BASE.connectedAppPermissionSet)).toThrow(
      /already exists in the source with other permissions \(held by ledger.integration@acme.com\)/,
    );
  });
});

describe('suggest files, read back with the project reader', () => {
  const base = snapshot().build();

  it('the set, escaped, and the rebuilt ECA policy pre-authorizing it', async () => {
    const manifest = baseManifest();
    const entry = manifest.integrations?.[0];
    if (entry === undefined) throw new Error('no entry');
    entry.name = 'billing <&> "callback" ]]> \'x\'';
    const s = suggest({ snapshot: base, manifest, app: BASE.eca, now: NOW });
    const files = [
      permissionSetFile(s.permissionSet),
      policyFile(appOf(base, BASE.eca), s.permissionSet.name),
    ];
    expect(files.map((f) => [f.path, f.origin])).toEqual([
      ['permissionsets/Billing_Callback_Least_Privilege.permissionset-meta.xml', 'created'],
      ['extlClntAppOauthPolicies/Billing_Callback_oauthPlcy.ecaOauthPlcy-meta.xml', 'rebuilt'],
    ]);
    const dir = project(files, {
      [`${META}/externalClientApps/Billing_Callback.eca-meta.xml`]: ECA_FILE,
    });
    const read = await loadProjectMetadata(dir);
    const set = read.permissionSets.find((p) => p.name === s.permissionSet.name);
    expect(set).toMatchObject({
      label: s.permissionSet.label,
      description: s.permissionSet.description,
      license: 'Salesforce API Integration',
      userPermissions: s.permissionSet.userPermissions,
      objectPermissions: s.permissionSet.objectPermissions,
      fieldPermissions: s.permissionSet.fieldPermissions,
    });
    expect(set?.description).toContain('billing <&> "callback" ]]> \'x\'');
    expect(read.apps).toEqual([
      expect.objectContaining({
        name: BASE.eca,
        runAsUsername: BASE.ecaUser,
        adminApproved: true,
        clientCredentialsEnabled: true,
        preAuthorizedPermissionSets: [BASE.ecaPermissionSet, s.permissionSet.name],
      }),
    ]);
    expect(files[1]?.text).toContain('Rebuilt by runas-guard suggest');
  });

  it('the rebuilt Connected App carries the set and what the audit knew', async () => {
    const app = appOf(base, BASE.connectedApp);
    const file = policyFile(app, 'Ledger_Export_Least_Privilege');
    const read = await loadProjectMetadata(project([file]));
    expect(read.apps).toEqual([
      expect.objectContaining({
        name: BASE.connectedApp,
        runAsUsername: app.runAsUsername,
        scopes: app.scopes,
        preAuthorizedPermissionSets: [
          ...app.preAuthorizedPermissionSets,
          'Ledger_Export_Least_Privilege',
        ],
      }),
    ]);
  });

  it('an existing Connected App file keeps its order, comments and entities; the set goes in once', () => {
    const app = appOf(base, BASE.connectedApp);
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>a&amp;b@acme.example</contactEmail>
    <!-- owned by finance -->
    <label>Ledger Export</label>
    <oauthConfig>
        <callbackUrl>https://localhost/cb</callbackUrl>
        <isAdminApproved>true</isAdminApproved>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <oauthClientCredentialUser>${BASE.connectedAppUser}</oauthClientCredentialUser>
        <scopes>Api</scopes>
    </oauthConfig>
    <profileName>Minimum Access - API Only Integrations</profileName>
    <sessionPolicy>
        <sessionTimeout>120</sessionTimeout>
    </sessionPolicy>
</ConnectedApp>
`;
    const file = 'force-app/main/default/connectedApps/Ledger_Export.connectedApp-meta.xml';
    const once = policyFile(app, 'Ledger_Least', { file, text });
    expect(once).toMatchObject({ origin: 'updated', from: file });
    expect(once.text).toContain(
      '<contactEmail>a&amp;b@acme.example</contactEmail>\n    <!-- owned by finance -->',
    );
    expect(once.text).toContain(
      '</oauthConfig>\n    <permissionSetName>Ledger_Least</permissionSetName>\n    <profileName>',
    );
    const twice = policyFile(app, 'Ledger_Least', { file, text: once.text });
    expect(twice.text).toBe(once.text);
    const parsed = parseMetadataXml(twice.text, file);
    expect(parsed.content.permissionSetName).toEqual(['Ledger_Least']);
    expect(parsed.content.contactEmail).toBe('a&b@acme.example');
  });

  it('an org label XML cannot carry is neutralised; a project file with a DTD is refused', async () => {
    const app = { ...appOf(base, BASE.connectedApp), label: 'Ledger \u0001 Export <&>' };
    const file = policyFile(app, 'Ledger_Least');
    const read = await loadProjectMetadata(project([file]));
    expect(read.apps[0]?.label).toBe('Ledger ? Export <&>');
    const hostile = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><ConnectedApp>&a;</ConnectedApp>`;
    expect(() =>
      policyFile(app, 'Ledger_Least', { file: 'x.connectedApp-meta.xml', text: hostile }),
    ).toThrow(/DOCTYPE/);
  });

  it('an existing ECA policy file gets the set appended to its list, or the list created', () => {
    const app = appOf(base, BASE.eca);
    const file =
      'force-app/main/default/extlClntAppOauthPolicies/Billing_oauthPlcy.ecaOauthPlcy-meta.xml';
    const text = (list: string) => `<?xml version="1.0" encoding="UTF-8"?>
<ExtlClntAppOauthConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
    <clientCredentialsFlowUser>${BASE.ecaUser}</clientCredentialsFlowUser>
${list}    <externalClientApplication>${BASE.eca}</externalClientApplication>
    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
</ExtlClntAppOauthConfigurablePolicies>
`;
    const listed = policyFile(app, 'Billing_Least', {
      file,
      text: text('    <commaSeparatedPermissionSet>A, B</commaSeparatedPermissionSet>\n'),
    });
    expect(listed.path).toBe('extlClntAppOauthPolicies/Billing_oauthPlcy.ecaOauthPlcy-meta.xml');
    expect(listed.text).toContain(
      '<commaSeparatedPermissionSet>A, B, Billing_Least</commaSeparatedPermissionSet>',
    );
    const none = policyFile(app, 'Billing_Least', { file, text: text('') });
    expect(none.text).toContain(
      `</clientCredentialsFlowUser>\n    <commaSeparatedPermissionSet>Billing_Least</commaSeparatedPermissionSet>\n    <externalClientApplication>`,
    );
  });
});
