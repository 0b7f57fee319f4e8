// What the audit knows about one app and its run-as user, in the form the diagnosis ranks causes
// with. `undefined` always means "the audit does not know" (not collected, or not available in the
// mode), never "false": a missing fact must not rule a cause out.

import type { EffectiveAccess } from '../model/effective/types.js';
import type { Finding } from '../model/finding.js';
import type { AppType, ClientApp } from '../model/org.js';
import type { IpRange, LoginHours, ProfileDef } from '../model/permissions.js';
import {
  assignmentsOf,
  heldPermissionSets,
  preAuthorization,
  profileOf,
  snapshotUserAccess,
} from '../model/policy/index.js';
import type { AuditTrailEntry, Facet, OrgSnapshot, SnapshotUser } from '../model/snapshot.js';

export interface AppFacts {
  name: string;
  type: AppType;
  label?: string;
  consumerKey?: string;
  clientCredentialsEnabled: boolean;
  globalClientCredentialsEnabled?: boolean;
  policyClientCredentialsEnabled?: boolean;
  runAsUsername?: string;
  adminApproved: boolean;
  preAuthorizedProfiles: readonly string[];
  preAuthorizedPermissionSets: readonly string[];
  scopes: readonly string[];
  ipRelaxation?: string;
  requiredSessionLevel?: string;
  sessionTimeoutMinutes?: number;
}

/** A profile's login and session policies (the `profilePolicies` facet). */
export interface ProfilePolicies {
  loginIpRanges: readonly IpRange[];
  /** Undefined when unrestricted. */
  loginHours?: LoginHours;
  /** `HIGH_ASSURANCE` when the profile's session settings require it. */
  requiredSessionLevel?: string;
  sessionTimeoutMinutes?: number;
}

export interface ProfileFacts {
  /** Profile.Name (the label). */
  name: string;
  fullName?: string;
  /** Undefined when the audit could not read them. */
  policies?: ProfilePolicies;
}

export interface UserFacts {
  id?: string;
  username: string;
  name?: string;
  isActive?: boolean;
  isFrozen?: boolean;
  isPasswordLocked?: boolean;
  userLicense?: string;
  profile?: ProfileFacts;
  /** Effective access at the audit's time; undefined when it could not be resolved. */
  access?: EffectiveAccess;
  /** Permission sets held (directly or through a group, unexpired), when assignments are known. */
  permissionSets?: readonly string[];
}

export interface AuditFacts {
  /** The org's My Domain URL (`https://acme.my.salesforce.com`). */
  myDomainUrl?: string;
  /** The org's default time zone: login hours are in it. */
  timeZone?: string;
  /** False: the audit found no app of that name. */
  appExists?: boolean;
  app?: AppFacts;
  /** Whether the run-as user's profile or a permission set it holds is pre-authorized for the app. */
  preAuthorized?: boolean;
  /** False: the configured run-as username is not a user of the org (RG-0002). */
  runAsUserExists?: boolean;
  user?: UserFacts;
  /** The org's objects under object permissions, each with its field-level-security fields. */
  objects?: Readonly<Record<string, readonly string[]>>;
  /** Where the integration's token requests come from (manifest `network.egressIps`). */
  egressIps?: readonly string[];
  /** Rule ids failing for this app (docs/rules/). */
  failingRules: readonly string[];
  /** Rule ids passing for this app: the audit checked and found nothing. */
  passingRules: readonly string[];
  /** Setup Audit Trail entries about the run-as user or the app, newest first. */
  auditTrail: readonly AuditTrailEntry[];
}

/** Facts that say nothing: every cause keeps its catalog rank. */
export function noFacts(): AuditFacts {
  return { failingRules: [], passingRules: [], auditTrail: [] };
}

export type FindingLike = Pick<Finding, 'ruleId' | 'status' | 'app'>;

export interface FactsOptions {
  /** Evaluation time (ISO-8601); default the snapshot's `collectedAt`. */
  now?: string;
  /** The org's default time zone (Organization.TimeZoneSidKey), for login hours. */
  timeZone?: string;
  /** The manifest's `network.egressIps` for this integration. */
  egressIps?: readonly string[];
}

/**
 * The facts of one app from an audit snapshot and, optionally, the audit's findings. Facets that
 * failed or are unsupported in the snapshot's mode (user state in project mode) stay unknown.
 */
export function factsFromSnapshot(
  snapshot: OrgSnapshot,
  appName: string,
  findings: readonly FindingLike[] = [],
  options: FactsOptions = {},
): AuditFacts {
  const now = options.now ?? snapshot.collectedAt;
  const has = (facet: Facet): boolean => snapshot.ledger[facet]?.status === 'ok';
  const own = findings.filter((f) => f.app === appName);
  const facts: AuditFacts = {
    ...(snapshot.org !== null ? { myDomainUrl: snapshot.org.instanceUrl } : {}),
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.egressIps !== undefined ? { egressIps: [...options.egressIps] } : {}),
    failingRules: unique(own.filter((f) => f.status === 'fail').map((f) => f.ruleId)),
    passingRules: unique(own.filter((f) => f.status === 'pass').map((f) => f.ruleId)),
    auditTrail: [],
  };
  if (has('access')) facts.objects = snapshot.objects;

  const app = snapshot.apps.find((a) => a.name === appName);
  if (app === undefined) {
    if (has('apps')) facts.appExists = false;
    return facts;
  }
  facts.appExists = true;
  facts.app = appFacts(app);

  const username = app.runAsUsername?.trim();
  const user =
    username === undefined || username === ''
      ? undefined
      : snapshot.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (username !== undefined && username !== '' && has('users'))
    facts.runAsUserExists = user !== undefined;

  facts.auditTrail = has('auditTrail') ? trailAbout(snapshot.auditTrail, app, user) : [];
  if (user === undefined) return facts;
  facts.user = userFacts(snapshot, user, now, has);
  const held = facts.user.permissionSets;
  if (held !== undefined && facts.user.profile !== undefined)
    facts.preAuthorized = isPreAuthorized(app, facts.user.profile, held);
  return facts;
}

function appFacts(app: ClientApp): AppFacts {
  const facts: AppFacts = {
    name: app.name,
    type: app.type,
    label: app.label,
    // An ECA whose app policies are disabled does not serve the flow either.
    clientCredentialsEnabled: app.clientCredentialsEnabled && app.enabled,
    adminApproved: app.adminApproved,
    preAuthorizedProfiles: app.preAuthorizedProfiles,
    preAuthorizedPermissionSets: app.preAuthorizedPermissionSets,
    scopes: app.scopes,
  };
  if (app.consumerKey !== undefined) facts.consumerKey = app.consumerKey;
  if (app.globalClientCredentialsEnabled !== undefined)
    facts.globalClientCredentialsEnabled = app.globalClientCredentialsEnabled;
  if (app.policyClientCredentialsEnabled !== undefined)
    facts.policyClientCredentialsEnabled = app.policyClientCredentialsEnabled;
  if (app.runAsUsername !== undefined) facts.runAsUsername = app.runAsUsername;
  if (app.ipRelaxation !== undefined) facts.ipRelaxation = app.ipRelaxation;
  if (app.requiredSessionLevel !== undefined) facts.requiredSessionLevel = app.requiredSessionLevel;
  if (app.sessionTimeoutMinutes !== undefined)
    facts.sessionTimeoutMinutes = app.sessionTimeoutMinutes;
  return facts;
}

function userFacts(
  snapshot: OrgSnapshot,
  user: SnapshotUser,
  now: string,
  has: (facet: Facet) => boolean,
): UserFacts {
  const facts: UserFacts = {
    username: user.username,
    ...(user.id !== undefined ? { id: user.id } : {}),
    ...(user.name !== undefined ? { name: user.name } : {}),
    ...(user.userLicense !== undefined ? { userLicense: user.userLicense } : {}),
  };
  if (has('users')) facts.isActive = user.isActive;
  if (has('userLogin')) {
    if (user.isFrozen !== undefined) facts.isFrozen = user.isFrozen;
    if (user.isPasswordLocked !== undefined) facts.isPasswordLocked = user.isPasswordLocked;
  }
  const profile = profileOf(snapshot, user);
  if (profile !== undefined)
    facts.profile = profileFacts(profile, has('profilePolicies'), has('sessionSettings'));
  if (!has('access') || profile === undefined) return facts;

  // An unparsable date in the snapshot: the access stays unknown rather than guessed.
  const resolved = snapshotUserAccess(snapshot, user, now);
  if (!('problem' in resolved)) facts.access = resolved.access;
  const held = heldPermissionSets(
    assignmentsOf(snapshot, user.username),
    snapshot.permissionSetGroups,
    Date.parse(now),
  );
  facts.permissionSets = [...new Set(held.map((h) => h.name))].sort();
  return facts;
}

function profileFacts(
  profile: ProfileDef,
  policiesKnown: boolean,
  sessionKnown: boolean,
): ProfileFacts {
  const facts: ProfileFacts = { name: profile.name, fullName: profile.fullName };
  // Without the profile policies facet, ranges, hours and session settings are unknown, not empty.
  if (!policiesKnown) return facts;
  const policies: ProfilePolicies = { loginIpRanges: profile.loginIpRanges };
  if (profile.loginHours !== undefined) policies.loginHours = profile.loginHours;
  facts.policies = policies;
  // Session settings have their own source: unknown when it failed, even if the policies were read.
  if (!sessionKnown) return facts;
  if (profile.requiredSessionLevel !== undefined)
    policies.requiredSessionLevel = profile.requiredSessionLevel;
  if (profile.sessionTimeoutMinutes !== undefined)
    policies.sessionTimeoutMinutes = profile.sessionTimeoutMinutes;
  return facts;
}

/** RG-0038's test (model/policy/pre-authorization.ts): the profile (label or full name) or a held permission set is pre-authorized. */
export function isPreAuthorized(
  app: Pick<AppFacts, 'preAuthorizedProfiles' | 'preAuthorizedPermissionSets'>,
  profile: Pick<ProfileFacts, 'name' | 'fullName'>,
  permissionSets: readonly string[],
): boolean {
  const held = permissionSets.map((name) => ({ name }));
  return preAuthorization(app, [profile.name, profile.fullName], held) !== undefined;
}

/**
 * Audit trail entries about the user (its Id, username or name in the Display text) or the app (its
 * label or developer name), plus flow switches that name no app at all (their Display text never
 * does, docs/salesforce-behaviour.md 3.16): newest first.
 */
function trailAbout(
  trail: readonly AuditTrailEntry[],
  app: ClientApp,
  user: SnapshotUser | undefined,
): AuditTrailEntry[] {
  const needles = [app.name, app.label];
  if (user !== undefined) {
    needles.push(user.username);
    if (user.name !== undefined) needles.push(user.name);
    if (user.id !== undefined) needles.push(user.id.slice(0, 15));
  }
  const lower = needles.filter((n) => n.trim() !== '').map((n) => n.toLowerCase());
  return trail
    .filter((entry) => {
      const display = entry.display.toLowerCase();
      return (
        lower.some((n) => display.includes(n)) ||
        entry.action === 'changeApplicationClientCredentialEnabled'
      );
    })
    .sort((a, b) => Date.parse(b.createdDate) - Date.parse(a.createdDate));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
