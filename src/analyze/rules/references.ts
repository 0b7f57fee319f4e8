// Documentation every rule cites, in one place (docs/salesforce-behaviour.md gives the sources of each behaviour).

const HELP = 'https://help.salesforce.com/s/articleView?type=5&id=';
const OBJECTS =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/';
const METADATA = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/';

export const REFERENCES = {
  connectedAppClientCredentials: `${HELP}xcloud.connected_app_client_credentials_setup.htm`,
  clientCredentialsFlow: `${HELP}xcloud.remoteaccess_oauth_client_credentials_flow.htm`,
  oauthErrors: `${HELP}sf.remoteaccess_oauth_flow_errors.htm`,
  connectedAppMetadata: `${METADATA}meta_connectedapp.htm`,
  ecaOauthPolicies: `${METADATA}meta_extlclntappoauthconfigurablepolicies.htm`,
  userObject: `${OBJECTS}sforce_api_objects_user.htm`,
  userLoginObject: `${OBJECTS}sforce_api_objects_userlogin.htm`,
  loginHistoryObject: `${OBJECTS}sforce_api_objects_loginhistory.htm`,
  integrationUserBlog:
    'https://developer.salesforce.com/blogs/2024/02/invoke-rest-apis-with-the-salesforce-integration-user-and-oauth-client-credentials',
  owaspNhi: 'https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025/',
  sbsAccessControls: 'https://docs.securitybenchmark.org/benchmark/access-controls.html',
} as const;
