// What a client-credentials grant leaves in the org, as Salesforce records it: a LoginHistory row
// (LoginType "Remote Access 2.0", Application = the app) and, on success, User.LastLoginDate
// (docs/salesforce-behaviour.md 3.14; docs/emulator.md, audit fields and login history).
// Rows are appended to the org model itself, so every later query and audit sees them.

import type { ClientApp, OrgModel, SObjectRow } from '../model/org.js';
import { findObject } from '../model/schema.js';
import { deterministicId } from '../util/ids.js';

/** LoginType of every OAuth grant, client credentials included (OBS). */
export const OAUTH_LOGIN_TYPE = 'Remote Access 2.0';

/**
 * Login History `Status` of each refusal that happens once the run-as user is known: the texts
 * Salesforce documents for Login History (EventLogFile LOGIN_STATUS values; "Failed: Not approved
 * for access" from a Salesforce knowledge article and real Login History). Which text a refused
 * client-credentials grant writes is UNCONFIRMED for the three opt-in variants.
 */
export const LOGIN_STATUS = {
  success: 'Success',
  notPreAuthorized: 'Failed: Not approved for access',
  inactive: 'User is inactive',
  frozen: 'User is frozen',
  restrictedIp: 'Restricted IP',
  restrictedTime: 'Restricted time',
  passwordLocked: 'Password lockout',
  apiDisabled: 'Failed: OAuth API access disabled',
  notApiOnly: 'Invalid login',
  multiFactor: 'Multi-factor (formerly called two-factor) is required',
} as const;

export type LoginStatus = (typeof LOGIN_STATUS)[keyof typeof LOGIN_STATUS];

export interface LoginAttempt {
  user: SObjectRow;
  app: ClientApp;
  status: LoginStatus;
  at: Date;
}

/** The Ids (15-character keys) of a LoginHistory list, kept with it: a grant costs no scan of the history. */
const idsOfRows = new WeakMap<readonly SObjectRow[], Set<string>>();

function usedIds(rows: readonly SObjectRow[]): Set<string> {
  let ids = idsOfRows.get(rows);
  // Rebuilt when the list changed behind our back (a test variant adding rows).
  if (ids?.size !== rows.length) {
    ids = new Set(rows.map((r) => r.Id.slice(0, 15)));
    idsOfRows.set(rows, ids);
  }
  return ids;
}

/** Salesforce's REST form of a date-time (`2026-11-25T12:00:00.000+0000`), as fixture rows hold it. */
function restDateTime(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

/** The host a client-credentials login names as LoginUrl: the org's My Domain (OBS). */
export function myDomainHost(org: OrgModel): string {
  const { myDomain, isSandbox } = org.info;
  return isSandbox ? `${myDomain}.sandbox.my.salesforce.com` : `${myDomain}.my.salesforce.com`;
}

/**
 * Appends the LoginHistory row of one grant, and on success moves the user's LastLoginDate.
 * SourceIp is the address every request appears to come from (`clientIp`), the one the IP-range
 * check decided on. Returns the row.
 */
export function recordLogin(org: OrgModel, attempt: LoginAttempt): SObjectRow {
  let rows = org.records.get('LoginHistory');
  if (rows === undefined) org.records.set('LoginHistory', (rows = []));
  const keyPrefix = findObject(org.schema, 'LoginHistory')?.keyPrefix ?? '0Ya';
  const pod = org.info.orgId.slice(3, 5);
  const used = usedIds(rows);
  let id = deterministicId(keyPrefix, `grant:${rows.length}`, pod);
  for (let n = 1; used.has(id.slice(0, 15)); n++)
    id = deterministicId(keyPrefix, `grant:${rows.length}#${n}`, pod);
  const loginTime = restDateTime(attempt.at);
  const row: SObjectRow = {
    Id: id,
    UserId: attempt.user.Id,
    LoginTime: loginTime,
    LoginType: OAUTH_LOGIN_TYPE,
    LoginSubType: org.behaviour.loginSubType,
    Status: attempt.status,
    Application: attempt.app.label,
    SourceIp: org.info.clientIp,
    LoginUrl: myDomainHost(org),
    Browser: 'Unknown',
    Platform: 'Unknown',
    OptionsIsGet: false,
    OptionsIsPost: true,
  };
  rows.push(row);
  used.add(id.slice(0, 15));
  if (attempt.status === LOGIN_STATUS.success) attempt.user.LastLoginDate = loginTime;
  return row;
}
