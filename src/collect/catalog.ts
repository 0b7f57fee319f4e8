// Every request the live collector sends, as data (ScubaGear's API catalog; docs/architecture.md 7):
// what it asks, which snapshot facet it feeds, where Salesforce documents it, and what the auditing
// user needs for it. The collector renders its SOQL from these templates, so the catalog is what
// goes on the wire; docs/permissions.md is generated from it (scripts/gen-permissions-doc.ts).

import type { Facet } from '../model/snapshot.js';
import { toCaseSafeId } from '../util/ids.js';

/** The facet a request feeds; `org` is the org's identity and clock, needed by every facet. */
export type CatalogFacet = Facet | 'org';

/** Values for a SOQL template: lists render as quoted literals, `fields` as column names. */
export interface SoqlParams {
  /** Quoted, escaped, comma-separated (`'a', 'b'`); used inside `IN (...)`. */
  lists?: Readonly<Record<string, readonly string[]>>;
  /** One quoted literal (`'00e...'`). */
  values?: Readonly<Record<string, string>>;
  /** Column names, validated, comma-separated. */
  fields?: readonly string[];
  /** Whole numbers (`LAST_N_DAYS:{days}`). */
  numbers?: Readonly<Record<string, number>>;
  /** Instants, rendered as unquoted SOQL datetime literals in UTC to the second (`2026-11-24T00:00:00Z`). */
  datetimes?: Readonly<Record<string, string>>;
}

export type CatalogRequest =
  | {
      kind: 'query';
      /** SOQL with `{name}` placeholders filled from SoqlParams. */
      soql: string;
      /** Parameters of a harmless sample (the catalog test runs it against the emulator). */
      sample: SoqlParams;
      /**
       * The same request reading only the rows after a high-water mark (`{since}`, a datetime),
       * instead of the look-back window: what `monitor` sends once it has a history
       * (docs/adr/0021-incremental-lifecycle-events.md).
       */
      incremental?: string;
    }
  | { kind: 'get'; path: string }
  | { kind: 'listMetadata'; types: readonly string[] }
  | { kind: 'readMetadata'; type: string; sample: readonly string[] };

export interface CatalogEntry {
  id: string;
  api: 'rest' | 'tooling' | 'metadata' | 'http';
  facet: CatalogFacet;
  request: CatalogRequest;
  /** What the collector learns from it, one sentence. */
  purpose: string;
  /** The Salesforce documentation page for the resource, object or call. */
  docUrl: string;
  /** What the auditing user needs, in Setup terms (besides API Enabled, which every request needs). */
  permission: string;
  /** Metadata names of the user permissions that grant `permission` (the least-privilege set is their union). */
  userPermissions: readonly string[];
  /**
   * Without `userPermissions`, Salesforce answers this query with the connected user's own rows
   * only, and no error: the audit checks the auditor's own permissions before trusting the answer.
   */
  partialWithout?: boolean;
  /** Caveats: UNCONFIRMED facts, silent partial answers, fallbacks. */
  note?: string;
}

const OBJECT_REF =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/';
const META_REF = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/';
const REST_REF = 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/';
const TOOLING_REF =
  'https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/';

export const API_ENABLED = 'API Enabled';
export const VIEW_SETUP = 'View Setup and Configuration';
export const MODIFY_METADATA = 'Modify Metadata Through Metadata API Functions or Modify All Data';
export const MANAGE_USERS = 'Manage Users';

/**
 * A sample Id of each kind: the key prefix, zeros, and the case-safe suffix those 15 characters
 * imply (0PS000000000000 ends in GAA, not AAA). Doctor sends the sample queries to the org, which
 * may refuse a malformed Id, so they are well formed; they filter on these Ids and return no rows.
 */
const sampleId = (keyPrefix: string): string => toCaseSafeId(keyPrefix.padEnd(15, '0'));
const SAMPLE_USER_ID = sampleId('005');
const SAMPLE_SET_ID = sampleId('0PS');
const SAMPLE_GROUP_ID = sampleId('0PG');
const SAMPLE_MUTING_ID = sampleId('0QM');
const SAMPLE_PROFILE_ID = sampleId('00e');

const entries = [
  // -- the org and its clock
  {
    id: 'http.versionResources',
    api: 'http',
    facet: 'org',
    request: { kind: 'get', path: '/services/data/v{version}' },
    purpose: "The org's clock: the Date header of the answer becomes collectedAt.",
    docUrl: `${REST_REF}resources_discoveryresource.htm`,
    permission: API_ENABLED,
    userPermissions: ['ApiEnabled'],
  },
  {
    id: 'rest.query.Organization',
    api: 'rest',
    facet: 'org',
    request: {
      kind: 'query',
      soql: 'SELECT Id, Name, IsSandbox, InstanceName, OrganizationType, TimeZoneSidKey FROM Organization',
      sample: {},
    },
    purpose: 'The org id, name and whether it is a sandbox.',
    docUrl: `${OBJECT_REF}sforce_api_objects_organization.htm`,
    permission: API_ENABLED,
    userPermissions: ['ApiEnabled'],
  },

  // -- apps: Connected Apps only through the Metadata API; External Client Apps through Tooling
  {
    id: 'metadata.listMetadata.apps',
    api: 'metadata',
    facet: 'apps',
    request: {
      kind: 'listMetadata',
      types: ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies'],
    },
    purpose:
      'The names of the Connected Apps and of the External Client App OAuth policies (one call, 2 of its 3 queries).',
    docUrl: `${META_REF}meta_listmetadata.htm`,
    permission: MODIFY_METADATA,
    userPermissions: ['ModifyMetadata'],
    note: 'Without it no Connected App can be read: no SOQL or Tooling field holds their run-as user (docs/salesforce-behaviour.md 1.1).',
  },
  {
    id: 'metadata.readMetadata.ConnectedApp',
    api: 'metadata',
    facet: 'apps',
    request: { kind: 'readMetadata', type: 'ConnectedApp', sample: ['RunAs_Guard_Sample'] },
    purpose:
      'Each Connected App: client-credentials switch and run-as user, Permitted Users, pre-authorized profiles and permission sets, scopes, IP relaxation, refresh-token and session policy, Apex handler user (10 names per call).',
    docUrl: `${META_REF}meta_connectedapp.htm`,
    permission: MODIFY_METADATA,
    userPermissions: ['ModifyMetadata'],
    note: 'The consumer secret is part of this type; the collector drops it and never stores it.',
  },
  {
    id: 'metadata.readMetadata.ExtlClntAppOauthConfigurablePolicies',
    api: 'metadata',
    facet: 'apps',
    request: {
      kind: 'readMetadata',
      type: 'ExtlClntAppOauthConfigurablePolicies',
      sample: ['RunAs_Guard_Sample_oauthPlcy'],
    },
    purpose:
      'Each External Client App OAuth policy: the pre-authorized profiles and permission sets, session level and timeout, and the run-as username as documented (10 names per call).',
    docUrl: `${META_REF}meta_extlclntappoauthconfigurablepolicies.htm`,
    permission: MODIFY_METADATA,
    userPermissions: ['ModifyMetadata'],
    note: 'Optional enrichment: without it the External Client Apps still come from the Tooling objects below, without their pre-authorization and session policy.',
  },
  {
    id: 'tooling.query.ExternalClientApplication',
    api: 'tooling',
    facet: 'apps',
    request: {
      kind: 'query',
      soql: 'SELECT Id, DeveloperName, MasterLabel, NamespacePrefix FROM ExternalClientApplication',
      sample: {},
    },
    purpose: 'Every External Client App.',
    docUrl:
      'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-externalclientapplication.html',
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
    note: 'UNCONFIRMED whether Salesforce also requires an External Client App viewer permission for this object.',
  },
  {
    id: 'tooling.query.ExtlClntAppOauthPlcyCnfg',
    api: 'tooling',
    facet: 'apps',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, DeveloperName, ExternalClientApplicationId, IsClientCredentialsFlowEnabled, ClientCredentialsFlowUser, ' +
        'PermittedUsersPolicyType, IpRelaxationPolicyType, RefreshTokenPolicyType, ExecuteHandlerAsId, ExecuteHandlerAs.Username ' +
        'FROM ExtlClntAppOauthPlcyCnfg',
      sample: {},
    },
    purpose:
      'Each External Client App OAuth policy: the client-credentials switch, the run-as user, Permitted Users, IP relaxation, refresh-token policy and the Apex handler user.',
    // No object-reference page was found for this Tooling object; its fields come from
    // @salesforce/types tooling.d.ts (TYPES). The metadata type it mirrors is documented.
    docUrl: `${META_REF}meta_extlclntappoauthconfigurablepolicies.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
    note: 'Object and fields from the Tooling WSDL types (no object-reference page found). Whether ClientCredentialsFlowUser holds a username or a User Id is UNCONFIRMED: both are handled.',
  },
  {
    id: 'tooling.query.ExtlClntAppOauthSettings',
    api: 'tooling',
    facet: 'apps',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, ExternalClientApplicationId, OauthScopesAPI, OauthScopesWEB, OauthScopesFULL, OauthScopesREFRESH_TOKEN ' +
        'FROM ExtlClntAppOauthSettings',
      sample: {},
    },
    purpose: 'The OAuth scopes of each External Client App (one boolean per scope).',
    docUrl: `${META_REF}meta_extlclntappoauthsettings.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
    note: 'Only the Api, Web, Full and RefreshToken scope flags are read; the names of the other flags are UNCONFIRMED. ExtlClntAppGlobalOauthSettings (which holds the consumer secret) is never read.',
  },

  // -- users
  {
    id: 'rest.query.User',
    api: 'rest',
    facet: 'users',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, Username, Name, IsActive, UserType, ProfileId, Profile.Name, Profile.UserLicense.Name, LastLoginDate ' +
        'FROM User WHERE Username IN ({usernames})',
      sample: { lists: { usernames: ['nobody@runas-guard.invalid'] } },
    },
    purpose:
      'The run-as users and Apex handler users, one query for all of them (chunked only to keep URIs short).',
    docUrl: `${OBJECT_REF}sforce_api_objects_user.htm`,
    permission: API_ENABLED,
    userPermissions: ['ApiEnabled'],
    note: "Where user sharing is private, users outside the auditor's role hierarchy are invisible: grant View All Users, or a run-as user looks missing.",
  },
  {
    id: 'rest.query.User.byId',
    api: 'rest',
    facet: 'users',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, Username, Name, IsActive, UserType, ProfileId, Profile.Name, Profile.UserLicense.Name, LastLoginDate ' +
        'FROM User WHERE Id IN ({userIds})',
      sample: { lists: { userIds: [SAMPLE_USER_ID] } },
    },
    purpose:
      'Only when an External Client App names its run-as user by Id (UNCONFIRMED Tooling behaviour): those users.',
    docUrl: `${OBJECT_REF}sforce_api_objects_user.htm`,
    permission: API_ENABLED,
    userPermissions: ['ApiEnabled'],
  },
  {
    id: 'rest.query.UserLogin',
    api: 'rest',
    facet: 'userLogin',
    request: {
      kind: 'query',
      soql: 'SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId IN ({userIds})',
      sample: { lists: { userIds: [SAMPLE_USER_ID] } },
    },
    purpose: 'Whether each run-as user is frozen or password-locked.',
    docUrl: `${OBJECT_REF}sforce_api_objects_userlogin.htm`,
    permission: MANAGE_USERS,
    userPermissions: ['ManageUsers'],
  },

  // -- access: assignments, permission sets (profile-owned and group aggregates too), groups, muting sets
  {
    id: 'rest.query.PermissionSetAssignment',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, AssigneeId, PermissionSetId, PermissionSetGroupId, ExpirationDate ' +
        'FROM PermissionSetAssignment WHERE AssigneeId IN ({userIds})',
      sample: { lists: { userIds: [SAMPLE_USER_ID] } },
    },
    purpose:
      'What each run-as user holds: its profile-owned set, permission sets and groups, with expiry dates.',
    docUrl: `${OBJECT_REF}sforce_api_objects_permissionsetassignment.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.describe.PermissionSet',
    api: 'rest',
    facet: 'access',
    request: { kind: 'get', path: '/services/data/v{version}/sobjects/PermissionSet/describe' },
    purpose:
      "The org's Permissions* fields, read once so that every system permission is collected.",
    docUrl: `${REST_REF}resources_sobject_describe.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.PermissionSet',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, Name, Label, Description, NamespacePrefix, IsOwnedByProfile, ProfileId, IsCustom, Type, ' +
        'HasActivationRequired, PermissionSetGroupId, {fields} FROM PermissionSet WHERE Id IN ({ids})',
      sample: { lists: { ids: [SAMPLE_SET_ID] }, fields: ['PermissionsApiEnabled'] },
    },
    purpose:
      'The held permission sets (profile-owned ones and group members included) with their system permissions; the Permissions* columns are split over several queries to keep URIs short.',
    docUrl: `${OBJECT_REF}sforce_api_objects_permissionset.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.PermissionSetGroup',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, DeveloperName, MasterLabel, Description, NamespacePrefix, Status, HasActivationRequired ' +
        'FROM PermissionSetGroup WHERE Id IN ({ids})',
      sample: { lists: { ids: [SAMPLE_GROUP_ID] } },
    },
    purpose: 'The held permission set groups and their calculation status.',
    docUrl: `${OBJECT_REF}sforce_api_objects_permissionsetgroup.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.PermissionSetGroupComponent',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, PermissionSetGroupId, PermissionSetId FROM PermissionSetGroupComponent ' +
        'WHERE PermissionSetGroupId IN ({ids})',
      sample: { lists: { ids: [SAMPLE_GROUP_ID] } },
    },
    purpose: 'The permission sets and the muting permission set of each held group.',
    docUrl: `${OBJECT_REF}sforce_api_objects_permissionsetgroupcomponent.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.describe.MutingPermissionSet',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'get',
      path: '/services/data/v{version}/sobjects/MutingPermissionSet/describe',
    },
    purpose:
      'The Permissions* fields of muting permission sets (read only when a held group has one).',
    docUrl: `${REST_REF}resources_sobject_describe.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.MutingPermissionSet',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql: 'SELECT Id, DeveloperName, MasterLabel, {fields} FROM MutingPermissionSet WHERE Id IN ({ids})',
      sample: { lists: { ids: [SAMPLE_MUTING_ID] }, fields: ['PermissionsApiEnabled'] },
    },
    purpose: 'What the muting permission sets of the held groups mute.',
    docUrl: `${OBJECT_REF}sforce_api_objects_mutingpermissionset.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.ObjectPermissions',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, ParentId, SobjectType, PermissionsCreate, PermissionsRead, PermissionsEdit, PermissionsDelete, ' +
        'PermissionsViewAllRecords, PermissionsModifyAllRecords, PermissionsViewAllFields ' +
        'FROM ObjectPermissions WHERE ParentId IN ({ids})',
      sample: { lists: { ids: [SAMPLE_SET_ID] } },
    },
    purpose: 'Object permissions of every collected permission set and muting set.',
    docUrl: `${OBJECT_REF}sforce_api_objects_objectpermissions.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.FieldPermissions',
    api: 'rest',
    facet: 'access',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, ParentId, SobjectType, Field, PermissionsRead, PermissionsEdit ' +
        'FROM FieldPermissions WHERE ParentId IN ({ids})',
      sample: { lists: { ids: [SAMPLE_SET_ID] } },
    },
    purpose: 'Field permissions of every collected permission set and muting set.',
    docUrl: `${OBJECT_REF}sforce_api_objects_fieldpermissions.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },

  // -- profile policies: login IP ranges, login hours, session settings
  {
    id: 'metadata.listMetadata.profiles',
    api: 'metadata',
    facet: 'profilePolicies',
    request: { kind: 'listMetadata', types: ['Profile', 'ProfileSessionSetting'] },
    purpose:
      "The metadata full names of the profiles (matched to the run-as users' profiles by Id) and which profiles have session settings.",
    docUrl: `${META_REF}meta_listmetadata.htm`,
    permission: MODIFY_METADATA,
    userPermissions: ['ModifyMetadata'],
    note: 'Without it, login IP ranges and login hours come from the Tooling fallback below, and profile session settings stay unknown.',
  },
  {
    id: 'metadata.readMetadata.Profile',
    api: 'metadata',
    facet: 'profilePolicies',
    request: { kind: 'readMetadata', type: 'Profile', sample: ['Admin'] },
    purpose: "Login IP ranges and login hours of the run-as users' profiles (10 names per call).",
    docUrl: `${META_REF}meta_profile.htm`,
    permission: MODIFY_METADATA,
    userPermissions: ['ModifyMetadata'],
  },
  {
    id: 'metadata.readMetadata.ProfileSessionSetting',
    api: 'metadata',
    facet: 'sessionSettings',
    request: {
      kind: 'readMetadata',
      type: 'ProfileSessionSetting',
      sample: ['RunAs Guard Sample'],
    },
    purpose:
      "Session security level and timeout of the run-as users' profiles (10 names per call).",
    docUrl: `${META_REF}meta_profilesessionsetting.htm`,
    permission: MODIFY_METADATA,
    userPermissions: ['ModifyMetadata'],
  },
  {
    id: 'tooling.query.Profile',
    api: 'tooling',
    facet: 'profilePolicies',
    request: {
      kind: 'query',
      soql: 'SELECT Id, Name, FullName, Metadata FROM Profile WHERE Id = {profileId}',
      sample: { values: { profileId: SAMPLE_PROFILE_ID } },
    },
    purpose:
      'Fallback, one query per profile (Salesforce allows one row when selecting Metadata): the full name, login IP ranges and login hours of a profile the Metadata API could not read.',
    docUrl: `${TOOLING_REF}tooling_api_objects_profile.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },

  // -- history
  {
    id: 'rest.query.LoginHistory',
    api: 'rest',
    facet: 'loginHistory',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, UserId, LoginTime, LoginType, Status, Application, SourceIp FROM LoginHistory ' +
        'WHERE UserId IN ({userIds}) AND LoginTime >= LAST_N_DAYS:{days} ORDER BY LoginTime DESC',
      sample: { lists: { userIds: [SAMPLE_USER_ID] }, numbers: { days: 1 } },
      incremental:
        'SELECT Id, UserId, LoginTime, LoginType, Status, Application, SourceIp FROM LoginHistory ' +
        'WHERE UserId IN ({userIds}) AND LoginTime > {since} ORDER BY LoginTime DESC',
    },
    purpose:
      'Logins of the run-as users in the look-back window, or with a history store after its high-water mark (Status and SourceIp are not filterable, so all rows).',
    docUrl: `${OBJECT_REF}sforce_api_objects_loginhistory.htm`,
    permission: 'Manage Users (or Monitor Login History)',
    userPermissions: ['ManageUsers'],
    partialWithout: true,
    note: "Without it Salesforce answers with the auditor's own logins only, silently.",
  },
  {
    id: 'rest.query.SetupAuditTrail',
    api: 'rest',
    facet: 'auditTrail',
    request: {
      kind: 'query',
      soql:
        'SELECT Id, Action, Section, Display, CreatedDate, CreatedBy.Username FROM SetupAuditTrail ' +
        'WHERE CreatedDate >= LAST_N_DAYS:{days} ORDER BY CreatedDate DESC',
      sample: { numbers: { days: 1 } },
      incremental:
        'SELECT Id, Action, Section, Display, CreatedDate, CreatedBy.Username FROM SetupAuditTrail ' +
        'WHERE CreatedDate > {since} ORDER BY CreatedDate DESC',
    },
    purpose:
      'Setup changes in the look-back window, or with a history store after its high-water mark (run-as reassignments, deactivations, freezes, assignment changes).',
    docUrl: `${OBJECT_REF}sforce_api_objects_setupaudittrail.htm`,
    permission: VIEW_SETUP,
    userPermissions: ['ViewSetup'],
  },
  {
    id: 'rest.query.OauthToken',
    api: 'rest',
    facet: 'oauthTokens',
    request: {
      kind: 'query',
      soql: 'SELECT Id, UserId, AppName, CreatedDate, LastUsedDate, UseCount FROM OauthToken WHERE UserId IN ({userIds})',
      sample: { lists: { userIds: [SAMPLE_USER_ID] } },
    },
    purpose: 'OAuth (refresh) tokens held by the run-as users. Token values are never selected.',
    docUrl: `${OBJECT_REF}sforce_api_objects_oauthtoken.htm`,
    permission: 'Customize Application (Manage Users in older API versions)',
    userPermissions: ['CustomizeApplication'],
    partialWithout: true,
    note: "Without it Salesforce answers with the auditor's own tokens only, silently.",
  },
] as const satisfies readonly CatalogEntry[];

export type CatalogId = (typeof entries)[number]['id'];

/**
 * The fields every row of a query's answer must carry. A row without them is not silently skipped:
 * the answer is malformed and the request failed (a dropped assignment or login row could turn a
 * finding into a pass).
 */
export const ROW_FIELDS: Readonly<Partial<Record<CatalogId, readonly string[]>>> = {
  'rest.query.Organization': ['Id', 'IsSandbox', 'TimeZoneSidKey'],
  'tooling.query.ExternalClientApplication': ['Id', 'DeveloperName'],
  'tooling.query.ExtlClntAppOauthPlcyCnfg': ['ExternalClientApplicationId'],
  'tooling.query.ExtlClntAppOauthSettings': ['ExternalClientApplicationId'],
  'rest.query.User': ['Id', 'Username'],
  'rest.query.User.byId': ['Id', 'Username'],
  'rest.query.UserLogin': ['UserId'],
  'rest.query.PermissionSetAssignment': ['AssigneeId'],
  'rest.query.PermissionSet': ['Id', 'Name'],
  'rest.query.PermissionSetGroup': ['Id', 'DeveloperName'],
  'rest.query.PermissionSetGroupComponent': ['PermissionSetGroupId', 'PermissionSetId'],
  'rest.query.MutingPermissionSet': ['Id', 'DeveloperName'],
  'rest.query.ObjectPermissions': ['ParentId', 'SobjectType'],
  'rest.query.FieldPermissions': ['ParentId', 'Field'],
  'tooling.query.Profile': ['Id'],
  // The Id de-duplicates the rows an incremental read sees twice (the overlap).
  'rest.query.LoginHistory': ['Id', 'UserId', 'LoginTime'],
  'rest.query.SetupAuditTrail': ['Id', 'CreatedDate'],
  'rest.query.OauthToken': ['UserId'],
};

/** Facets no live request feeds, and why: a live collection marks them `unsupported`. */
export const NOT_LIVE_FACETS: Readonly<Partial<Record<Facet, string>>> = {
  projectFiles: "the project's files are scanned only with --project",
};

export const CATALOG: readonly (CatalogEntry & { id: CatalogId })[] = entries;

const BY_ID = new Map<string, CatalogEntry>(CATALOG.map((e) => [e.id, e]));

export function catalogEntry(id: CatalogId): CatalogEntry {
  const entry = BY_ID.get(id);
  if (entry === undefined) throw new Error(`no catalog entry ${id}`);
  return entry;
}

/** The SOQL template of a query entry. */
export function soqlTemplate(id: CatalogId): string {
  const { request } = catalogEntry(id);
  if (request.kind !== 'query') throw new Error(`${id} is not a query`);
  return request.soql;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** A SOQL string literal: backslash and quote escaped, control characters refused. */
export function soqlLiteral(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(value))
    throw new Error('a SOQL literal may not contain control characters');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A SOQL datetime literal (unquoted) in UTC, to the second, rounded down: reads never less. */
export function soqlDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (!ISO_INSTANT.test(instant) || Number.isNaN(ms))
    throw new Error(`"${instant}" is not an ISO-8601 instant`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Renders a template; every placeholder must be filled and every list non-empty. */
export function renderSoql(template: string, params: SoqlParams): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'fields') {
      const fields = params.fields ?? [];
      if (fields.length === 0) throw new Error('{fields} needs at least one field');
      for (const f of fields)
        if (!FIELD_NAME.test(f)) throw new Error(`"${f}" is not a field name`);
      return fields.join(', ');
    }
    const list = params.lists?.[name];
    if (list !== undefined) {
      if (list.length === 0) throw new Error(`{${name}} needs at least one value`);
      return list.map(soqlLiteral).join(', ');
    }
    const value = params.values?.[name];
    if (value !== undefined) return soqlLiteral(value);
    const n = params.numbers?.[name];
    if (n !== undefined) {
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`{${name}} must be a whole number`);
      return String(n);
    }
    const instant = params.datetimes?.[name];
    if (instant !== undefined) return soqlDateTime(instant);
    throw new Error(`no value for {${name}}`);
  });
}

/** The SOQL of a query entry with the given values. */
export function soqlOf(id: CatalogId, params: SoqlParams): string {
  return renderSoql(soqlTemplate(id), params);
}
