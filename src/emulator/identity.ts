// Identity URL and userinfo bodies (SALESFORCE-FACTS.md 4.5). The sf CLI's access-token login needs
// `user_id`, `organization_id` and `preferred_username` from userinfo (REAL-CLIENTS.md section 4).

import type { OrgModel } from '../model/org.js';
import type { UserView } from './org-view.js';

function urls(instanceUrl: string, orgId: string, userId: string): Record<string, string> {
  const data = `${instanceUrl}/services/data/v{version}`;
  return {
    enterprise: `${instanceUrl}/services/Soap/c/{version}/${orgId}`,
    metadata: `${instanceUrl}/services/Soap/m/{version}/${orgId}`,
    partner: `${instanceUrl}/services/Soap/u/{version}/${orgId}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${instanceUrl}/services/Soap/T/{version}/${orgId}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${instanceUrl}/${userId}`,
    users: `${data}/chatter/users`,
    custom_domain: instanceUrl,
  };
}

function names(user: UserView): { first: string; last: string; display: string; email: string } {
  const first = typeof user.row.FirstName === 'string' ? user.row.FirstName : '';
  const last = typeof user.row.LastName === 'string' ? user.row.LastName : user.username;
  return {
    first,
    last,
    display: typeof user.row.Name === 'string' ? user.row.Name : `${first} ${last}`.trim(),
    email: typeof user.row.Email === 'string' ? user.row.Email : user.username,
  };
}

function isIntegrationUser(user: UserView): boolean {
  return user.profile.userLicense === 'Salesforce Integration';
}

export function identityBody(
  org: OrgModel,
  user: UserView,
  instanceUrl: string,
): Record<string, unknown> {
  const { first, last, display, email } = names(user);
  const userId = user.row.Id;
  return {
    id: `${instanceUrl}/id/${org.info.orgId}/${userId}`,
    asserted_user: true,
    user_id: userId,
    organization_id: org.info.orgId,
    username: user.username,
    nick_name: user.username.split('@')[0],
    display_name: display,
    email,
    email_verified: true,
    first_name: first,
    last_name: last,
    timezone:
      typeof user.row.TimeZoneSidKey === 'string' ? user.row.TimeZoneSidKey : org.info.timeZone,
    photos: {},
    urls: urls(instanceUrl, org.info.orgId, userId),
    active: user.isActive,
    user_type: 'STANDARD',
    language: typeof user.row.LanguageLocaleKey === 'string' ? user.row.LanguageLocaleKey : 'en_US',
    locale: typeof user.row.LocaleSidKey === 'string' ? user.row.LocaleSidKey : 'en_US',
    utcOffset: 0,
    last_modified_date: org.info.now,
    is_app_installed: true,
  };
}

export function userinfoBody(
  org: OrgModel,
  user: UserView,
  instanceUrl: string,
): Record<string, unknown> {
  const { first, last, display, email } = names(user);
  const userId = user.row.Id;
  return {
    sub: `${instanceUrl}/id/${org.info.orgId}/${userId}`,
    user_id: userId,
    organization_id: org.info.orgId,
    preferred_username: user.username,
    nickname: user.username.split('@')[0],
    name: display,
    email,
    email_verified: true,
    given_name: first,
    family_name: last,
    zoneinfo:
      typeof user.row.TimeZoneSidKey === 'string' ? user.row.TimeZoneSidKey : org.info.timeZone,
    photos: {},
    profile: `${instanceUrl}/${userId}`,
    picture: '',
    address: {},
    is_salesforce_integration_user: isIntegrationUser(user),
    urls: urls(instanceUrl, org.info.orgId, userId),
    active: user.isActive,
    user_type: 'STANDARD',
    language: typeof user.row.LanguageLocaleKey === 'string' ? user.row.LanguageLocaleKey : 'en_US',
    locale: typeof user.row.LocaleSidKey === 'string' ? user.row.LocaleSidKey : 'en_US',
    utcOffset: 0,
    updated_at: org.info.now,
  };
}
