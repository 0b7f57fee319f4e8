// Setup and user objects (docs/salesforce-behaviour.md 3), field names checked against the
// generated Tooling types where they list the object. Access kinds: `users` (any API user may
// read), `setup` (View Setup and Configuration), `manageUsers` (Manage Users).
// Key prefixes marked UNCONFIRMED are our pick: Salesforce's were not found.

import type { FieldDef, ObjectDef } from '../schema.js';
import { auditFields, child, idField, ref, req, sys, tooling } from './field-builders.js';
import { SYSTEM_PERMISSIONS } from './system-permissions.js';

/** One boolean `Permissions<Name>` per known system permission. */
function systemPermissionFields(): FieldDef[] {
  return SYSTEM_PERMISSIONS.map((p) =>
    sys(`Permissions${p.name}`, 'boolean', { label: p.label, nillable: false }),
  );
}

const organization: ObjectDef = {
  name: 'Organization',
  label: 'Organization',
  labelPlural: 'Organizations',
  keyPrefix: '00D',
  api: 'data',
  access: 'users',
  fields: [
    idField(),
    req('Name', 'string'),
    sys('Division', 'string'),
    sys('Street', 'textarea'),
    sys('City', 'string'),
    sys('State', 'string'),
    sys('PostalCode', 'string'),
    sys('Country', 'string'),
    sys('Phone', 'phone'),
    sys('PrimaryContact', 'string'),
    sys('DefaultLocaleSidKey', 'picklist', { label: 'Locale' }),
    sys('TimeZoneSidKey', 'picklist', { label: 'Time Zone' }),
    sys('LanguageLocaleKey', 'picklist', { label: 'Language' }),
    sys('OrganizationType', 'picklist', { label: 'Edition' }),
    sys('InstanceName', 'string'),
    sys('IsSandbox', 'boolean', { nillable: false }),
    sys('TrialExpirationDate', 'datetime'),
    sys('NamespacePrefix', 'string'),
    sys('IsReadOnly', 'boolean', { nillable: false }),
    ...auditFields({ isDeleted: false }),
  ],
};

const user: ObjectDef = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  api: 'both',
  access: 'users',
  fields: [
    idField(),
    req('Username', 'string'),
    req('LastName', 'string'),
    sys('FirstName', 'string'),
    sys('Name', 'string', { label: 'Full Name', nillable: false }),
    sys('CompanyName', 'string'),
    sys('Division', 'string'),
    sys('Department', 'string'),
    sys('Title', 'string'),
    sys('Street', 'textarea'),
    sys('City', 'string'),
    sys('State', 'string'),
    sys('PostalCode', 'string'),
    sys('Country', 'string'),
    req('Email', 'email'),
    sys('Phone', 'phone'),
    sys('MobilePhone', 'phone'),
    req('Alias', 'string'),
    sys('CommunityNickname', 'string', { label: 'Nickname' }),
    sys('IsActive', 'boolean', { label: 'Active', nillable: false }),
    req('TimeZoneSidKey', 'picklist', { label: 'Time Zone' }),
    ref('UserRoleId', 'UserRole', 'UserRole', { label: 'Role ID' }),
    req('LocaleSidKey', 'picklist', { label: 'Locale' }),
    req('EmailEncodingKey', 'picklist', { label: 'Email Encoding' }),
    ref('ProfileId', 'Profile', 'Profile', { nillable: false }),
    sys('UserType', 'picklist'),
    req('LanguageLocaleKey', 'picklist', { label: 'Language' }),
    sys('EmployeeNumber', 'string'),
    ref('ManagerId', 'User', 'Manager'),
    sys('LastLoginDate', 'datetime'),
    sys('LastPasswordChangeDate', 'datetime'),
    sys('FederationIdentifier', 'string', { label: 'SAML Federation ID' }),
    sys('IsPortalEnabled', 'boolean', { nillable: false }),
    ref('ContactId', 'Contact', 'Contact'),
    ref('AccountId', 'Account', 'Account'),
    ...auditFields({ isDeleted: false }),
  ],
  childRelationships: [
    child('PermissionSetAssignments', 'PermissionSetAssignment', 'AssigneeId'),
    child('PermissionSetLicenseAssignments', 'PermissionSetLicenseAssignment', 'AssigneeId'),
    child('OauthTokens', 'OauthToken', 'UserId'),
    child('ManagedUsers', 'User', 'ManagerId'),
  ],
};

const userRole: ObjectDef = {
  name: 'UserRole',
  label: 'Role',
  labelPlural: 'Roles',
  keyPrefix: '00E',
  api: 'both',
  access: 'users',
  fields: [
    idField(),
    req('Name', 'string'),
    sys('DeveloperName', 'string'),
    ref('ParentRoleId', 'UserRole', 'ParentRole'),
    sys('RollupDescription', 'string'),
    sys('OpportunityAccessForAccountOwner', 'picklist'),
    sys('CaseAccessForAccountOwner', 'picklist'),
    sys('ContactAccessForAccountOwner', 'picklist'),
    ref('ForecastUserId', 'User', 'ForecastUser'),
    sys('MayForecastManagerShare', 'boolean', { nillable: false }),
    sys('PortalType', 'picklist'),
    sys('LastModifiedDate', 'datetime', { nillable: false }),
    ref('LastModifiedById', 'User', 'LastModifiedBy', { nillable: false }),
    sys('SystemModstamp', 'datetime', { nillable: false }),
  ],
  childRelationships: [child('Users', 'User', 'UserRoleId')],
};

const userLogin: ObjectDef = {
  name: 'UserLogin',
  label: 'User Login',
  labelPlural: 'User Logins',
  keyPrefix: '06c', // UNCONFIRMED
  api: 'data',
  access: 'manageUsers',
  fields: [
    idField(),
    ref('UserId', 'User', 'User', { nillable: false }),
    sys('IsFrozen', 'boolean', { nillable: false }),
    sys('IsPasswordLocked', 'boolean', { nillable: false }),
    sys('LastModifiedDate', 'datetime', { nillable: false }),
    ref('LastModifiedById', 'User', 'LastModifiedBy', { nillable: false }),
  ],
};

const profile: ObjectDef = {
  name: 'Profile',
  label: 'Profile',
  labelPlural: 'Profiles',
  keyPrefix: '00e',
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    req('Name', 'string'),
    ref('UserLicenseId', 'UserLicense', 'UserLicense', {
      label: 'User License ID',
      nillable: false,
    }),
    sys('UserType', 'picklist'),
    sys('Description', 'string'),
    ...systemPermissionFields(),
    ...auditFields({ isDeleted: false }),
    // Only one row per Tooling query may select these (docs/salesforce-behaviour.md 2.4).
    tooling(sys('FullName', 'string')),
    tooling(sys('Metadata', 'json')),
  ],
  childRelationships: [child('Users', 'User', 'ProfileId')],
};

const userLicense: ObjectDef = {
  name: 'UserLicense',
  label: 'User License',
  labelPlural: 'User Licenses',
  keyPrefix: '100',
  api: 'data',
  access: 'users',
  fields: [
    idField(),
    req('Name', 'string'),
    sys('MasterLabel', 'string'),
    sys('LicenseDefinitionKey', 'string'),
    sys('Status', 'picklist'),
    sys('TotalLicenses', 'int', { nillable: false }),
    sys('UsedLicenses', 'int', { nillable: false }),
    sys('UsedLicensesLastUpdated', 'datetime'),
    sys('CreatedDate', 'datetime', { nillable: false }),
    sys('LastModifiedDate', 'datetime', { nillable: false }),
    sys('SystemModstamp', 'datetime', { nillable: false }),
  ],
};

const permissionSet: ObjectDef = {
  name: 'PermissionSet',
  label: 'Permission Set',
  labelPlural: 'Permission Sets',
  keyPrefix: '0PS',
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    req('Name', 'string'),
    req('Label', 'string'),
    sys('Description', 'string'),
    sys('NamespacePrefix', 'string'),
    sys('IsOwnedByProfile', 'boolean', { nillable: false }),
    ref('ProfileId', 'Profile', 'Profile'),
    sys('IsCustom', 'boolean', { nillable: false }),
    // Regular, Profile, Group, Session, Integration, Standard, or blank (OBS).
    sys('Type', 'picklist'),
    sys('HasActivationRequired', 'boolean', {
      label: 'Session Activation Required',
      nillable: false,
    }),
    ref('PermissionSetGroupId', 'PermissionSetGroup', 'PermissionSetGroup'),
    ref('LicenseId', ['PermissionSetLicense', 'UserLicense'], 'License'),
    sys('PsgCount', 'int'),
    ...systemPermissionFields(),
    ...auditFields({ isDeleted: false }),
    // UNCONFIRMED: the Tooling type lists FullName/Metadata columns for Profile, not PermissionSet.
    tooling(sys('FullName', 'string')),
    tooling(sys('Metadata', 'json')),
  ],
  childRelationships: [
    child('Assignments', 'PermissionSetAssignment', 'PermissionSetId'),
    child('ObjectPerms', 'ObjectPermissions', 'ParentId'),
    child('FieldPerms', 'FieldPermissions', 'ParentId'),
    child('SetupEntityAccessItems', 'SetupEntityAccess', 'ParentId'),
    child('PermissionSetGroupComponents', 'PermissionSetGroupComponent', 'PermissionSetId'),
  ],
};

const permissionSetAssignment: ObjectDef = {
  name: 'PermissionSetAssignment',
  label: 'Permission Set Assignment',
  labelPlural: 'Permission Set Assignments',
  keyPrefix: '0Pa',
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    ref('AssigneeId', 'User', 'Assignee', { nillable: false }),
    // For a group assignment this points at the group's aggregate permission set.
    ref('PermissionSetId', 'PermissionSet', 'PermissionSet', { nillable: false }),
    ref('PermissionSetGroupId', 'PermissionSetGroup', 'PermissionSetGroup'),
    sys('ExpirationDate', 'datetime'),
    sys('IsActive', 'boolean', { nillable: false }),
    sys('IsRevoked', 'boolean', { nillable: false }),
    sys('SystemModstamp', 'datetime', { nillable: false }),
  ],
};

const permissionSetGroup: ObjectDef = {
  name: 'PermissionSetGroup',
  label: 'Permission Set Group',
  labelPlural: 'Permission Set Groups',
  keyPrefix: '0PG',
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    req('DeveloperName', 'string'),
    req('MasterLabel', 'string'),
    sys('Language', 'picklist'),
    sys('NamespacePrefix', 'string'),
    sys('Description', 'textarea'),
    sys('Status', 'picklist'),
    sys('HasActivationRequired', 'boolean', { nillable: false }),
    ...auditFields(),
  ],
  childRelationships: [
    child('PermissionSetGroupComponents', 'PermissionSetGroupComponent', 'PermissionSetGroupId'),
    child('Assignments', 'PermissionSetAssignment', 'PermissionSetGroupId'),
  ],
};

const permissionSetGroupComponent: ObjectDef = {
  name: 'PermissionSetGroupComponent',
  label: 'Permission Set Group Component',
  labelPlural: 'Permission Set Group Components',
  keyPrefix: '0PT', // UNCONFIRMED
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    ref('PermissionSetGroupId', 'PermissionSetGroup', 'PermissionSetGroup', { nillable: false }),
    // Polymorphic: a permission set or the group's muting permission set [TYPES].
    ref('PermissionSetId', ['PermissionSet', 'MutingPermissionSet'], 'PermissionSet', {
      nillable: false,
    }),
    ...auditFields(),
  ],
};

const mutingPermissionSet: ObjectDef = {
  name: 'MutingPermissionSet',
  label: 'Muting Permission Set',
  labelPlural: 'Muting Permission Sets',
  keyPrefix: '0QM', // UNCONFIRMED
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    req('DeveloperName', 'string'),
    req('MasterLabel', 'string'),
    sys('Language', 'picklist'),
    // true = muted
    ...systemPermissionFields(),
    ...auditFields(),
  ],
};

const objectPermissions: ObjectDef = {
  name: 'ObjectPermissions',
  label: 'Object Permissions',
  labelPlural: 'Object Permissions',
  keyPrefix: '110',
  api: 'data',
  access: 'setup',
  fields: [
    idField(),
    // Polymorphic in Salesforce's types (also muting sets and licences); the permission set is
    // what queries walk (`Parent.IsOwnedByProfile`).
    ref('ParentId', 'PermissionSet', 'Parent', { nillable: false }),
    req('SobjectType', 'picklist'),
    sys('PermissionsCreate', 'boolean', { nillable: false }),
    sys('PermissionsRead', 'boolean', { nillable: false }),
    sys('PermissionsEdit', 'boolean', { nillable: false }),
    sys('PermissionsDelete', 'boolean', { nillable: false }),
    sys('PermissionsViewAllRecords', 'boolean', { nillable: false }),
    sys('PermissionsModifyAllRecords', 'boolean', { nillable: false }),
    sys('PermissionsViewAllFields', 'boolean', { nillable: false }),
    ...auditFields({ isDeleted: false }),
  ],
};

const fieldPermissions: ObjectDef = {
  name: 'FieldPermissions',
  label: 'Field Permissions',
  labelPlural: 'Field Permissions',
  keyPrefix: '01k',
  api: 'data',
  access: 'setup',
  fields: [
    idField(),
    ref('ParentId', 'PermissionSet', 'Parent', { nillable: false }),
    req('SobjectType', 'picklist'),
    req('Field', 'string'),
    sys('PermissionsRead', 'boolean', { nillable: false }),
    sys('PermissionsEdit', 'boolean', { nillable: false }),
    ...auditFields({ isDeleted: false }),
  ],
};

const setupEntityAccess: ObjectDef = {
  name: 'SetupEntityAccess',
  label: 'Setup Entity Access',
  labelPlural: 'Setup Entity Access',
  keyPrefix: '0J0',
  api: 'data',
  access: 'setup',
  fields: [
    idField(),
    ref('ParentId', 'PermissionSet', 'Parent', { nillable: false }),
    // Polymorphic over ApexClass, ApexPage, ConnectedApplication, CustomPermission, ...; only
    // ConnectedApplication is modelled. No parent relationship is documented for it.
    {
      name: 'SetupEntityId',
      type: 'reference',
      label: 'Setup Entity ID',
      referenceTo: ['ConnectedApplication'],
      permissionable: false,
      nillable: false,
    },
    req('SetupEntityType', 'picklist'),
    ...auditFields({ isDeleted: false }),
  ],
};

const permissionSetLicense: ObjectDef = {
  name: 'PermissionSetLicense',
  label: 'Permission Set License',
  labelPlural: 'Permission Set Licenses',
  keyPrefix: '0PL',
  api: 'data',
  access: 'setup',
  fields: [
    idField(),
    req('DeveloperName', 'string'),
    req('MasterLabel', 'string'),
    sys('Language', 'picklist'),
    sys('PermissionSetLicenseKey', 'string'),
    sys('Status', 'picklist'),
    sys('TotalLicenses', 'int', { nillable: false }),
    sys('UsedLicenses', 'int', { nillable: false }),
    sys('ExpirationDate', 'date'),
    ...auditFields(),
  ],
};

const permissionSetLicenseAssignment: ObjectDef = {
  name: 'PermissionSetLicenseAssignment',
  label: 'Permission Set License Assignment',
  labelPlural: 'Permission Set License Assignments',
  keyPrefix: '2LA',
  api: 'data',
  access: 'setup',
  fields: [
    idField(),
    ref('AssigneeId', 'User', 'Assignee', { nillable: false }),
    ref('PermissionSetLicenseId', 'PermissionSetLicense', 'PermissionSetLicense', {
      nillable: false,
    }),
    ...auditFields(),
  ],
};

const connectedApplication: ObjectDef = {
  name: 'ConnectedApplication',
  label: 'Connected App',
  labelPlural: 'Connected Apps',
  keyPrefix: '0H4',
  api: 'both',
  access: 'setup',
  fields: [
    idField(),
    req('Name', 'string'),
    sys('OptionsAllowAdminApprovedUsersOnly', 'boolean', {
      label: 'Admin Approved Users Are Pre-Authorized',
      nillable: false,
    }),
    sys('OptionsRefreshTokenValidityMetric', 'boolean', { nillable: false }),
    sys('RefreshTokenValidityPeriod', 'int'),
    sys('OptionsHasSessionLevelPolicy', 'boolean', { nillable: false }),
    sys('SessionPolicyAction', 'picklist'),
    sys('OptionsIsInternal', 'boolean', { nillable: false }),
    sys('OptionsFullContentPushNotifications', 'boolean', { nillable: false }),
    sys('StartUrl', 'url'),
    sys('MobileStartUrl', 'url'),
    sys('MobileSessionTimeout', 'picklist'),
    sys('SessionTimeout', 'picklist'),
    sys('PinLength', 'picklist'),
    sys('NamedUserUvidTimeout', 'picklist'),
    sys('UvidTimeout', 'picklist'),
    ...auditFields({ isDeleted: false }),
    tooling(sys('DeveloperName', 'string')),
    tooling(sys('ContactEmail', 'email')),
    tooling(sys('Description', 'textarea')),
    // The Apex handler's run-as user, not the client-credentials user (docs/salesforce-behaviour.md 3.11).
    // The Tooling type declares no relationship for it.
    tooling({
      name: 'ExecutionUserId',
      type: 'reference',
      label: 'Execution User ID',
      referenceTo: ['User'],
      permissionable: false,
      nillable: true,
    }),
    // ApexClass is not modelled: kept as an opaque Id.
    tooling(sys('ConnAppPluginClassId', 'string', { label: 'Plugin Class ID' })),
    tooling(sys('Version', 'string')),
  ],
};

/** ECA objects reference their app by an Id without a declared relationship [TYPES]. */
function externalClientApplicationId(): FieldDef {
  return {
    name: 'ExternalClientApplicationId',
    type: 'reference',
    label: 'External Client Application ID',
    referenceTo: ['ExternalClientApplication'],
    permissionable: false,
    nillable: false,
  };
}

const externalClientApplication: ObjectDef = {
  name: 'ExternalClientApplication',
  label: 'External Client App',
  labelPlural: 'External Client Apps',
  keyPrefix: '0xI', // UNCONFIRMED
  api: 'tooling',
  access: 'setup',
  fields: [
    idField(),
    req('DeveloperName', 'string'),
    req('MasterLabel', 'string'),
    sys('DistributionState', 'picklist'),
    sys('ManagedType', 'picklist'),
    sys('NamespacePrefix', 'string'),
    sys('ContactEmail', 'email'),
    sys('ContactPhone', 'phone'),
    sys('Description', 'textarea'),
    sys('OrgScopedExternalApp', 'string'),
    ...auditFields(),
  ],
};

const extlClntAppOauthPlcyCnfg: ObjectDef = {
  name: 'ExtlClntAppOauthPlcyCnfg',
  label: 'External Client App OAuth Policy Configuration',
  labelPlural: 'External Client App OAuth Policy Configurations',
  keyPrefix: '0xP', // UNCONFIRMED
  api: 'tooling',
  access: 'setup',
  fields: [
    idField(),
    sys('DeveloperName', 'string'),
    sys('MasterLabel', 'string'),
    externalClientApplicationId(),
    sys('IsClientCredentialsFlowEnabled', 'boolean', { nillable: false }),
    // A plain string: whether it holds a username or an Id at runtime is UNCONFIRMED.
    sys('ClientCredentialsFlowUser', 'string'),
    sys('PermittedUsersPolicyType', 'picklist'),
    sys('IpRelaxationPolicyType', 'picklist'),
    sys('RefreshTokenPolicyType', 'picklist'),
    ref('ExecuteHandlerAsId', 'User', 'ExecuteHandlerAs'),
    ...auditFields(),
  ],
};

const extlClntAppOauthSettings: ObjectDef = {
  name: 'ExtlClntAppOauthSettings',
  label: 'External Client App OAuth Settings',
  labelPlural: 'External Client App OAuth Settings',
  keyPrefix: '0xO', // UNCONFIRMED
  api: 'tooling',
  access: 'setup',
  fields: [
    idField(),
    sys('DeveloperName', 'string'),
    sys('MasterLabel', 'string'),
    externalClientApplicationId(),
    // One boolean per scope; the facts list these four (others exist, UNCONFIRMED names).
    sys('OauthScopesAPI', 'boolean', { nillable: false }),
    sys('OauthScopesWEB', 'boolean', { nillable: false }),
    sys('OauthScopesFULL', 'boolean', { nillable: false }),
    sys('OauthScopesREFRESH_TOKEN', 'boolean', { nillable: false }),
    ...auditFields(),
  ],
};

const oauthToken: ObjectDef = {
  name: 'OauthToken',
  label: 'OAuth Token',
  labelPlural: 'OAuth Tokens',
  keyPrefix: '0CQ', // UNCONFIRMED
  api: 'data',
  // Every API user reads its own rows; all rows need a permission (docs/permissions.md).
  access: 'users',
  fields: [
    idField(),
    ref('UserId', 'User', 'User', { nillable: false }),
    sys('AppName', 'string'),
    // AppMenuItem is not modelled: kept as an opaque Id.
    sys('AppMenuItemId', 'string', { label: 'App Menu Item ID' }),
    sys('AccessToken', 'string'), // masked by Salesforce
    sys('RequestToken', 'string'),
    sys('DeleteToken', 'string'),
    sys('CreatedDate', 'datetime', { nillable: false }),
    sys('LastUsedDate', 'datetime'),
    sys('UseCount', 'int'),
  ],
};

const loginHistory: ObjectDef = {
  name: 'LoginHistory',
  label: 'Login History',
  labelPlural: 'Login History',
  keyPrefix: '0Ya',
  api: 'data',
  // Every API user reads its own rows; all rows need a permission (docs/permissions.md).
  access: 'users',
  fields: [
    idField(),
    // The relationship name is what org fixtures write (docs/architecture.md 11); UNCONFIRMED in Salesforce.
    ref('UserId', 'User', 'User', { nillable: false }),
    sys('LoginTime', 'datetime', { nillable: false }),
    sys('LoginType', 'picklist'),
    sys('LoginSubType', 'picklist'),
    // OBS: Salesforce refuses these two in WHERE (they can still be grouped).
    sys('Status', 'string', { filterable: false }),
    sys('SourceIp', 'string', { label: 'Source IP', filterable: false }),
    sys('Application', 'string'),
    sys('LoginUrl', 'string', { label: 'Login URL' }),
    sys('Browser', 'string'),
    sys('Platform', 'string'),
    sys('ApiType', 'string', { label: 'API Type' }),
    sys('ApiVersion', 'string', { label: 'API Version' }),
    sys('ClientVersion', 'string'),
    sys('AuthenticationServiceId', 'string', { label: 'Authentication Service ID' }),
    sys('AuthMethodReference', 'string'),
    sys('AuthContextClassRef', 'string'),
    sys('CountryIso', 'picklist', { label: 'Country Code' }),
    sys('LoginGeoId', 'string', { label: 'Login Geo Data ID' }),
    sys('CipherSuite', 'picklist'),
    sys('TlsProtocol', 'picklist', { label: 'TLS Protocol' }),
    sys('ForwardedForIp', 'string', { label: 'Forwarded For IP' }),
    sys('OptionsIsGet', 'boolean', { nillable: false }),
    sys('OptionsIsPost', 'boolean', { nillable: false }),
    sys('NetworkId', 'string', { label: 'Network ID' }),
  ],
};

const setupAuditTrail: ObjectDef = {
  name: 'SetupAuditTrail',
  label: 'Setup Audit Trail',
  labelPlural: 'Setup Audit Trail',
  keyPrefix: '0Ym',
  api: 'data',
  access: 'setup',
  fields: [
    idField(),
    sys('Action', 'string'),
    sys('Section', 'string'),
    sys('Display', 'string'),
    sys('DelegateUser', 'string'),
    sys('CreatedDate', 'datetime', { nillable: false }),
    ref('CreatedById', 'User', 'CreatedBy'),
    sys('ResponsibleNamespacePrefix', 'string'),
    sys('CreatedByContext', 'string'),
    sys('CreatedByIssuer', 'string'),
  ],
};

export const SETUP_OBJECTS: readonly ObjectDef[] = [
  organization,
  user,
  userRole,
  userLogin,
  profile,
  userLicense,
  permissionSet,
  permissionSetAssignment,
  permissionSetGroup,
  permissionSetGroupComponent,
  mutingPermissionSet,
  objectPermissions,
  fieldPermissions,
  setupEntityAccess,
  permissionSetLicense,
  permissionSetLicenseAssignment,
  connectedApplication,
  externalClientApplication,
  extlClntAppOauthPlcyCnfg,
  extlClntAppOauthSettings,
  oauthToken,
  loginHistory,
  setupAuditTrail,
];
