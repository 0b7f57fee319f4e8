// What a rule sees (its context) and how it reports. Rules are pure and synchronous: everything
// they read is in the context, everything they say goes through pass / fail / skip.

import type { Manifest, ManifestIntegration } from '../manifest/schema.js';
import type { EffectiveAccess } from '../model/effective/types.js';
import type { Finding, Severity } from '../model/finding.js';
import type { ClientApp } from '../model/org.js';
import type {
  AuditTrailEntry,
  Facet,
  LedgerEntry,
  LoginHistoryEntry,
  OauthTokenEntry,
  OrgSnapshot,
  SnapshotUser,
} from '../model/snapshot.js';

/** One client-credentials app and its configured run-as user (the report's unit of findings). */
export interface Integration {
  app: ClientApp;
  /** The configured run-as username; undefined when none is set (RG-0001). */
  username?: string;
  /** The user record; undefined when the username does not exist in the snapshot. */
  user?: SnapshotUser;
  /** Effective access at the evaluation time; undefined without a user or a known profile. */
  access?: EffectiveAccess;
}

/** An integration whose run-as user exists. */
export interface RunAsUser extends Integration {
  username: string;
  user: SnapshotUser;
}

/** An integration whose run-as user exists and whose effective access is resolved. */
export interface RunAsUserWithAccess extends RunAsUser {
  access: EffectiveAccess;
}

/** `settings:` of the manifest (docs/manifest.md); defaults apply without a manifest. */
export interface Settings {
  /** The auditor's own apps: not audited as integrations. */
  auditorApps: readonly string[];
  expiringAssignmentDays: number;
  dormantDays: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  auditorApps: [],
  expiringAssignmentDays: 14,
  dormantDays: 90,
};

/**
 * Items an evidence list that grows with the org lists by default: enough to act on the first
 * ones, few enough that 300 apps' reports stay readable; counts say what was left out.
 */
export const EVIDENCE_ITEMS = 10;

/** Values for a message's `{{placeholders}}`; lists are joined with ", ". */
export type MessageData = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export type Evidence = NonNullable<Finding['evidence']>;

/**
 * A project file (RG-0026, scope `source-file`): `sourceFile` is its path relative to the project
 * root, `app` the app whose metadata it is, or the project's name for a file of no app.
 */
export interface SourceFileRef {
  sourceFile: string;
  app: string;
}

/**
 * What a finding is about: an integration (or run-as user) for a rule about run-as users, an app
 * (or integration) for a rule about an app's configuration, a manifest entry (scope
 * `manifest-integration`) or a project file (scope `source-file`); the rule's `scope` decides.
 */
export type ResourceRef = Integration | ClientApp | ManifestIntegration | SourceFileRef;

export interface FailOptions {
  /** For rules with two severities (docs/rules/): one of `meta.severity` and `meta.severities`. */
  severity?: Severity;
}

/** Profiles, permission sets, groups, muting sets, the run-as users' assignments and the objects. */
export type AccessFacet = Readonly<
  Pick<
    OrgSnapshot,
    | 'profiles'
    | 'permissionSets'
    | 'mutingPermissionSets'
    | 'permissionSetGroups'
    | 'assignments'
    | 'objects'
  >
>;

/**
 * What each facet gives a rule (`ctx.facet(name)`). The profile facets give the profiles whose
 * policy fields they supply: `profilePolicies` the login IP ranges and login hours,
 * `sessionSettings` the required session level and timeout; `userLogin` the User records whose
 * `isFrozen` and `isPasswordLocked` it supplies.
 */
export interface FacetData {
  apps: readonly ClientApp[];
  users: readonly SnapshotUser[];
  userLogin: readonly SnapshotUser[];
  access: AccessFacet;
  profilePolicies: Readonly<Pick<OrgSnapshot, 'profiles'>>;
  sessionSettings: Readonly<Pick<OrgSnapshot, 'profiles'>>;
  loginHistory: readonly LoginHistoryEntry[];
  auditTrail: readonly AuditTrailEntry[];
  oauthTokens: readonly OauthTokenEntry[];
  projectFiles: Readonly<Pick<OrgSnapshot, 'project' | 'sourceSecrets'>>;
}

/** An optional facet (`optional` of the rule): its data when collected, else its ledger entry. */
export type OptionalFacet<F extends Facet> =
  | { collected: true; data: FacetData[F] }
  /** `entry` undefined: the facet was not collected at all. */
  | { collected: false; entry: Exclude<LedgerEntry, { status: 'ok' }> | undefined };

/** Where the snapshot came from; none of it is org data a facet gates. */
export interface CollectionInfo {
  readonly mode: OrgSnapshot['mode'];
  /** The org's identity (null in project mode). */
  readonly org: OrgSnapshot['org'];
  /** The SFDX project (null without --project). */
  readonly project: OrgSnapshot['project'];
}

export interface RuleContext<M extends string = string> {
  /** The mode, org and project of the snapshot. */
  readonly collection: CollectionInfo;
  /**
   * The data of a facet the rule declares in `requires` (the engine has gated on it, so it was
   * collected). Throws for a facet not in `requires`: a rule reads org data only through what it
   * declares, so `not-evaluated` cannot be bypassed (docs/adr/0012-rule-facets.md).
   */
  facet<F extends Facet>(name: F): FacetData[F];
  /** A facet the rule declares in `optional`: its data when it was collected; throws otherwise. */
  optionalFacet<F extends Facet>(name: F): OptionalFacet<F>;
  /** Evaluation time, ISO-8601: the snapshot's `collectedAt` unless overridden. */
  readonly now: string;
  /** Every app in the snapshot, the flow enabled or not, auditor apps included. */
  readonly apps: readonly ClientApp[];
  /**
   * One per app with the client credentials flow enabled (auditor apps excluded), less those whose
   * facets are unavailable for this rule (a project integration without `runAsAccess`): the
   * engine reports those `not-evaluated` itself.
   */
  readonly integrations: readonly Integration[];
  readonly settings: Readonly<Settings>;
  /** The integration manifest once one is loaded (docs/manifest.md); undefined without. */
  readonly manifest: Manifest | undefined;
  /**
   * The sandbox suffix in force (`--sandbox-suffix`, else the manifest's per-org or default one;
   * see resolveSandboxSuffix), without its dot; undefined when none applies.
   */
  readonly sandboxSuffix: string | undefined;
  /**
   * How many items to list in an evidence list that grows with the org's grants or apps
   * (EVIDENCE_ITEMS; Infinity with `--full-evidence`). A rule that cuts a list says so in
   * `evidence.listing` (docs/adr/0023-shared-access-and-summarised-evidence.md).
   */
  readonly evidenceItems: number;
  /**
   * Integrations whose run-as user exists. For each one whose configured user does not exist the
   * engine reports `skip` (RG-0002 reports the missing user); integrations without a run-as user
   * are not examined (RG-0001).
   */
  runAsUsers(): RunAsUser[];
  /** As runAsUsers(), and the engine reports `error` where effective access could not be resolved. */
  runAsUsersWithAccess(): RunAsUserWithAccess[];
  pass(ref: ResourceRef, messageId: M, data?: MessageData, evidence?: Evidence): void;
  fail(
    ref: ResourceRef,
    messageId: M,
    data?: MessageData,
    evidence?: Evidence,
    options?: FailOptions,
  ): void;
  skip(ref: ResourceRef, messageId: M, data?: MessageData): void;
  /**
   * A fact this check needs for this resource is missing: `facet` was not collected (a failed
   * request, or the mode). For rules that use a facet they do not require (to fail on what other
   * facets show): never `skip` or `pass` on data that was not read.
   */
  notCollected(ref: ResourceRef, facet: Facet): void;
}
