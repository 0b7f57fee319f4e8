// The integrations of a snapshot: one per app with the client credentials flow enabled (auditor
// apps excluded), with its run-as user and that user's effective access at the evaluation time.
// Access is resolved once per distinct run-as user (many apps may run as one user), frozen, and
// shared by every app of that user and every rule (docs/adr/0023-shared-access-and-summarised-evidence.md).

import { summarizeEffectiveAccess } from '../../model/effective/query.js';
import type { EffectiveAccess, Via } from '../../model/effective/types.js';
import type { IntegrationSummary } from '../../model/finding.js';
import { accessCatalogFromSnapshot, snapshotUserAccess } from '../../model/policy/index.js';
import type { SnapshotUserAccess } from '../../model/policy/index.js';
import type { OrgSnapshot, SnapshotUser } from '../../model/snapshot.js';
import type { Integration, Settings } from '../types.js';
import { readOnly } from './read-only.js';

export interface Integrations {
  list: Integration[];
  /** Why access could not be resolved, by app name. */
  accessProblems: Map<string, string>;
  /** How many times effective access was resolved: once per distinct run-as user found. */
  accessResolutions: number;
}

export function buildIntegrations(
  snapshot: OrgSnapshot,
  now: string,
  settings: Settings,
  warnings: string[],
): Integrations {
  const auditors = new Set(settings.auditorApps);
  const users = new Map<string, SnapshotUser>();
  for (const user of snapshot.users) users.set(user.username.toLowerCase(), user);
  const catalog = accessCatalogFromSnapshot(snapshot);
  const accessProblems = new Map<string, string>();
  const list: Integration[] = [];
  // By lower-case username: the users map above finds one user per such key.
  const resolvedFor = new Map<string, SnapshotUserAccess>();

  for (const app of [...snapshot.apps].sort((a, b) => compareText(a.name, b.name))) {
    if (!app.clientCredentialsEnabled) continue;
    if (auditors.has(app.name)) {
      warnings.push(
        `${app.name} is the auditor's own app (settings.auditorApps): not audited as an integration`,
      );
      continue;
    }
    const username = app.runAsUsername?.trim();
    if (username === undefined || username === '') {
      list.push({ app });
      continue;
    }
    const user = users.get(username.toLowerCase());
    if (user === undefined) {
      list.push({ app, username });
      continue;
    }
    const key = user.username.toLowerCase();
    let resolved = resolvedFor.get(key);
    if (resolved === undefined) {
      resolved = snapshotUserAccess(snapshot, user, now, catalog);
      if ('access' in resolved) readOnly(resolved.access);
      resolvedFor.set(key, resolved);
    }
    if ('problem' in resolved) {
      const problem =
        resolved.problem === 'unknown-profile'
          ? `profile "${user.profileName}" is not in the snapshot`
          : resolved.message;
      accessProblems.set(app.name, problem);
      warnings.push(`effective access of ${user.username} (${app.name}): ${problem}`);
      list.push({ app, username, user });
    } else list.push({ app, username, user, access: resolved.access });
  }
  return { list, accessProblems, accessResolutions: resolvedFor.size };
}

type AccessParts = Pick<IntegrationSummary, 'effectiveAccess' | 'containers'>;

/**
 * The report's summary of each integration. The effective access and containers of one run-as user
 * are summarised once and the same (frozen) objects are shared by every app of that user.
 */
export function summarizer(): (integration: Integration) => IntegrationSummary {
  const parts = new WeakMap<EffectiveAccess, AccessParts>();
  return (integration) => {
    const { access } = integration;
    let shared = access === undefined ? undefined : parts.get(access);
    if (access !== undefined && shared === undefined) {
      shared = readOnly({
        effectiveAccess: summarizeEffectiveAccess(access),
        containers: containersOf(access),
      });
      parts.set(access, shared);
    }
    return {
      app: integration.app.name,
      appType: integration.app.type,
      runAsUsername: integration.username ?? null,
      runAsUserId: integration.user?.id ?? null,
      effectiveAccess: shared?.effectiveAccess ?? null,
      ...(shared?.containers === undefined ? {} : { containers: shared.containers }),
    };
  };
}

type Container = NonNullable<IntegrationSummary['containers']>[number];

/** The containers any grant comes through (implied grants included): the profile, groups, sets. */
function containersOf(access: EffectiveAccess): Container[] {
  const byKey = new Map<string, Container>();
  const add = (vias: readonly Via[]): void => {
    for (const via of vias) {
      const key = `${via.type}\u0000${via.name}\u0000${via.group ?? ''}`;
      if (!byKey.has(key))
        byKey.set(key, {
          type: via.type,
          name: via.name,
          ...(via.group === undefined ? {} : { group: via.group }),
        });
    }
  };
  for (const vias of access.systemPermissions.values()) add(vias);
  for (const actions of access.objects.values()) for (const vias of actions.values()) add(vias);
  for (const actions of access.fields.values()) for (const vias of actions.values()) add(vias);
  const rank = { Profile: 0, PermissionSetGroup: 1, PermissionSet: 2 } as const;
  return [...byKey.entries()]
    .sort(([a, x], [b, y]) => rank[x.type] - rank[y.type] || compareText(a, b))
    .map(([, c]) => c);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
