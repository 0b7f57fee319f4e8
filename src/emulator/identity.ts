// Identity URL and userinfo bodies (docs/salesforce-behaviour.md 4.5). The sf CLI's access-token login needs
// `user_id`, `organization_id` and `preferred_username` from userinfo (docs/salesforce-behaviour.md 5.5).

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

/** What both bodies say about the user, under their own key names. */
function factsOf(org: OrgModel, user: UserView, instanceUrl: string) {
  const row = user.row;
  const textOr = (value: unknown, fallback: string): string =>
    typeof value === 'string' ? value : fallback;
  const first = textOr(row.FirstName, '');
  const last = textOr(row.LastName, user.username);
  return {
    id: `${instanceUrl}/id/${org.info.orgId}/${row.Id}`,
    userId: row.Id,
    first,
    last,
    display: textOr(row.Name, `${first} ${last}`.trim()),
    email: textOr(row.Email, user.username),
    nickname: user.username.split('@')[0],
    timeZone: textOr(row.TimeZoneSidKey, org.info.timeZone),
    language: textOr(row.LanguageLocaleKey, 'en_US'),
    locale: textOr(row.LocaleSidKey, 'en_US'),
    urls: urls(instanceUrl, org.info.orgId, row.Id),
    // The user row's own LastModifiedDate (every row has one, docs/emulator.md), as ISO-8601 UTC.
    modified: isoOr(row.LastModifiedDate, org.info.now),
  };
}

function isoOr(value: unknown, fallback: string): string {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? fallback : new Date(at).toISOString();
}

export function identityBody(
  org: OrgModel,
  user: UserView,
  instanceUrl: string,
): Record<string, unknown> {
  const f = factsOf(org, user, instanceUrl);
  return {
    id: f.id,
    asserted_user: true,
    user_id: f.userId,
    organization_id: org.info.orgId,
    username: user.username,
    nick_name: f.nickname,
    display_name: f.display,
    email: f.email,
    email_verified: true,
    first_name: f.first,
    last_name: f.last,
    timezone: f.timeZone,
    photos: {},
    urls: f.urls,
    active: user.isActive,
    user_type: 'STANDARD',
    language: f.language,
    locale: f.locale,
    utcOffset: 0,
    last_modified_date: f.modified,
    is_app_installed: true,
  };
}

export function userinfoBody(
  org: OrgModel,
  user: UserView,
  instanceUrl: string,
): Record<string, unknown> {
  const f = factsOf(org, user, instanceUrl);
  return {
    sub: f.id,
    user_id: f.userId,
    organization_id: org.info.orgId,
    preferred_username: user.username,
    nickname: f.nickname,
    name: f.display,
    email: f.email,
    email_verified: true,
    given_name: f.first,
    family_name: f.last,
    zoneinfo: f.timeZone,
    photos: {},
    profile: `${instanceUrl}/${f.userId}`,
    picture: '',
    address: {},
    // userinfo exposes whether the user has the Salesforce Integration licence (docs/salesforce-behaviour.md 1.6).
    is_salesforce_integration_user: user.profile.userLicense === 'Salesforce Integration',
    urls: f.urls,
    active: user.isActive,
    user_type: 'STANDARD',
    language: f.language,
    locale: f.locale,
    utcOffset: 0,
    updated_at: f.modified,
  };
}
