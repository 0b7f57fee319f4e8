// A tiny org for the SOQL engine's tests (not the standard data): users, profiles, licences,
// permission sets and their assignments, login history, accounts, the organization, one Tooling
// object and one object the querying user may not read. Test support: left out of the build.

import type { SObjectRow } from '../../../model/org.js';
import type { FieldDef, ObjectDef, SObjectSchema } from '../../../model/schema.js';
import type { SoqlContext } from '../context.js';

const id = (name = 'Id'): FieldDef => ({
  name,
  type: 'id',
  permissionable: false,
  nillable: false,
});
const text = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  type: 'string',
  ...extra,
});
const ref = (name: string, to: string[], relationshipName: string): FieldDef => ({
  name,
  type: 'reference',
  referenceTo: to,
  relationshipName,
});

export const objects: ObjectDef[] = [
  {
    name: 'User',
    label: 'User',
    keyPrefix: '005',
    api: 'both',
    access: 'users',
    fields: [
      id(),
      text('Username'),
      text('Name'),
      { name: 'IsActive', type: 'boolean' },
      { name: 'UserType', type: 'picklist' },
      ref('ProfileId', ['Profile'], 'Profile'),
      ref('ManagerId', ['User'], 'Manager'),
      { name: 'CreatedDate', type: 'datetime' },
      { name: 'LastLoginDate', type: 'datetime' },
    ],
    childRelationships: [
      {
        relationshipName: 'PermissionSetAssignments',
        childSObject: 'PermissionSetAssignment',
        field: 'AssigneeId',
      },
      { relationshipName: 'LoginHistories', childSObject: 'LoginHistory', field: 'UserId' },
    ],
  },
  {
    name: 'Profile',
    label: 'Profile',
    keyPrefix: '00e',
    api: 'both',
    access: 'setup',
    fields: [
      id(),
      text('Name'),
      ref('UserLicenseId', ['UserLicense'], 'UserLicense'),
      text('FullName', { api: 'tooling' }),
      { name: 'Metadata', type: 'json', api: 'tooling' },
    ],
    childRelationships: [{ relationshipName: 'Users', childSObject: 'User', field: 'ProfileId' }],
  },
  {
    name: 'UserLicense',
    label: 'User License',
    keyPrefix: '100',
    api: 'data',
    access: 'users',
    fields: [id(), text('Name'), text('LicenseDefinitionKey')],
  },
  {
    name: 'PermissionSet',
    label: 'Permission Set',
    keyPrefix: '0PS',
    api: 'both',
    access: 'setup',
    fields: [
      id(),
      text('Name'),
      { name: 'IsOwnedByProfile', type: 'boolean' },
      { name: 'Type', type: 'picklist' },
    ],
  },
  {
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    keyPrefix: '0Pa',
    api: 'data',
    access: 'setup',
    fields: [
      id(),
      ref('AssigneeId', ['User'], 'Assignee'),
      ref('PermissionSetId', ['PermissionSet'], 'PermissionSet'),
      { name: 'ExpirationDate', type: 'datetime' },
    ],
  },
  {
    name: 'LoginHistory',
    label: 'Login History',
    keyPrefix: '0Ya',
    api: 'data',
    access: 'manageUsers',
    fields: [
      id(),
      ref('UserId', ['User'], 'User'),
      { name: 'LoginTime', type: 'datetime' },
      { name: 'LoginType', type: 'picklist' },
      text('Status', { filterable: false }),
      text('Application'),
      text('SourceIp', { filterable: false }),
    ],
  },
  {
    name: 'Account',
    label: 'Account',
    keyPrefix: '001',
    api: 'data',
    access: 'crud',
    fields: [
      id(),
      text('Name', { permissionable: false }),
      // Defined order, not alphabetical: ORDER BY, MIN and MAX follow it.
      {
        name: 'Industry',
        type: 'picklist',
        permissionable: true,
        picklistValues: ['Retail', 'Food', 'Wholesale'],
      },
      { name: 'AnnualRevenue', type: 'currency', permissionable: true },
      { name: 'NumberOfEmployees', type: 'int', permissionable: true },
      { name: 'Tags__c', type: 'multipicklist', permissionable: true, custom: true },
      { name: 'Renewal__c', type: 'date', permissionable: true, custom: true },
      text('Secret__c', { permissionable: true, custom: true }),
      { ...ref('OwnerId', ['User'], 'Owner'), permissionable: true },
    ],
  },
  {
    name: 'Organization',
    label: 'Organization',
    keyPrefix: '00D',
    api: 'data',
    access: 'users',
    fields: [
      id(),
      text('Name'),
      text('InstanceName'),
      { name: 'IsSandbox', type: 'boolean' },
      { name: 'TrialExpirationDate', type: 'datetime' },
      text('NamespacePrefix'),
      text('OrganizationType'),
    ],
  },
  {
    name: 'ExternalClientApplication',
    label: 'External Client Application',
    keyPrefix: '0xI',
    api: 'tooling',
    access: 'setup',
    fields: [id(), text('DeveloperName'), text('MasterLabel')],
  },
  {
    name: 'UserLogin',
    label: 'User Login',
    keyPrefix: '060',
    api: 'data',
    access: 'manageUsers',
    fields: [id(), ref('UserId', ['User'], 'User'), { name: 'IsFrozen', type: 'boolean' }],
  },
];

export const U = {
  grace: '0058d000005NwT1AAK',
  tomas: '0058d000005NwT2AAK',
  store: '0058d000005NwT3AAK',
  ledger: '0058d000005NwT4AAK',
};
export const P = { admin: '00e8d000000AdmnAAA', api: '00e8d000000ApiOAAA' };

export const rows: Record<string, SObjectRow[]> = {
  User: [
    {
      Id: U.grace,
      Username: 'grace.okafor@northwind.test',
      Name: 'Grace Okafor',
      IsActive: true,
      UserType: 'Standard',
      ProfileId: P.admin,
      CreatedDate: '2024-02-01T09:00:00.000Z',
      LastLoginDate: '2026-11-25T08:15:00.000+0000',
    },
    {
      Id: U.tomas,
      Username: 'tomas.berg@northwind.test',
      Name: 'Tomas Berg',
      IsActive: true,
      UserType: 'Standard',
      ProfileId: P.admin,
      ManagerId: U.grace,
      CreatedDate: '2025-06-01T09:00:00Z',
      LastLoginDate: null,
    },
    {
      Id: U.store,
      Username: 'storefront.integration@northwind.test',
      Name: 'Storefront Integration',
      IsActive: true,
      UserType: 'Standard',
      ProfileId: P.api,
      ManagerId: U.grace,
      CreatedDate: '2026-06-10T10:00:00Z',
      LastLoginDate: '2026-11-25T11:58:41.000+0000',
    },
    {
      Id: U.ledger,
      Username: 'ledger.integration@northwind.test',
      Name: 'Ledger Integration',
      IsActive: false,
      UserType: 'Standard',
      CreatedDate: '2026-07-01T10:00:00Z',
      LastLoginDate: '2026-11-20T02:00:00Z',
    },
  ],
  Profile: [
    {
      Id: P.admin,
      Name: 'System Administrator',
      UserLicenseId: '1008d000000SfdcAAA',
      FullName: 'Admin',
      Metadata: { userLicense: 'Salesforce', loginIpRanges: [] },
    },
    {
      Id: P.api,
      Name: 'Minimum Access - API Only Integrations',
      UserLicenseId: '1008d000000IntgAAA',
      FullName: 'Minimum Access - API Only Integrations',
      Metadata: null,
    },
  ],
  UserLicense: [
    { Id: '1008d000000SfdcAAA', Name: 'Salesforce', LicenseDefinitionKey: 'SFDC' },
    {
      Id: '1008d000000IntgAAA',
      Name: 'Salesforce Integration',
      LicenseDefinitionKey: 'PID_Integration',
    },
  ],
  PermissionSet: [
    {
      Id: '0PS8d0000000Ps1GAE',
      Name: 'Storefront_Orders_Integration',
      IsOwnedByProfile: false,
      Type: 'Regular',
    },
    { Id: '0PS8d0000000Ps2GAE', Name: 'X00e_admin', IsOwnedByProfile: true, Type: 'Profile' },
    {
      Id: '0PS8d0000000Ps3GAE',
      Name: 'Ledger_Year_End_Close',
      IsOwnedByProfile: false,
      Type: 'Regular',
    },
  ],
  PermissionSetAssignment: [
    { Id: '0Pa8d0000000Pa1CAE', AssigneeId: U.store, PermissionSetId: '0PS8d0000000Ps1GAE' },
    { Id: '0Pa8d0000000Pa2CAE', AssigneeId: U.grace, PermissionSetId: '0PS8d0000000Ps2GAE' },
    {
      Id: '0Pa8d0000000Pa3CAE',
      AssigneeId: U.ledger,
      PermissionSetId: '0PS8d0000000Ps3GAE',
      ExpirationDate: '2027-01-31T00:00:00.000Z',
    },
  ],
  LoginHistory: [
    {
      Id: '0Ya8d0000000Lh1CAE',
      UserId: U.store,
      LoginTime: '2026-11-25T11:58:41.000+0000',
      LoginType: 'Remote Access 2.0',
      Status: 'Success',
      Application: 'Storefront Orders',
      SourceIp: '192.0.2.40',
    },
    {
      Id: '0Ya8d0000000Lh2CAE',
      UserId: U.store,
      LoginTime: '2026-11-25T09:03:12.000+0000',
      LoginType: 'Remote Access 2.0',
      Status: 'Success',
      Application: 'Storefront Orders',
      SourceIp: '192.0.2.40',
    },
    {
      Id: '0Ya8d0000000Lh3CAE',
      UserId: U.store,
      LoginTime: '2026-11-24T23:59:59.000+0000',
      LoginType: 'Remote Access 2.0',
      Status: 'Failed: IP Address Not Allowed',
      Application: 'Storefront Orders',
      SourceIp: '198.51.100.7',
    },
    {
      Id: '0Ya8d0000000Lh4CAE',
      UserId: U.grace,
      LoginTime: '2026-11-25T08:15:00.000+0000',
      LoginType: 'Application',
      Status: 'Success',
      Application: 'Browser',
      SourceIp: '192.0.2.40',
    },
    {
      Id: '0Ya8d0000000Lh5CAE',
      UserId: U.ledger,
      LoginTime: '2026-08-27T02:00:00.000+0000',
      LoginType: 'Remote Access 2.0',
      Status: 'Success',
      Application: 'Ledger Export',
      SourceIp: '192.0.2.41',
    },
    {
      Id: '0Ya8d0000000Lh6CAE',
      UserId: U.ledger,
      LoginTime: '2026-08-26T22:59:59.000+0000',
      LoginType: 'Remote Access 2.0',
      Status: 'Success',
      Application: 'Ledger Export',
      SourceIp: '192.0.2.41',
    },
  ],
  Account: [
    {
      Id: '0018d0000000Ac1AAE',
      Name: 'Alfreds Futterkiste',
      Industry: 'Food',
      AnnualRevenue: 1200000,
      NumberOfEmployees: 40,
      Tags__c: 'Retail;Export',
      Renewal__c: '2026-12-01',
      Secret__c: 'x',
      OwnerId: U.grace,
    },
    {
      Id: '0018d0000000Ac2AAE',
      Name: "Bon app'",
      Industry: 'Retail',
      AnnualRevenue: 300000,
      NumberOfEmployees: 8,
      Tags__c: 'Retail',
      Renewal__c: '2026-11-25',
      Secret__c: 'y',
      OwnerId: U.tomas,
    },
    {
      Id: '0018d0000000Ac3AAE',
      Name: 'Comércio Mineiro',
      Industry: null,
      AnnualRevenue: null,
      NumberOfEmployees: 120,
      Tags__c: null,
      Renewal__c: '2027-03-31',
      Secret__c: null,
      OwnerId: U.grace,
    },
    {
      Id: '0018d0000000Ac4AAE',
      Name: '100%_Natural',
      Industry: 'food',
      AnnualRevenue: 50000,
      NumberOfEmployees: 3,
      Tags__c: 'Export;Wholesale',
      Renewal__c: null,
      Secret__c: null,
    },
  ],
  Organization: [
    {
      Id: '00D8d000004NwTrEAK',
      Name: 'Northwind Traders',
      InstanceName: 'EMU1',
      IsSandbox: false,
      TrialExpirationDate: null,
      NamespacePrefix: null,
      OrganizationType: 'Enterprise Edition',
    },
  ],
  ExternalClientApplication: [
    {
      Id: '0xI8d0000000Ec1EAE',
      DeveloperName: 'Storefront_Orders',
      MasterLabel: 'Storefront Orders',
    },
  ],
  UserLogin: [{ Id: '0608d0000000Ul1AAE', UserId: U.ledger, IsFrozen: false }],
};

export const schema: SObjectSchema = new Map(objects.map((o) => [o.name, o]));

export function testContext(overrides: Partial<SoqlContext> = {}): SoqlContext {
  return {
    schema,
    api: 'data',
    rows: (object) => rows[object] ?? [],
    now: new Date('2026-11-25T12:00:00Z'),
    timeZone: 'Europe/London',
    apiVersion: '62.0',
    canReadObject: (object) => object !== 'UserLogin',
    canReadField: (object, field) => !(object === 'Account' && field === 'Secret__c'),
    ...overrides,
  };
}
