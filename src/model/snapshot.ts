// What the auditor collected: scoped to the client-credentials apps and their run-as users, versioned,
// replayable offline (`--save-snapshot` / `--snapshot`). Rules read only this (STYLE.md principle 3).

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
  /** Profile login IP ranges, login hours and session settings (Metadata API). */
  'profilePolicies',
  'loginHistory',
  'auditTrail',
  'oauthTokens',
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

export interface OrgSnapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  mode: 'live' | 'project' | 'snapshot' | 'project+live';
  org: { id: string; instanceUrl: string; isSandbox: boolean; name?: string } | null;
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
  /** Every request sent, and the failed ones (SPEC.md section 4, `collection`). */
  apiRequests: number;
}
