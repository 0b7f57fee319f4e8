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
import { firstItems } from '../listing.js';
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

type AccessParts = Pick<IntegrationSummary, 'effectiveAccess' | 'containers' | 'listing'>;

/**
 * The report's summary of each integration. The effective access and containers of one run-as user
 * are summarised once and the same (frozen) objects are shared by every app of that user. Its
 * fields (thousands for a user of large permission sets) are cut to the first `fieldItems`, in name
 * order, with counts per action and per container in `listing` (Infinity: every field).
 */
export function summarizer(
  fieldItems = Infinity,
): (integration: Integration) => IntegrationSummary {
  const parts = new WeakMap<EffectiveAccess, AccessParts>();
  return (integration) => {
    const { access } = integration;
    let shared = access === undefined ? undefined : parts.get(access);
    if (access !== undefined && shared === undefined) {
      shared = readOnly(accessParts(access, fieldItems));
      parts.set(access, shared);
    }
    return {
      app: integration.app.name,
      appType: integration.app.type,
      runAsUsername: integration.username ?? null,
      runAsUserId: integration.user?.id ?? null,
      effectiveAccess: shared?.effectiveAccess ?? null,
      ...(shared?.containers === undefined ? {} : { containers: shared.containers }),
      ...(shared?.listing === undefined ? {} : { listing: shared.listing }),
    };
  };
}

function accessParts(access: EffectiveAccess, fieldItems: number): AccessParts {
  const summary = summarizeEffectiveAccess(access);
  const names = Object.keys(summary.fields);
  const { listing } = firstItems('effectiveAccess.fields', names, fieldItems);
  if (listing.truncated)
    summary.fields = Object.fromEntries(
      names.slice(0, listing.listed).map((name) => [name, summary.fields[name] ?? []]),
    );
  const byKind: Record<string, number> = {};
  const byContainer = new Map<
    string,
    { type: Via['type']; name: string; group?: string; count: number }
  >();
  for (const actions of access.fields.values()) {
    const seen = new Set<string>();
    for (const [action, vias] of actions) {
      byKind[action] = (byKind[action] ?? 0) + 1;
      for (const via of vias) {
        const key = `${via.type}\u0000${via.name}\u0000${via.group ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const found = byContainer.get(key);
        if (found !== undefined) found.count += 1;
        else
          byContainer.set(key, {
            type: via.type,
            name: via.name,
            ...(via.group === undefined ? {} : { group: via.group }),
            count: 1,
          });
      }
    }
  }
  const rank = { Profile: 0, PermissionSetGroup: 1, PermissionSet: 2 } as const;
  return {
    effectiveAccess: summary,
    containers: containersOf(access),
    listing: {
      ...listing,
      byKind,
      byContainer: [...byContainer.values()].sort(
        (a, b) =>
          b.count - a.count ||
          rank[a.type] - rank[b.type] ||
          compareText(a.name, b.name) ||
          compareText(a.group ?? '', b.group ?? ''),
      ),
    },
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
