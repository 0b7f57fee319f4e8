// Pre-authorization for an admin-approved app ("Admin approved users are pre-authorized"): the
// token is refused with invalid_app_access unless the run-as user's profile (label or metadata full
// name), or a permission set it holds directly or through a permission set group, is attached to the
// app. Names compare case-insensitively; an expired assignment holds nothing (assignment.ts);
// session-based sets count, as they are assigned. OBSERVED; whether session-based sets count is
// UNCONFIRMED (docs/salesforce-behaviour.md 1.6).

import { isAssignmentActive } from './assignment.js';

export interface AssignmentOfUser {
  permissionSet?: string;
  permissionSetGroup?: string;
  expirationDate?: string;
}

export interface GroupMembers {
  name: string;
  permissionSets: readonly string[];
}

export interface HeldPermissionSet {
  name: string;
  /** The group it is held through; undefined when assigned directly. */
  group?: string;
}

export interface PreAuthorizingApp {
  adminApproved: boolean;
  preAuthorizedProfiles: readonly string[];
  preAuthorizedPermissionSets: readonly string[];
}

export type PreAuthorization =
  | { by: 'profile'; profile: string }
  | { by: 'permissionSet'; permissionSet: string; group?: string };

/** Only admin-approved apps check pre-authorization; others let users self-authorize. */
export function requiresPreAuthorization(app: Pick<PreAuthorizingApp, 'adminApproved'>): boolean {
  return app.adminApproved;
}

/**
 * The permission sets a user holds at `now` (epoch ms), directly or through a group, sorted by
 * name then group; an assignment past its expiration and an unknown group hold nothing.
 */
export function heldPermissionSets(
  assignments: readonly AssignmentOfUser[],
  groups: readonly GroupMembers[],
  now: number,
): HeldPermissionSet[] {
  const held: HeldPermissionSet[] = [];
  for (const a of assignments) {
    if (!isAssignmentActive(a.expirationDate, now)) continue;
    if (a.permissionSet !== undefined) held.push({ name: a.permissionSet });
    if (a.permissionSetGroup === undefined) continue;
    const group = groups.find((g) => g.name === a.permissionSetGroup);
    for (const name of group?.permissionSets ?? [])
      held.push({ name, group: a.permissionSetGroup });
  }
  return held.sort((x, y) => compare(x.name, y.name) || compare(x.group ?? '', y.group ?? ''));
}

/**
 * What pre-authorizes the user for the app: its profile (any of `profileNames`), else the first
 * held permission set the app lists; undefined when nothing does. Whether the app asks for
 * pre-authorization at all is `requiresPreAuthorization`.
 */
export function preAuthorization(
  app: Omit<PreAuthorizingApp, 'adminApproved'>,
  profileNames: readonly (string | undefined)[],
  held: readonly HeldPermissionSet[],
): PreAuthorization | undefined {
  const profiles = new Set(app.preAuthorizedProfiles.map((p) => p.toLowerCase()));
  const profile = profileNames.find((n) => n !== undefined && profiles.has(n.toLowerCase()));
  if (profile !== undefined) return { by: 'profile', profile };
  const sets = new Set(app.preAuthorizedPermissionSets.map((p) => p.toLowerCase()));
  const match = held.find((h) => sets.has(h.name.toLowerCase()));
  if (match === undefined) return undefined;
  return {
    by: 'permissionSet',
    permissionSet: match.name,
    ...(match.group === undefined ? {} : { group: match.group }),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
