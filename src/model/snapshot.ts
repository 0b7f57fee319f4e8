// What the auditor collected: scoped to the client-credentials apps and their run-as users, versioned,
// replayable offline (`--save-snapshot` / `--snapshot`). Rules read only this (docs/architecture.md 4.3).
// The zod schema below is the contract: OrgSnapshot and its parts are the types inferred from it.

import { z } from 'zod';

import { FailedRequestSchema } from './finding.js';
import type { ClientApp } from './org.js';
import type {
  MutingPermissionSetDef,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
} from './permissions.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/**
 * Fact families. Each is collected by its own requests; a rule declares the facets it needs, and the
 * engine turns a failed or unsupported facet into `not-evaluated` with the reason.
 */
export const FACETS = [
  /** Client-credentials apps and their configured run-as users. */
  'apps',
  /** User records of run-as users: existence, IsActive, profile, licence. */
  'users',
  /** UserLogin: IsFrozen, IsPasswordLocked (needs Manage Users). */
  'userLogin',
  /** Profiles, permission sets, groups, muting sets and assignments of run-as users. */
  'access',
  /** Profile login IP ranges and login hours (Metadata API, or the Tooling Profile query). */
  'profilePolicies',
  /** Profile session settings: required session level, timeout (ProfileSessionSetting metadata only). */
  'sessionSettings',
  'loginHistory',
  'auditTrail',
  'oauthTokens',
  /**
   * The project's files, scanned for consumer secrets and private keys (`sourceSecrets`, RG-0026).
   * Only with `--project`: a live collection marks it unsupported.
   */
  'projectFiles',
] as const;
export type Facet = (typeof FACETS)[number];

// ---------------------------------------------------------------------------------------------
// The zod schema of a snapshot file (read back with `--snapshot`). Strict: a key the schema does not
// know is an error, so a snapshot written by a newer tool is not half-read. Optional keys are
// exact (absent, never `undefined`), as JSON has them and as the model's interfaces declare them.

const text = z.string();
const optionalText = z.exactOptional(z.string());

const SourceLocationSchema = z.strictObject({
  file: text,
  line: z.exactOptional(z.number().int()),
});

const ObjectPermissionSchema = z.strictObject({
  allowRead: z.boolean(),
  allowCreate: z.boolean(),
  allowEdit: z.boolean(),
  allowDelete: z.boolean(),
  viewAllRecords: z.boolean(),
  modifyAllRecords: z.boolean(),
  viewAllFields: z.boolean(),
});

const PermissionContentShape = {
  userPermissions: z.array(text),
  objectPermissions: z.record(text, ObjectPermissionSchema),
  fieldPermissions: z.record(
    text,
    z.strictObject({ readable: z.boolean(), editable: z.boolean() }),
  ),
};

const minutes = z.number().int().min(0).max(1440);
const dayHours = z.exactOptional(z.strictObject({ start: minutes, end: minutes }));

const ProfileSchema = z.strictObject({
  kind: z.literal('Profile'),
  fullName: text,
  name: text,
  custom: z.boolean(),
  userLicense: text,
  description: optionalText,
  loginIpRanges: z.array(z.strictObject({ start: text, end: text, description: optionalText })),
  loginHours: z.exactOptional(
    z.strictObject({
      monday: dayHours,
      tuesday: dayHours,
      wednesday: dayHours,
      thursday: dayHours,
      friday: dayHours,
      saturday: dayHours,
      sunday: dayHours,
    }),
  ),
  requiredSessionLevel: optionalText,
  sessionTimeoutMinutes: z.exactOptional(z.number().int().min(0)),
  location: z.exactOptional(SourceLocationSchema),
  ...PermissionContentShape,
});

const PermissionSetSchema = z.strictObject({
  kind: z.literal('PermissionSet'),
  name: text,
  label: text,
  description: optionalText,
  license: optionalText,
  hasActivationRequired: z.boolean(),
  location: z.exactOptional(SourceLocationSchema),
  ...PermissionContentShape,
});

const MutingPermissionSetSchema = z.strictObject({
  kind: z.literal('MutingPermissionSet'),
  name: text,
  label: text,
  description: optionalText,
  location: z.exactOptional(SourceLocationSchema),
  ...PermissionContentShape,
});

const PermissionSetGroupSchema = z.strictObject({
  kind: z.literal('PermissionSetGroup'),
  name: text,
  label: text,
  description: optionalText,
  permissionSets: z.array(text),
  mutingPermissionSet: optionalText,
  hasActivationRequired: z.boolean(),
  status: z.enum(['Updated', 'Outdated', 'Updating', 'Failed']),
  location: z.exactOptional(SourceLocationSchema),
});

const ClientAppSchema = z.strictObject({
  type: z.enum(['ConnectedApp', 'ExternalClientApplication']),
  name: text,
  label: text,
  consumerKey: optionalText,
  clientCredentialsEnabled: z.boolean(),
  globalClientCredentialsEnabled: z.exactOptional(z.boolean()),
  policyClientCredentialsEnabled: z.exactOptional(z.boolean()),
  runAsUsername: optionalText,
  adminApproved: z.boolean(),
  preAuthorizedProfiles: z.array(text),
  preAuthorizedPermissionSets: z.array(text),
  scopes: z.array(text),
  ipRelaxation: optionalText,
  refreshTokenPolicy: optionalText,
  requiredSessionLevel: optionalText,
  sessionTimeoutMinutes: z.exactOptional(z.number().int().min(0)),
  handlerRunAsUsername: optionalText,
  enabled: z.boolean(),
  location: SourceLocationSchema,
});

const FacetSchema = z.enum(FACETS);

/** A facet, or `org`: the org's identity and clock, which every facet needs. */
const CollectionFacetSchema = z.enum([...FACETS, 'org']);
export type CollectionFacet = z.infer<typeof CollectionFacetSchema>;

/**
 * One request that failed, as the snapshot records it (`failedRequests`): the report's
 * FailedRequest (src/model/finding.ts, the one definition of its fields) plus the facet it was
 * for and, when another request supplied the same data, that request (the facet is then not failed).
 */
const FailedRequestEntrySchema = FailedRequestSchema.extend({
  facet: CollectionFacetSchema,
  recoveredBy: optionalText,
});
export type FailedRequestEntry = z.infer<typeof FailedRequestEntrySchema>;

const LedgerEntrySchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ok'), requests: z.number().int().min(0) }),
  // The request that failed, as the request catalog names it (`metadata.readMetadata.ConnectedApp`).
  FailedRequestSchema.extend({ status: z.literal('failed') }),
  z.strictObject({ status: z.literal('unsupported'), reason: text }),
]);
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

const LedgerSchema = z.partialRecord(FacetSchema, LedgerEntrySchema);
export type Ledger = z.infer<typeof LedgerSchema>;

const SnapshotUserSchema = z.strictObject({
  id: optionalText,
  username: text,
  name: optionalText,
  isActive: z.boolean(),
  userType: optionalText,
  /** Profile label (Profile.Name) and metadata full name when known. */
  profileName: text,
  profileFullName: optionalText,
  userLicense: optionalText,
  isFrozen: z.exactOptional(z.boolean()),
  isPasswordLocked: z.exactOptional(z.boolean()),
  lastLoginDate: optionalText,
});
export type SnapshotUser = z.infer<typeof SnapshotUserSchema>;

const SnapshotAssignmentSchema = z.strictObject({
  username: text,
  permissionSet: optionalText,
  permissionSetGroup: optionalText,
  expirationDate: optionalText,
});
export type SnapshotAssignment = z.infer<typeof SnapshotAssignmentSchema>;

export const LoginHistoryEntrySchema = z.strictObject({
  /** Salesforce record Id (0Ya): de-duplicates an incremental read's overlap. Absent in older snapshots. */
  id: optionalText,
  username: text,
  loginTime: text,
  loginType: text,
  status: text,
  application: optionalText,
  sourceIp: optionalText,
});
export type LoginHistoryEntry = z.infer<typeof LoginHistoryEntrySchema>;

export const AuditTrailEntrySchema = z.strictObject({
  /** Salesforce record Id (0Ym): de-duplicates an incremental read's overlap. Absent in older snapshots. */
  id: optionalText,
  action: text,
  section: optionalText,
  display: text,
  createdDate: text,
  createdBy: optionalText,
});
export type AuditTrailEntry = z.infer<typeof AuditTrailEntrySchema>;

const OauthTokenEntrySchema = z.strictObject({
  username: text,
  appName: text,
  createdDate: optionalText,
  lastUsedDate: optionalText,
  useCount: z.exactOptional(z.number().int()),
});
export type OauthTokenEntry = z.infer<typeof OauthTokenEntrySchema>;

/** `accessToken`: a Salesforce access or session token (`<org id>!<token>`). */
export const SOURCE_SECRET_KINDS = ['consumerSecret', 'privateKey', 'accessToken'] as const;
export type SourceSecretKind = (typeof SOURCE_SECRET_KINDS)[number];

/**
 * A consumer secret or private key found in a project file (RG-0026): where it is and what, never
 * the value. `file` is relative to the project root, `/`-separated; `line` is 1-based, where the
 * secret starts; `app` is the developer name of the app whose metadata the file is.
 */
const SourceSecretSchema = z.strictObject({
  file: text,
  line: z.number().int().min(1),
  kind: z.enum(SOURCE_SECRET_KINDS),
  app: optionalText,
});
export type SourceSecret = z.infer<typeof SourceSecretSchema>;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 date');

export const OrgSnapshotSchema = z.strictObject({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  tool: z.strictObject({ name: text, version: text }),
  mode: z.enum(['live', 'project', 'snapshot', 'project+live']),
  /** `timeZone`: the org's default time zone (Organization.TimeZoneSidKey), for login hours. */
  org: z
    .strictObject({
      id: text,
      instanceUrl: text,
      isSandbox: z.boolean(),
      name: optionalText,
      timeZone: optionalText,
    })
    .nullable(),
  project: z.strictObject({ name: text, path: text }).nullable(),
  /** The org's clock at collection (the `Date` header in live mode). */
  collectedAt: isoDate,
  apps: z.array(ClientAppSchema),
  /** Run-as users (and Apex handler users) that exist; a configured username absent here does not exist. */
  users: z.array(SnapshotUserSchema),
  profiles: z.array(ProfileSchema),
  permissionSets: z.array(PermissionSetSchema),
  mutingPermissionSets: z.array(MutingPermissionSetSchema),
  permissionSetGroups: z.array(PermissionSetGroupSchema),
  assignments: z.array(SnapshotAssignmentSchema),
  /** Objects Modify All Data / View All Data reach, and their fields (for View All Fields). */
  objects: z.record(text, z.array(text)),
  loginHistory: z.array(LoginHistoryEntrySchema),
  auditTrail: z.array(AuditTrailEntrySchema),
  oauthTokens: z.array(OauthTokenEntrySchema),
  ledger: LedgerSchema,
  /** Every request sent (the report's `collection.apiRequests`). */
  apiRequests: z.number().int().min(0),
  /** The org's daily API usage from the last `Sforce-Limit-Info` header seen (live collection). */
  apiUsage: z.exactOptional(
    z.object({ used: z.number().int().min(0), max: z.number().int().min(0) }).strict(),
  ),
  /** Requests sent again after a transient failure (live collection; counted in apiRequests). */
  retries: z.exactOptional(z.number().int().min(0)),
  /** The failed requests in the order they were sent; absent in snapshots built without a tracker. */
  failedRequests: z.exactOptional(z.array(FailedRequestEntrySchema)),
  /** The Salesforce API version of a live collection (`62.0`). */
  apiVersion: optionalText,
  /**
   * project+live: run-as and handler usernames of the project's apps that the org collection did not
   * look up (no org app runs as them). Their user state is missing, not absent: the integrations
   * they serve are not evaluated by rules that read it; the others are (docs/adr/0012-rule-facets.md).
   */
  notLookedUp: z.exactOptional(z.array(text)),
  /** Secrets found in the project's files (facet `projectFiles`); project modes only. */
  sourceSecrets: z.exactOptional(z.array(SourceSecretSchema)),
});

/** What the auditor collected: the type of a valid snapshot file, inferred from its schema. */
export type OrgSnapshot = z.infer<typeof OrgSnapshotSchema>;

// The model's own interfaces (src/model/org.ts, permissions.ts) are shared with the emulator; the
// schema must describe exactly them: the same keys, each assignable both ways, checked at compile time.
type Same<A, B> = [A, keyof A] extends [B, keyof B]
  ? [B, keyof B] extends [A, keyof A]
    ? true
    : false
  : false;
function sameType<A, B>(ok: Same<A, B>): Same<A, B> {
  return ok;
}
sameType<OrgSnapshot['apps'][number], ClientApp>(true);
sameType<OrgSnapshot['profiles'][number], ProfileDef>(true);
sameType<OrgSnapshot['permissionSets'][number], PermissionSetDef>(true);
sameType<OrgSnapshot['mutingPermissionSets'][number], MutingPermissionSetDef>(true);
sameType<OrgSnapshot['permissionSetGroups'][number], PermissionSetGroupDef>(true);
