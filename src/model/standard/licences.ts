// Salesforce's standard user licences and the permission set licence integrations use
// (docs/salesforce-behaviour.md 1.6, 3.4 and 3.17).

export interface UserLicenceDef {
  /** `UserLicense.Name` (also what Profile metadata writes in `userLicense`). */
  name: string;
  licenseDefinitionKey: string;
  /** Whether users of this licence can be given API Enabled at all. */
  apiAccess: boolean;
  /** The licence Salesforce intends for integration (API-only) users. */
  integration: boolean;
}

export const STANDARD_LICENCES: readonly UserLicenceDef[] = [
  { name: 'Salesforce', licenseDefinitionKey: 'SFDC', apiAccess: true, integration: false },
  {
    name: 'Salesforce Platform',
    licenseDefinitionKey: 'AUL',
    apiAccess: true,
    integration: false,
  },
  {
    name: 'Salesforce Integration',
    // UNCONFIRMED: one public fixture says PID_Integration, another public source SFDC_INTL.
    // Match this licence on its Name, never on the key (docs/salesforce-behaviour.md 3.4).
    licenseDefinitionKey: 'PID_Integration',
    apiAccess: true,
    integration: true,
  },
  // The keys below are the PID_* names public code uses; the API flags follow Salesforce's
  // licence descriptions as recalled (UNCONFIRMED for the community licences).
  {
    name: 'Chatter Free',
    licenseDefinitionKey: 'PID_Chatter',
    apiAccess: false,
    integration: false,
  },
  {
    name: 'Chatter External',
    licenseDefinitionKey: 'PID_Chatter_External', // UNCONFIRMED key
    apiAccess: false,
    integration: false,
  },
  {
    name: 'Customer Community',
    licenseDefinitionKey: 'PID_Customer_Community',
    apiAccess: false,
    integration: false,
  },
  {
    name: 'Customer Community Login',
    licenseDefinitionKey: 'PID_Customer_Community_Login',
    apiAccess: false,
    integration: false,
  },
  {
    name: 'Customer Community Plus',
    licenseDefinitionKey: 'PID_Customer_Community_Plus', // UNCONFIRMED key
    apiAccess: true, // UNCONFIRMED
    integration: false,
  },
  {
    name: 'Partner Community',
    licenseDefinitionKey: 'PID_Partner_Community',
    apiAccess: true, // UNCONFIRMED
    integration: false,
  },
  {
    name: 'Partner Community Login',
    licenseDefinitionKey: 'PID_Partner_Community_Login',
    apiAccess: true, // UNCONFIRMED
    integration: false,
  },
  {
    name: 'Guest User License',
    licenseDefinitionKey: 'PID_Guest_User', // UNCONFIRMED key
    apiAccess: false,
    integration: false,
  },
  {
    name: 'Identity',
    licenseDefinitionKey: 'PID_Identity', // UNCONFIRMED key
    apiAccess: false,
    integration: false,
  },
];

export interface PermissionSetLicenceDef {
  developerName: string;
  /** What PermissionSet metadata writes in `<license>`. */
  masterLabel: string;
  /** UNCONFIRMED for every entry: not seen in a real response. */
  permissionSetLicenseKey?: string;
  /** User licences whose users can hold it. */
  userLicences: readonly string[];
}

export const STANDARD_PERMISSION_SET_LICENCES: readonly PermissionSetLicenceDef[] = [
  {
    // OBS: several projects assign it by this DeveloperName (docs/salesforce-behaviour.md 3.17).
    developerName: 'SalesforceAPIIntegrationPsl',
    masterLabel: 'Salesforce API Integration',
    userLicences: ['Salesforce Integration'],
  },
];
