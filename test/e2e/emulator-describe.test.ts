// The describe as jsforce reads it (`conn.describe`), on a copy of the demo org given two picklists:
// object and field flags follow the caller's effective access, system and computed fields are never
// writable, and picklist values come in the order the fixture defines them.

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Connection } from '@jsforce/jsforce-node';
import { afterAll, describe, expect, it } from 'vitest';

import { clientOf, DEMO_ORG, serveFixture } from '../helpers/emulator.js';

const VERSION = '62.0';
const OBJECTS = 'force-app/main/default/objects';

/** A picklist field file with its values in the given (deliberately not alphabetical) order. */
function picklist(name: string, values: string[]): string {
  const set = values
    .map(
      (v) =>
        `            <value><fullName>${v}</fullName><default>false</default><label>${v}</label></value>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${name}</fullName>
    <label>${name}</label>
    <type>Picklist</type>
    <valueSet>
        <valueSetDefinition>
${set}
        </valueSetDefinition>
    </valueSet>
</CustomField>
`;
}

const FORMULA = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Transit_Days__c</fullName>
    <formula>TODAY() - DATEVALUE(CreatedDate)</formula>
    <label>Transit Days</label>
    <type>Number</type>
</CustomField>
`;

function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-describe-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const org = join(dir, 'org');
  cpSync(DEMO_ORG, org, { recursive: true });
  writeFileSync(
    join(org, OBJECTS, 'Shipment__c/fields/Leg_Status__c.field-meta.xml'),
    picklist('Leg_Status__c', ['Planned', 'In_Transit', 'Delivered', 'Exception']),
  );
  writeFileSync(join(org, OBJECTS, 'Shipment__c/fields/Transit_Days__c.field-meta.xml'), FORMULA);
  // The run-as user of Fleet_Telematics reads Leg_Status__c, read-only, and may edit the formula
  // field as far as field-level security goes.
  const set = join(
    org,
    'force-app/main/default/permissionsets/Fleet_Telematics_Integration.permissionset-meta.xml',
  );
  writeFileSync(
    set,
    readFileSync(set, 'utf8').replace(
      '<fieldPermissions>',
      '<fieldPermissions><editable>false</editable><field>Shipment__c.Leg_Status__c</field><readable>true</readable></fieldPermissions>\n' +
        '<fieldPermissions><editable>true</editable><field>Shipment__c.Transit_Days__c</field><readable>true</readable></fieldPermissions>\n    <fieldPermissions>',
    ),
  );
  mkdirSync(join(org, OBJECTS, 'Case/fields'), { recursive: true });
  writeFileSync(
    join(org, OBJECTS, 'Case/fields/Priority.field-meta.xml'),
    picklist('Priority', ['Urgent', 'High', 'Normal', 'Low']),
  );
  return org;
}

describe('describe through jsforce', async () => {
  const running = await serveFixture(demoCopy());
  const org = running.emulator.state.org;
  // dana.whitfield, the System Administrator who runs the audit.
  const admin = new Connection({
    instanceUrl: running.instanceUrl,
    accessToken: running.accessToken,
    version: VERSION,
  });
  const runAs = new Connection({
    oauth2: { loginUrl: running.loginUrl, ...clientOf(org, 'Fleet_Telematics') },
    version: VERSION,
  });
  await runAs.authorize({ grant_type: 'client_credentials' });

  it('gives the administrator create on User, PermissionSet and PermissionSetAssignment', async () => {
    for (const name of ['User', 'PermissionSet', 'PermissionSetAssignment']) {
      const described = await admin.describe(name);
      expect(described.createable, name).toBe(true);
      expect(described.updateable, name).toBe(true);
    }
    expect((await admin.describe('User')).deletable).toBe(false);
    expect((await admin.describe('SetupAuditTrail')).createable).toBe(false);
    const assignment = await admin.describe('PermissionSetAssignment');
    const assignee = assignment.fields.find((f) => f.name === 'AssigneeId');
    expect(assignee).toMatchObject({ createable: true, updateable: false });
  });

  it('never lets anyone write system, derived or auto-number fields', async () => {
    const described = await admin.describe('Case');
    const flags = (name: string) => {
      const field = described.fields.find((f) => f.name === name);
      return field === undefined
        ? undefined
        : { createable: field.createable, updateable: field.updateable };
    };
    for (const name of [
      'Id',
      'CaseNumber',
      'IsClosed',
      'IsDeleted',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
    ])
      expect(flags(name), name).toEqual({ createable: false, updateable: false });
    expect(described.fields.find((f) => f.name === 'CaseNumber')?.autoNumber).toBe(true);
    expect(flags('Priority')).toEqual({ createable: true, updateable: true });
    // Shipment__c's name field is an auto-number (SHP-{000000}) in its object file.
    const shipmentName = (await admin.describe('Shipment__c')).fields.find(
      (f) => f.name === 'Name',
    );
    expect(shipmentName).toMatchObject({ autoNumber: true, createable: false, updateable: false });
    expect(flags('Subject')).toEqual({ createable: true, updateable: true });
  });

  it("follows the run-as user's grants: object create and edit, field edit only where FLS allows", async () => {
    const shipment = await runAs.describe('Shipment__c');
    expect(shipment).toMatchObject({ createable: true, updateable: true, deletable: false });
    const field = (name: string) => shipment.fields.find((f) => f.name === name);
    expect(field('Carrier_Status__c')).toMatchObject({ createable: true, updateable: true });
    // A read-only grant: listed, not writable.
    expect(field('Leg_Status__c')).toMatchObject({ createable: false, updateable: false });
    // A formula field is computed: never writable, whatever field-level security says.
    expect(field('Transit_Days__c')).toMatchObject({
      calculated: true,
      createable: false,
      updateable: false,
    });
    // Customs_Entry__c is not granted to this run-as user: not listed at all.
    expect(field('Customs_Entry__c')).toBeUndefined();
    // The run-as user cannot read Case: the describe answers as for an unknown object.
    await expect(runAs.describe('Case')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    // Every API user reads User, none of them writes it without Manage Users.
    expect(await runAs.describe('User')).toMatchObject({ createable: false, updateable: false });
  });

  it('lists picklist values in the order the fixture defines them', async () => {
    const shipment = await runAs.describe('Shipment__c');
    const leg = shipment.fields.find((f) => f.name === 'Leg_Status__c');
    expect(leg?.type).toBe('picklist');
    expect(leg?.picklistValues?.map((v: { value: string }) => v.value)).toEqual([
      'Planned',
      'In_Transit',
      'Delivered',
      'Exception',
    ]);
    // A standard picklist the fixture redefines takes the fixture's values.
    const priority = (await admin.describe('Case')).fields.find((f) => f.name === 'Priority');
    expect(priority?.picklistValues?.map((v: { value: string }) => v.value)).toEqual([
      'Urgent',
      'High',
      'Normal',
      'Low',
    ]);
    // Other fields have none.
    expect(shipment.fields.find((f) => f.name === 'Id')?.picklistValues).toEqual([]);
  });
});
