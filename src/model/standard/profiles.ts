// Salesforce's standard profiles (docs/salesforce-behaviour.md 3.3). `name` is the label SOQL returns for
// Profile.Name in English; `fullName` the Metadata API name. Standard profile labels are
// translated into the querying user's language, so match profiles on `fullName` where possible.

import type { FieldPermission, ObjectPermission, ProfileDef } from '../permissions.js';
import { isPermissionable } from '../schema.js';
import { CRUD_OBJECTS } from './objects-crud.js';

type Crud = 'R' | 'RC' | 'RCE' | 'RCED' | 'ALL';

function objectPermission(level: Crud): ObjectPermission {
  return {
    allowRead: true,
    allowCreate: level !== 'R',
    allowEdit: level === 'RCE' || level === 'RCED' || level === 'ALL',
    allowDelete: level === 'RCED' || level === 'ALL',
    viewAllRecords: level === 'ALL',
    modifyAllRecords: level === 'ALL',
    viewAllFields: false,
  };
}

/** Object permissions plus read (and edit, where the object is editable) on every FLS field. */
function access(
  levels: Record<string, Crud>,
): Pick<ProfileDef, 'objectPermissions' | 'fieldPermissions'> {
  const objectPermissions: Record<string, ObjectPermission> = {};
  const fieldPermissions: Record<string, FieldPermission> = {};
  for (const object of CRUD_OBJECTS) {
    const level = levels[object.name];
    if (level === undefined) continue;
    const perm = objectPermission(level);
    objectPermissions[object.name] = perm;
    for (const field of object.fields) {
      if (!isPermissionable(object, field)) continue;
      fieldPermissions[`${object.name}.${field.name}`] = {
        readable: true,
        editable: perm.allowEdit,
      };
    }
  }
  return { objectPermissions, fieldPermissions };
}

const ADMIN_PERMISSIONS = [
  'ApiEnabled',
  'ModifyAllData',
  'ViewAllData',
  'ModifyMetadata',
  'CustomizeApplication',
  'ManageUsers',
  'AuthorApex',
  'ViewSetup',
  'ViewAllUsers',
  'AssignPermissionSets',
  'ManageProfilesPermissionsets',
  'ManageInternalUsers',
  'ResetPasswords',
  'ManageSharing',
  'ManageRoles',
  'ExportReport',
  'ManageAuthProviders',
  'ManageRemoteAccess',
  // Default on the System Administrator profile as we recall it (UNCONFIRMED for each of these).
  'CanApproveUninstalledApps',
  'ExternalClientAppAdmin',
  'ExternalClientAppDeveloper',
  'ExternalClientAppViewer',
  'FreezeUsers',
  'ManagePasswordPolicies',
  'ManageLoginAccessPolicies',
  'ManageSessionPermissionSets',
  'ManageIpAddresses',
  'ManageTwoFactor',
  'ManageNamedCredentials',
  'ManageCertificates',
  'ManageSandboxes',
  'InstallPackaging',
  'DataExport',
  'QueryAllFiles',
  'BulkApiHardDelete',
  'ViewRoles',
  'ViewAllProfiles',
  'ViewDeveloperName',
  'ViewHealthCheck',
  'ManageHealthCheck',
  'MonitorLoginHistory',
  'ViewEventLogFiles',
  'ViewAllForeignKeyNames',
  'ViewAllActivities',
  'ViewAllCustomSettings',
  'EditReadonlyFields',
  'TransferAnyEntity',
  'ManageCustomPermissions',
  'ManageDataIntegrations',
  'ManageTranslation',
  'ScheduleJob',
  'DebugApex',
  'ManageCustomReportTypes',
  'ManageDashboards',
  'RunReports',
  'ScheduleReports',
  'CreateCustomizeReports',
  'CreateCustomizeDashboards',
  'ConvertLeads',
  'ImportLeads',
  'ImportPersonal',
  'EditTask',
  'EditEvent',
  'ActivateContract',
  'ManageCases',
  'ChatterInternalUser',
  'LightningExperienceUser',
  'AllowUniversalSearch',
  'ViewHelpLink',
];

const STANDARD_USER_PERMISSIONS = [
  'ApiEnabled',
  'RunReports',
  'ExportReport',
  'CreateCustomizeReports',
  'ConvertLeads',
  'ImportPersonal',
  'EditTask',
  'EditEvent',
  'ChatterInternalUser',
  'LightningExperienceUser',
  'AllowUniversalSearch',
  'ViewHelpLink',
];

const systemAdministrator: ProfileDef = {
  kind: 'Profile',
  fullName: 'Admin',
  name: 'System Administrator',
  custom: false,
  userLicense: 'Salesforce',
  // No ApiUserOnly: an admin is an interactive user.
  userPermissions: ADMIN_PERMISSIONS,
  ...access(Object.fromEntries(CRUD_OBJECTS.map((o) => [o.name, 'ALL' as const]))),
  loginIpRanges: [],
};

const standardUser: ProfileDef = {
  kind: 'Profile',
  fullName: 'Standard',
  name: 'Standard User',
  custom: false,
  userLicense: 'Salesforce',
  userPermissions: STANDARD_USER_PERMISSIONS,
  // The standard sales objects as recalled from a Developer Edition org (UNCONFIRMED per object):
  // products, price books and campaigns are read-only. Salesforce governs tasks and events by
  // Edit Tasks / Edit Events rather than object permissions; we model them as object access.
  ...access({
    Account: 'RCED',
    Contact: 'RCED',
    Lead: 'RCED',
    Opportunity: 'RCED',
    Case: 'RCED',
    Campaign: 'R',
    Contract: 'RCED',
    Order: 'RCED',
    OrderItem: 'RCED',
    Product2: 'R',
    Pricebook2: 'R',
    PricebookEntry: 'R',
    Asset: 'RCED',
    Task: 'RCED',
    Event: 'RCED',
    Quote: 'RCED',
  }),
  loginIpRanges: [],
};

const minimumAccessSalesforce: ProfileDef = {
  kind: 'Profile',
  // UNCONFIRMED: assumed equal to the label, as for other standard profiles without a short name.
  fullName: 'Minimum Access - Salesforce',
  name: 'Minimum Access - Salesforce',
  custom: false,
  userLicense: 'Salesforce',
  // No API Enabled and no object access: permission sets grant what a user needs.
  userPermissions: [],
  objectPermissions: {},
  fieldPermissions: {},
  loginIpRanges: [],
};

const minimumAccessApiOnlyIntegrations: ProfileDef = {
  kind: 'Profile',
  // UNCONFIRMED: assumed equal to the label.
  fullName: 'Minimum Access - API Only Integrations',
  name: 'Minimum Access - API Only Integrations',
  custom: false,
  userLicense: 'Salesforce Integration',
  // The baseline of RG-0011: what every integration user holds by default.
  userPermissions: ['ApiEnabled', 'ApiUserOnly'],
  objectPermissions: {},
  fieldPermissions: {},
  loginIpRanges: [],
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Frozen: shared by every org model; structuredClone a profile before changing it. */
export const STANDARD_PROFILES: readonly ProfileDef[] = deepFreeze([
  systemAdministrator,
  standardUser,
  minimumAccessSalesforce,
  minimumAccessApiOnlyIntegrations,
]);
