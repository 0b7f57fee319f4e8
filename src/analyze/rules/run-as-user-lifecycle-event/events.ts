// Setup Audit Trail actions that change a run-as user or its access (RG-0030), with how
// an entry names what it is about. Action codes are case-sensitive and not officially listed
// (OBS: community reference and two mapping tables, docs/salesforce-behaviour.md 3.16).

import type { ClientApp } from '../../../model/org.js';
import type { AuditTrailEntry, SnapshotUser } from '../../../model/snapshot.js';

/**
 * What an entry must name to concern an integration: `user` its run-as user; `profile` the
 * user's profile; `org` nothing (an org-wide policy applies to every user); `app-or-user` the app
 * or its run-as user.
 */
export type EventTarget = 'user' | 'profile' | 'org' | 'app-or-user';

export interface LifecycleAction {
  /** An exact action code, or a prefix ending in `*`. */
  action: string;
  event: string;
  target: EventTarget;
}

const ORG_PASSWORD_POLICY = [
  'passwordexpiry',
  'passwordhistory',
  'passwordcomplexity',
  'passwordlockout',
  'passwordmaxinvalid',
  'passwordminlength',
  'passwordquestion',
  'minimumPasswordLifetimeEnable',
  'minimumPasswordLifetimeDisable',
];

const PROFILE_PASSWORD_POLICY = [
  'passwordexpiryForProfile',
  'passwordhistoryForProfile',
  'passwordmaxinvalidForProfile',
  'minimumPasswordLifetimeEnableForProfile',
  'minimumPasswordLifetimeDisableForProfile',
];

export const LIFECYCLE_ACTIONS: readonly LifecycleAction[] = [
  { action: 'deactivateduser', event: 'deactivated', target: 'user' },
  { action: 'frozeuser', event: 'frozen', target: 'user' },
  // No licence-change action exists: a licence changes with the profile (3.16).
  { action: 'changedprofileforuser*', event: 'profile (and licence) changed', target: 'user' },
  { action: 'changedroleforuser*', event: 'role changed', target: 'user' },
  { action: 'PermSetUnassign*', event: 'permission set unassigned', target: 'user' },
  { action: 'PermSetGroupUnassign', event: 'permission set group unassigned', target: 'user' },
  {
    action: 'PermSetAssignmentExpirationChange',
    event: 'permission set expiry changed',
    target: 'user',
  },
  { action: 'PermSetLicenseUnassign', event: 'permission set licence unassigned', target: 'user' },
  { action: 'revokeduserpackagelicense', event: 'package licence revoked', target: 'user' },
  { action: 'resetpassword', event: 'password reset', target: 'user' },
  { action: 'changedpassword', event: 'password set', target: 'user' },
  { action: 'changedusername', event: 'username changed', target: 'user' },
  ...PROFILE_PASSWORD_POLICY.map((action) => ({
    action,
    event: 'password policy of its profile changed',
    target: 'profile' as const,
  })),
  ...ORG_PASSWORD_POLICY.map((action) => ({
    action,
    event: 'org password policy changed',
    target: 'org' as const,
  })),
  {
    action: 'addOauthClientCredentialUser',
    event: 'run-as user of an app assigned',
    target: 'app-or-user',
  },
];

export function lifecycleActionOf(action: string): LifecycleAction | undefined {
  return LIFECYCLE_ACTIONS.find((a) =>
    a.action.endsWith('*') ? action.startsWith(a.action.slice(0, -1)) : action === a.action,
  );
}

/** Display texts are matched on their first characters only: hostile input stays cheap. */
const MAX_DISPLAY = 2000;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiled patterns by phrase: one per run-as user and not one per audit-trail row and app (300
 * apps times 50,000 rows). Bounded, as a long-running monitor sees new users.
 */
const patterns = new Map<string, RegExp>();

/** `text` contains `phrase` as a whole: not inside a longer username, name or word. */
function containsPhrase(text: string, phrase: string, before = ''): boolean {
  const trimmed = phrase.trim();
  if (trimmed === '') return false;
  const key = `${before}\u0000${trimmed}`;
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    if (patterns.size >= 10_000) patterns.clear();
    // No `g` flag: test() keeps no state between calls, so the pattern can be shared.
    pattern = new RegExp(`${before}(?<![\\w.@-])${escape(trimmed)}(?![\\w@-]|\\.\\w)`, 'i');
    patterns.set(key, pattern);
  }
  return pattern.test(text);
}

/** User Ids a frozen row's display names, read once per row rather than once per app. */
const idsOf = new WeakMap<AuditTrailEntry, string[]>();

function userIdsOf(entry: AuditTrailEntry, display: string): string[] {
  const known = idsOf.get(entry);
  if (known !== undefined) return known;
  const ids = [...display.matchAll(/UserID:\s*\[?([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\]?/g)].map(
    (m) => (m[1] ?? '').slice(0, 15),
  );
  if (Object.isFrozen(entry)) idsOf.set(entry, ids);
  return ids;
}

/** How an entry names a user: by the Id it quotes, by username, or by full name only. */
export type Mention = 'id' | 'username' | 'name';

/**
 * How the entry names the user, if it does: by Id when it quotes one ("(UserID: [005...])",
 * compared on the 15 case-sensitive characters; an entry quoting Ids names no one else), else by
 * username, else by name after "user " or "for " ("Froze user account for N", "Reset password for
 * user N").
 */
export function mentionOf(entry: AuditTrailEntry, user: SnapshotUser): Mention | undefined {
  const display = entry.display.slice(0, MAX_DISPLAY);
  const ids = userIdsOf(entry, display);
  if (ids.length > 0 && user.id !== undefined)
    return ids.includes(user.id.slice(0, 15)) ? 'id' : undefined;
  if (containsPhrase(display, user.username)) return 'username';
  return user.name !== undefined && containsPhrase(display, user.name, '(?:\\buser|\\bfor)\\s+')
    ? 'name'
    : undefined;
}

export function namesUser(entry: AuditTrailEntry, user: SnapshotUser): boolean {
  return mentionOf(entry, user) !== undefined;
}

/** The other known users with the same full name (case-insensitive): a name-only mention is theirs too. */
export function sharingTheName(user: SnapshotUser, users: readonly SnapshotUser[]): SnapshotUser[] {
  const name = user.name?.trim().toLowerCase();
  if (name === undefined || name === '') return [];
  return users.filter(
    (u) =>
      u.name?.trim().toLowerCase() === name &&
      u.username.toLowerCase() !== user.username.toLowerCase(),
  );
}

/**
 * The permission set or group an unassignment entry (`PermSetUnassign*`, `PermSetGroupUnassign`)
 * names, by label as the Display text gives it ("Permission set group X: unassigned from user
 * ..."); undefined for any other action or text.
 */
export function unassignedContainer(
  entry: AuditTrailEntry,
): { kind: 'PermissionSet' | 'PermissionSetGroup'; label: string } | undefined {
  const kind = entry.action.startsWith('PermSetUnassign')
    ? 'PermissionSet'
    : entry.action === 'PermSetGroupUnassign'
      ? 'PermissionSetGroup'
      : undefined;
  if (kind === undefined) return undefined;
  const prefix = kind === 'PermissionSet' ? 'Permission set ' : 'Permission set group ';
  const display = entry.display.slice(0, MAX_DISPLAY);
  if (display.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const label = /^(.{1,300}?): unassigned from\b/i.exec(display.slice(prefix.length))?.[1];
  return label === undefined ? undefined : { kind, label: label.trim() };
}

/**
 * "... to app <Label> (AppID: [0H4...])": the app by label or developer name, the whole name
 * before "(AppID"; without an AppID, the name after "app ".
 */
export function namesApp(entry: AuditTrailEntry, app: ClientApp): boolean {
  const display = entry.display.slice(0, MAX_DISPLAY);
  const names = [app.label, app.name].map((n) => n.trim().toLowerCase());
  const quoted = /\bapp\s+(.{1,300}?)\s*\(AppID\b/i.exec(display)?.[1];
  if (quoted !== undefined) return names.includes(quoted.trim().toLowerCase());
  return names.some((n) => containsPhrase(display, n, '\\bapp\\s+'));
}

/** The entry names the user's profile by label or metadata full name. */
export function namesProfile(entry: AuditTrailEntry, user: SnapshotUser): boolean {
  const display = entry.display.slice(0, MAX_DISPLAY);
  return [user.profileName, user.profileFullName]
    .filter((n): n is string => n !== undefined)
    .some((n) => containsPhrase(display, n));
}
