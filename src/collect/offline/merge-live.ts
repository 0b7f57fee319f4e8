// `--project DIR` with a live source (mode `project+live`): configuration from the project, user
// state from the org. The project's apps, profiles, permission sets, groups and muting sets win; the
// org adds the containers the project lacks (a project may hold part of the org), and supplies the
// users, their assignments, UserLogin, Login History, the Setup Audit Trail and OAuth tokens.

import type {
  Facet,
  FailedRequestEntry,
  Ledger,
  OrgSnapshot,
  SnapshotUser,
} from '../../model/snapshot.js';

/** Facets the project supplies in this mode; the org's failures there are recovered by the project. */
const FROM_PROJECT: readonly Facet[] = ['apps', 'projectFiles'];
/** What the project's profile files supply when every run-as user's profile is in the project. */
const PROFILE_FACETS: readonly Facet[] = ['profilePolicies', 'sessionSettings'];
/** The request catalog id a missing lookup is reported under (the live User query). */
export const USER_LOOKUP_REQUEST = 'rest.query.User';

/**
 * Merges a project snapshot and a live snapshot of the org it is deployed to. The evaluation
 * time is the org's (`collectedAt` of the live snapshot, which `--now` already overrides).
 */
export function mergeProjectWithLive(project: OrgSnapshot, live: OrgSnapshot): OrgSnapshot {
  const profiles = [
    ...project.profiles,
    ...live.profiles.filter(
      (l) => !project.profiles.some((p) => p.fullName === l.fullName || p.name === l.name),
    ),
  ];
  const byName = <T extends { name: string }>(mine: readonly T[], theirs: readonly T[]): T[] => [
    ...mine,
    ...theirs.filter((t) => !mine.some((m) => m.name === t.name)),
  ];

  const ledger: Ledger = { ...live.ledger };
  for (const facet of FROM_PROJECT) {
    const entry = project.ledger[facet];
    if (entry !== undefined) ledger[facet] = entry;
  }
  // Profile policies come from the project's profile files when every live run-as user's profile
  // is one of them; otherwise the org's reads decide.
  const profilesInProject = live.users.every((u) => profileInProject(project, u));
  if (profilesInProject)
    for (const facet of PROFILE_FACETS) {
      const entry = project.ledger[facet];
      if (entry !== undefined) ledger[facet] = entry;
    }

  const failedRequests: FailedRequestEntry[] = (live.failedRequests ?? []).map((f) =>
    FROM_PROJECT.includes(f.facet as Facet) ||
    (PROFILE_FACETS.includes(f.facet as Facet) && ledger[f.facet as Facet]?.status !== 'failed')
      ? { ...f, recoveredBy: 'project' }
      : f,
  );

  // The org collection looks up the users its own apps run as. A project app that runs as someone
  // else was not looked up: that user's state is missing, not absent (RG-0002 must not fail on it).
  // The per-user facets stay as the org answered; the engine gates the integrations those users
  // serve, one by one (integrationGate), so the others are evaluated.
  const missing = notLookedUp(project, live);
  if (missing.length > 0) {
    const message = `the org's apps do not run as ${missing.join(', ')}, so the org collection did not look ${missing.length === 1 ? 'it' : 'them'} up`;
    failedRequests.push({
      request: USER_LOOKUP_REQUEST,
      facet: 'users',
      errorCode: 'NOT_LOOKED_UP',
      message,
    });
  }

  const objects: Record<string, string[]> = {};
  for (const source of [project.objects, live.objects]) {
    for (const [object, fields] of Object.entries(source))
      objects[object] = [...new Set([...(objects[object] ?? []), ...fields])].sort();
  }

  return {
    ...live,
    mode: 'project+live',
    project: project.project,
    apps: project.apps,
    profiles,
    permissionSets: byName(project.permissionSets, live.permissionSets),
    mutingPermissionSets: byName(project.mutingPermissionSets, live.mutingPermissionSets),
    permissionSetGroups: byName(project.permissionSetGroups, live.permissionSetGroups),
    objects: Object.fromEntries(Object.entries(objects).sort(([a], [b]) => compareText(a, b))),
    ledger,
    failedRequests,
    ...(missing.length === 0 ? {} : { notLookedUp: missing }),
    sourceSecrets: project.sourceSecrets ?? [],
  };
}

function profileInProject(project: OrgSnapshot, user: SnapshotUser): boolean {
  return project.profiles.some((p) =>
    user.profileFullName === undefined
      ? p.name === user.profileName
      : p.fullName === user.profileFullName,
  );
}

/** Run-as and handler usernames of the project's integrations that the live collection did not query. */
function notLookedUp(project: OrgSnapshot, live: OrgSnapshot): string[] {
  const queried = new Set<string>();
  for (const app of live.apps)
    for (const name of [app.runAsUsername, app.handlerRunAsUsername])
      if (name !== undefined) queried.add(name.trim().toLowerCase());
  for (const user of live.users) queried.add(user.username.toLowerCase());
  const missing = new Set<string>();
  for (const app of project.apps) {
    if (!app.clientCredentialsEnabled) continue;
    for (const name of [app.runAsUsername, app.handlerRunAsUsername]) {
      const username = name?.trim();
      if (username !== undefined && username !== '' && !queried.has(username.toLowerCase()))
        missing.add(username);
    }
  }
  return [...missing].sort();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
