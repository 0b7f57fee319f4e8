// What the auditor collected: scoped to the client-credentials apps and their run-as users, versioned,
// replayable offline (`--save-snapshot` / `--snapshot`). Rules read only this (docs/architecture.md 4.3).

import { z } from 'zod';

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

export type LedgerEntry =
  | { status: 'ok'; requests: number }
  | {
      status: 'failed';
      /** The request that failed, as the request catalog names it (e.g. `metadata.readMetadata.ConnectedApp`). */
      request: string;
      errorCode: string;
      message: string;
      /** What the auditing user needs for this request (e.g. `Modify Metadata`). */
      permission?: string;
    }
  | { status: 'unsupported'; reason: string };

export type Ledger = Partial<Record<Facet, LedgerEntry>>;

/** A facet, or `org`: the org's identity and clock, which every facet needs. */
export type CollectionFacet = Facet | 'org';

/** One request that failed (the report's `collection.failedRequests`). */
export interface FailedRequest {
  /** The request catalog id (`metadata.listMetadata.apps`). */
  request: string;
  facet: CollectionFacet;
  /** Salesforce's code (`INSUFFICIENT_ACCESS`, `INVALID_TYPE`, `ERROR_HTTP_503`, ...). */
  errorCode: string;
  /** Salesforce's message, secrets redacted. */
  message: string;
  /** What the auditing user needs for this request. */
  permission?: string;
  /** Set when another request supplied the same data (the facet is then not failed). */
  recoveredBy?: string;
}

export interface SnapshotUser {
  id?: string;
  username: string;
  name?: string;
  isActive: boolean;
  userType?: string;
  /** Profile label (Profile.Name) and metadata full name when known. */
  profileName: string;
  profileFullName?: string;
  userLicense?: string;
  isFrozen?: boolean;
  isPasswordLocked?: boolean;
  lastLoginDate?: string;
}

export interface SnapshotAssignment {
  username: string;
  permissionSet?: string;
  permissionSetGroup?: string;
  expirationDate?: string;
}

export interface LoginHistoryEntry {
  username: string;
  loginTime: string;
  loginType: string;
  status: string;
  application?: string;
  sourceIp?: string;
}

export interface AuditTrailEntry {
  action: string;
  section?: string;
  display: string;
  createdDate: string;
  createdBy?: string;
}

export interface OauthTokenEntry {
  username: string;
  appName: string;
  createdDate?: string;
  lastUsedDate?: string;
  useCount?: number;
}

/**
 * A consumer secret or private key found in a project file (RG-0026): where it is and what, never
 * the value.
 */
export interface SourceSecret {
  /** Path relative to the project root, `/`-separated. */
  file: string;
  /** 1-based line where the secret starts. */
  line: number;
  kind: SourceSecretKind;
  /** Developer name of the app whose metadata the file is, when it is an app's. */
  app?: string;
}

export const SOURCE_SECRET_KINDS = ['consumerSecret', 'privateKey'] as const;
export type SourceSecretKind = (typeof SOURCE_SECRET_KINDS)[number];

export interface OrgSnapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  mode: 'live' | 'project' | 'snapshot' | 'project+live';
  /** `timeZone`: the org's default time zone (Organization.TimeZoneSidKey), for login hours. */
  org: {
    id: string;
    instanceUrl: string;
    isSandbox: boolean;
    name?: string;
    timeZone?: string;
  } | null;
  project: { name: string; path: string } | null;
  /** The org's clock at collection (the `Date` header in live mode). */
  collectedAt: string;
  apps: ClientApp[];
  /** Run-as users (and Apex handler users) that exist; a configured username absent here does not exist. */
  users: SnapshotUser[];
  profiles: ProfileDef[];
  permissionSets: PermissionSetDef[];
  mutingPermissionSets: MutingPermissionSetDef[];
  permissionSetGroups: PermissionSetGroupDef[];
  assignments: SnapshotAssignment[];
  /** Objects Modify All Data / View All Data reach, and their fields (for View All Fields). */
  objects: Record<string, string[]>;
  loginHistory: LoginHistoryEntry[];
  auditTrail: AuditTrailEntry[];
  oauthTokens: OauthTokenEntry[];
  ledger: Ledger;
  /** Every request sent, and the failed ones (the report's `collection`). */
  apiRequests: number;
  /** Requests sent again after a transient failure (live collection; counted in apiRequests). */
  retries?: number;
  /** The failed requests in the order they were sent; absent in snapshots built without a tracker. */
  failedRequests?: FailedRequest[];
  /** The Salesforce API version of a live collection (`62.0`). */
  apiVersion?: string;
  /** Secrets found in the project's files (facet `projectFiles`); project modes only. */
  sourceSecrets?: SourceSecret[];
}

// ---------------------------------------------------------------------------------------------
// The zod schema of a snapshot file (read back with `--snapshot`). Strict: a key the types do not
// know is an error, so a snapshot written by a newer tool is not half-read.

const text = z.string();
const optionalText = z.string().optional();

const SourceLocationSchema = z.strictObject({ file: text, line: z.number().int().optional() });

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
const dayHours = z.strictObject({ start: minutes, end: minutes }).optional();

const ProfileSchema = z.strictObject({
  kind: z.literal('Profile'),
  fullName: text,
  name: text,
  custom: z.boolean(),
  userLicense: text,
  description: optionalText,
  loginIpRanges: z.array(z.strictObject({ start: text, end: text, description: optionalText })),
  loginHours: z
    .strictObject({
      monday: dayHours,
      tuesday: dayHours,
      wednesday: dayHours,
      thursday: dayHours,
      friday: dayHours,
      saturday: dayHours,
      sunday: dayHours,
    })
    .optional(),
  requiredSessionLevel: optionalText,
  sessionTimeoutMinutes: z.number().int().min(0).optional(),
  location: SourceLocationSchema.optional(),
  ...PermissionContentShape,
});

const PermissionSetSchema = z.strictObject({
  kind: z.literal('PermissionSet'),
  name: text,
  label: text,
  description: optionalText,
  license: optionalText,
  hasActivationRequired: z.boolean(),
  location: SourceLocationSchema.optional(),
  ...PermissionContentShape,
});

const MutingPermissionSetSchema = z.strictObject({
  kind: z.literal('MutingPermissionSet'),
  name: text,
  label: text,
  description: optionalText,
  location: SourceLocationSchema.optional(),
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
  location: SourceLocationSchema.optional(),
});

const ClientAppSchema = z.strictObject({
  type: z.enum(['ConnectedApp', 'ExternalClientApplication']),
  name: text,
  label: text,
  consumerKey: optionalText,
  clientCredentialsEnabled: z.boolean(),
  globalClientCredentialsEnabled: z.boolean().optional(),
  policyClientCredentialsEnabled: z.boolean().optional(),
  runAsUsername: optionalText,
  adminApproved: z.boolean(),
  preAuthorizedProfiles: z.array(text),
  preAuthorizedPermissionSets: z.array(text),
  scopes: z.array(text),
  ipRelaxation: optionalText,
  refreshTokenPolicy: optionalText,
  requiredSessionLevel: optionalText,
  sessionTimeoutMinutes: z.number().int().min(0).optional(),
  handlerRunAsUsername: optionalText,
  enabled: z.boolean(),
  location: SourceLocationSchema,
});

const FacetSchema = z.enum(FACETS);

const LedgerEntrySchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ok'), requests: z.number().int().min(0) }),
  z.strictObject({
    status: z.literal('failed'),
    request: text,
    errorCode: text,
    message: text,
    permission: optionalText,
  }),
  z.strictObject({ status: z.literal('unsupported'), reason: text }),
]);

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 date');

export const OrgSnapshotSchema = z.strictObject({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  tool: z.strictObject({ name: text, version: text }),
  mode: z.enum(['live', 'project', 'snapshot', 'project+live']),
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
  collectedAt: isoDate,
  apps: z.array(ClientAppSchema),
  users: z.array(
    z.strictObject({
      id: optionalText,
      username: text,
      name: optionalText,
      isActive: z.boolean(),
      userType: optionalText,
      profileName: text,
      profileFullName: optionalText,
      userLicense: optionalText,
      isFrozen: z.boolean().optional(),
      isPasswordLocked: z.boolean().optional(),
      lastLoginDate: optionalText,
    }),
  ),
  profiles: z.array(ProfileSchema),
  permissionSets: z.array(PermissionSetSchema),
  mutingPermissionSets: z.array(MutingPermissionSetSchema),
  permissionSetGroups: z.array(PermissionSetGroupSchema),
  assignments: z.array(
    z.strictObject({
      username: text,
      permissionSet: optionalText,
      permissionSetGroup: optionalText,
      expirationDate: optionalText,
    }),
  ),
  objects: z.record(text, z.array(text)),
  loginHistory: z.array(
    z.strictObject({
      username: text,
      loginTime: text,
      loginType: text,
      status: text,
      application: optionalText,
      sourceIp: optionalText,
    }),
  ),
  auditTrail: z.array(
    z.strictObject({
      action: text,
      section: optionalText,
      display: text,
      createdDate: text,
      createdBy: optionalText,
    }),
  ),
  oauthTokens: z.array(
    z.strictObject({
      username: text,
      appName: text,
      createdDate: optionalText,
      lastUsedDate: optionalText,
      useCount: z.number().int().optional(),
    }),
  ),
  ledger: z.partialRecord(FacetSchema, LedgerEntrySchema),
  apiRequests: z.number().int().min(0),
  retries: z.number().int().min(0).optional(),
  failedRequests: z
    .array(
      z.strictObject({
        request: text,
        facet: z.enum([...FACETS, 'org']),
        errorCode: text,
        message: text,
        permission: optionalText,
        recoveredBy: optionalText,
      }),
    )
    .optional(),
  apiVersion: optionalText,
  sourceSecrets: z
    .array(
      z.strictObject({
        file: text,
        line: z.number().int().min(1),
        kind: z.enum(SOURCE_SECRET_KINDS),
        app: optionalText,
      }),
    )
    .optional(),
});
