// Which LoginHistory login types are API and OAuth logins, shared by the rules that tell an
// integration's logins from a person's (RG-0021, RG-0022, RG-0028, RG-0031).

/**
 * Login types of API and OAuth logins. "Remote Access 2.0" (OAuth, client credentials included)
 * is OBS; "Other Apex API" (SOAP login) OBS in fixtures; the others are picklist values recalled
 * from Salesforce's LoginHistory reference (UNCONFIRMED). Anything else, such as "Application"
 * (the browser UI), is a person's login.
 */
export const API_LOGIN_TYPES: readonly string[] = [
  'Remote Access 2.0',
  'Remote Access Client',
  'Other Apex API',
  'Partner Product',
  'Networks Portal API Only',
];
