// System (user) permissions we know, by metadata name. `PermissionSet`, `Profile` and
// `MutingPermissionSet` describe one boolean `Permissions<Name>` field per entry.
// Every name was checked against the PermissionSet type of Salesforce's Tooling WSDL
// (forcedotcom/wsdl, generated types). Labels are the Setup labels as we know them; the ones
// marked UNCONFIRMED were not seen in Salesforce's documentation.

/**
 * RG-0009: `critical` and `high` permissions fail the rule (docs/rules/RG-0009.md). Permissions without a
 * risk are ordinary.
 */
export type SystemPermissionRisk = 'critical' | 'high';

export interface SystemPermissionDef {
  /** Metadata name: `userPermissions.name`; SOQL field `Permissions<name>`. */
  name: string;
  label: string;
  risk?: SystemPermissionRisk;
}

export const SYSTEM_PERMISSIONS: readonly SystemPermissionDef[] = [
  // API access
  { name: 'ApiEnabled', label: 'API Enabled' },
  { name: 'ApiUserOnly', label: 'API Only User' },
  { name: 'UseAnyApiClient', label: 'Use Any API Client', risk: 'high' },
  { name: 'BulkApiHardDelete', label: 'Bulk API Hard Delete', risk: 'high' },

  // RG-0009 critical
  { name: 'ModifyAllData', label: 'Modify All Data', risk: 'critical' },
  { name: 'ViewAllData', label: 'View All Data', risk: 'critical' },
  {
    name: 'ModifyMetadata',
    label: 'Modify Metadata Through Metadata API Functions',
    risk: 'critical',
  },
  { name: 'AuthorApex', label: 'Author Apex', risk: 'critical' },
  { name: 'CustomizeApplication', label: 'Customize Application', risk: 'critical' },
  { name: 'ManageUsers', label: 'Manage Users', risk: 'critical' },
  { name: 'AssignPermissionSets', label: 'Assign Permission Sets', risk: 'critical' },
  {
    name: 'ManageProfilesPermissionsets',
    label: 'Manage Profiles and Permission Sets',
    risk: 'critical',
  },

  // RG-0009 high, as the rule catalog names them
  { name: 'ManageInternalUsers', label: 'Manage Internal Users', risk: 'high' },
  { name: 'ResetPasswords', label: 'Reset User Passwords and Unlock Users', risk: 'high' },
  { name: 'ViewAllUsers', label: 'View All Users', risk: 'high' },
  { name: 'ManageSharing', label: 'Manage Sharing', risk: 'high' },
  { name: 'ManageRoles', label: 'Manage Roles', risk: 'high' },
  { name: 'ExportReport', label: 'Export Reports', risk: 'high' },
  { name: 'ManageAuthProviders', label: 'Manage Auth. Providers', risk: 'high' },
  { name: 'ManageRemoteAccess', label: 'Manage Connected Apps', risk: 'high' },
  {
    // "Approve Uninstalled Connected Apps"; metadata name from the WSDL, label UNCONFIRMED.
    name: 'CanApproveUninstalledApps',
    label: 'Approve Uninstalled Connected Apps',
    risk: 'high',
  },

  // RG-0009 high: the rest of the list (identity, security and data-egress administration)
  { name: 'FreezeUsers', label: 'Freeze Users', risk: 'high' },
  { name: 'ManagePasswordPolicies', label: 'Manage Password Policies', risk: 'high' },
  { name: 'ManageLoginAccessPolicies', label: 'Manage Login Access Policies', risk: 'high' },
  {
    name: 'ManageSessionPermissionSets',
    label: 'Manage Session Permission Set Activations',
    risk: 'high',
  },
  { name: 'ManageIpAddresses', label: 'Manage IP Addresses', risk: 'high' },
  {
    name: 'ManageTwoFactor',
    label: 'Manage Multi-Factor Authentication in User Interface', // label UNCONFIRMED
    risk: 'high',
  },
  { name: 'ManageEncryptionKeys', label: 'Manage Encryption Keys', risk: 'high' },
  { name: 'ViewEncryptedData', label: 'View Encrypted Data', risk: 'high' },
  { name: 'ManageNamedCredentials', label: 'Manage Named Credentials', risk: 'high' },
  { name: 'ManageCertificates', label: 'Manage Certificates', risk: 'high' },
  { name: 'ManageSandboxes', label: 'Manage Sandboxes', risk: 'high' },
  { name: 'InstallPackaging', label: 'Download AppExchange Packages', risk: 'high' },
  { name: 'DataExport', label: 'Weekly Data Export', risk: 'high' },
  { name: 'QueryAllFiles', label: 'Query All Files', risk: 'high' },
  { name: 'ApiImpersonateUser', label: 'Api Impersonate User', risk: 'high' }, // label UNCONFIRMED
  // External Client App permissions: labels UNCONFIRMED.
  { name: 'ExternalClientAppAdmin', label: 'External Client App Admin', risk: 'high' },
  { name: 'ExternalClientAppDeveloper', label: 'External Client App Developer', risk: 'high' },
  { name: 'ExternalClientAppViewer', label: 'External Client App Viewer' },

  // Setup visibility and monitoring
  { name: 'ViewSetup', label: 'View Setup and Configuration' },
  { name: 'ViewRoles', label: 'View Roles and Role Hierarchy' },
  { name: 'ViewAllProfiles', label: 'View All Profiles' },
  { name: 'ViewDeveloperName', label: 'View DeveloperName' },
  { name: 'ViewHealthCheck', label: 'View Health Check' },
  { name: 'ManageHealthCheck', label: 'Manage Health Check' },
  { name: 'MonitorLoginHistory', label: 'Monitor Login History' },
  { name: 'ViewEventLogFiles', label: 'View Event Log Files' },
  { name: 'ViewAllForeignKeyNames', label: 'View All Lookup Record Names' },
  { name: 'ViewAllActivities', label: 'View All Activities' },
  { name: 'ViewAllCustomSettings', label: 'View All Custom Settings' },

  // Authentication
  { name: 'TwoFactorApi', label: 'Multi-Factor Authentication for API Logins' },
  { name: 'ForceTwoFactor', label: 'Multi-Factor Authentication for User Interface Logins' },
  { name: 'PasswordNeverExpires', label: 'Password Never Expires' },

  // Data and development
  { name: 'EditReadonlyFields', label: 'Edit Read Only Fields' },
  { name: 'TransferAnyEntity', label: 'Transfer Record' },
  { name: 'ManageCustomPermissions', label: 'Manage Custom Permissions' },
  { name: 'ManageDataIntegrations', label: 'Manage Data Integrations' },
  { name: 'ManageTranslation', label: 'Manage Translation' },
  { name: 'ScheduleJob', label: 'Schedule Jobs' }, // label UNCONFIRMED
  { name: 'DebugApex', label: 'Debug Apex' }, // label UNCONFIRMED
  { name: 'ManageCustomReportTypes', label: 'Manage Custom Report Types' },
  { name: 'ManageDashboards', label: 'Manage Dashboards in Public Folders' },

  // Ordinary user permissions (Standard User)
  { name: 'RunReports', label: 'Run Reports' },
  { name: 'ScheduleReports', label: 'Schedule Reports' },
  { name: 'CreateCustomizeReports', label: 'Create and Customize Reports' },
  { name: 'CreateCustomizeDashboards', label: 'Create and Customize Dashboards' },
  { name: 'ConvertLeads', label: 'Convert Leads' },
  { name: 'ImportLeads', label: 'Import Leads' },
  { name: 'ImportPersonal', label: 'Import Personal Contacts' },
  { name: 'EditTask', label: 'Edit Tasks' },
  { name: 'EditEvent', label: 'Edit Events' },
  { name: 'ActivateContract', label: 'Activate Contracts' },
  { name: 'ManageCases', label: 'Manage Cases' },
  { name: 'ChatterInternalUser', label: 'Chatter Internal User' },
  { name: 'LightningExperienceUser', label: 'Lightning Experience User' },
  { name: 'AllowUniversalSearch', label: 'Knowledge One' },
  { name: 'ShowCompanyNameAsUserBadge', label: 'Show Company Name as Community Role' }, // label UNCONFIRMED
  { name: 'ViewHelpLink', label: 'View Help Link' },
];
