// Project mode (`--project DIR`, docs/adr/0004-project-mode.md): the snapshot of an SFDX project's configuration.
// Apps, profiles, permission sets, groups and muting sets come from the metadata (the fixture
// loader's SFDX reader, ADR 0004); the run-as users and their assignments from the manifest's
// `runAsAccess`; user state is not metadata, so its facets are `unsupported` and the rules that need
// it are not-evaluated by mode. The project's files are scanned for secrets (RG-0026).

import { basename, resolve } from 'node:path';

import { ManifestError } from '../../manifest/errors.js';
import { ProjectError } from '../../metadata/errors.js';
import type { LoadedComponent } from '../../metadata/metadata.js';
import { loadProjectMetadata, loadProjectMetadataFrom } from '../../metadata/project-metadata.js';
import type { LoadOptions } from '../../metadata/project-metadata.js';
import type { ProjectFileSource } from '../../metadata/project.js';
import type { ClientApp } from '../../model/org.js';
import type { ProfileDef } from '../../model/permissions.js';
import { profileNamed } from '../../model/policy/index.js';
import { isPermissionable } from '../../model/schema.js';
import type { SObjectSchema } from '../../model/schema.js';
import { objectApiNamesWithCrud } from '../../model/standard/standard-schema.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../model/snapshot.js';
import type {
  Facet,
  Ledger,
  LedgerEntry,
  OrgSnapshot,
  SnapshotAssignment,
  SnapshotUser,
  SourceSecret,
} from '../../model/snapshot.js';
import { scanSecrets, type ScanOptions } from './scan-secrets.js';

/** Why the user-state facets are not-evaluated in project mode. */
export const USER_STATE_REASON = 'user state is not metadata (--project): add a live source';

/** The facets a project cannot supply: they are org state. */
export const USER_STATE_FACETS = [
  'users',
  'userLogin',
  'loginHistory',
  'auditTrail',
  'oauthTokens',
] as const satisfies readonly Facet[];

/**
 * What the collector reads of the integration manifest (docs/manifest.md). The manifest's parsed
 * type fits it; `collect` does not depend on the manifest module.
 */
export interface DeclaredManifest {
  integrations?:
    | readonly {
        name: string;
        app: string;
        runAs?: string | undefined;
        runAsAccess?:
          | {
              profile?: string | undefined;
              permissionSets?: readonly string[] | undefined;
              permissionSetGroups?: readonly string[] | undefined;
            }
          | undefined;
      }[]
    | undefined;
}

export interface CollectProjectOptions {
  /** The manifest: its `runAsAccess` entries are the run-as users' access. */
  manifest?: DeclaredManifest | undefined;
  /** Named in messages about the manifest (the file as the user gave it). */
  manifestFile?: string | undefined;
  /** The auditor's own apps (the audit's resolved `settings.auditorApps`): not integrations. */
  auditorApps?: readonly string[] | undefined;
  /** `--now`, ISO-8601: the evaluation time. */
  now?: string | undefined;
  /**
   * Whether an app's configured run-as username is the one the manifest declares (sandbox
   * suffixes: the audit passes the manifest's matcher). Default: equal ignoring case.
   */
  sameUsername?: ((configured: string, declared: string) => boolean) | undefined;
  tool?: { name: string; version: string } | undefined;
  /** Read only without `now`: a project has no org clock (ADR 0004). */
  clock?: (() => Date) | undefined;
  /**
   * Read the project through this source instead of the disk (preflight: a git tree, docs/preflight.md).
   * Its files are scanned for secrets by `scanFiles`; without it `projectFiles` is unsupported,
   * never a pass.
   */
  files?: ProjectFileSource | undefined;
  /** With `files`: the secret scan over the same source (preflight: `scanSecretsFrom` on the git tree). */
  scanFiles?:
    | ((packageDirectories: readonly string[], options: ScanOptions) => Promise<SourceSecret[]>)
    | undefined;
  /** With `files`: components parsed before from the same content are reused (preflight). */
  reuse?: LoadOptions | undefined;
}

/** Why RG-0026 is not-evaluated on a project read from another source without a secret scan. */
export const GIT_SECRETS_REASON =
  'secrets are not scanned in a project read from another source than the disk';

/**
 * Collects the snapshot of the SFDX project at `dir`. Throws ProjectError for a directory that is
 * not a readable project (file paths in the message are relative to `dir`, prefixed with it).
 */
export async function collectProject(
  dir: string,
  options: CollectProjectOptions = {},
): Promise<OrgSnapshot> {
  const root = resolve(dir);
  const files = options.files;
  const metadata = await (
    files === undefined
      ? loadProjectMetadata(root, { lean: true })
      : loadProjectMetadataFrom(files, { ...options.reuse, lean: true })
  ).catch((error: unknown) => {
    throw inProject(dir, error);
  });
  const scanOptions: ScanOptions = {
    appOfFile: appOfFile(metadata.components),
    // An org fixture's emulator settings are never part of a project (docs/architecture.md 11).
    exclude: new Set(['emulator.json']),
  };
  const scan =
    files === undefined
      ? (dirs: readonly string[], o: ScanOptions) => scanSecrets(root, dirs, o)
      : options.scanFiles;
  const scanned = scan !== undefined;
  const secrets =
    scan === undefined
      ? []
      : await scan(metadata.packageDirectories, scanOptions).catch((error: unknown) => {
          throw inProject(dir, error);
        });
  const declared = declaredUsers(metadata.apps, metadata.profiles, options);
  const schema = metadata.schema.build();

  const ledger: Ledger = {
    apps: { status: 'ok', requests: 0 },
    access: accessEntry(metadata.apps, declared, options),
    profilePolicies: { status: 'ok', requests: 0 },
    sessionSettings: { status: 'ok', requests: 0 },
    projectFiles: scanned
      ? { status: 'ok', requests: 0 }
      : { status: 'unsupported', reason: GIT_SECRETS_REASON },
  };
  for (const facet of USER_STATE_FACETS)
    ledger[facet] = { status: 'unsupported', reason: USER_STATE_REASON };

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: options.tool ?? { name: 'runas-guard', version: 'unknown' },
    mode: 'project',
    org: null,
    project: { name: metadata.name ?? basename(root), path: dir },
    collectedAt: options.now ?? startOfUtcDay((options.clock ?? (() => new Date()))()),
    apps: metadata.apps,
    users: declared.users,
    profiles: metadata.profiles,
    permissionSets: metadata.permissionSets,
    mutingPermissionSets: metadata.mutingPermissionSets,
    permissionSetGroups: metadata.permissionSetGroups,
    assignments: declared.assignments,
    objects: objectsOf(schema),
    loginHistory: [],
    auditTrail: [],
    oauthTokens: [],
    ledger,
    apiRequests: 0,
    failedRequests: [],
    sourceSecrets: secrets,
  };
}

/** The same date every time on one calendar day: a project run twice in a day reports the same. */
function startOfUtcDay(date: Date): string {
  return new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  ).toISOString();
}

/** A reader error names files relative to the project; the user named the project. */
function inProject(dir: string, error: unknown): unknown {
  if (!(error instanceof ProjectError) || error.code === 'PROJECT_NOT_FOUND') return error;
  const root = dir.replace(/[\\/]+$/, '');
  return new ProjectError(error.code, error.reason, {
    ...error.details,
    file: error.file === '.' ? root : `${root}/${error.file}`,
    cause: error,
  });
}

/** The app each app file belongs to: the Connected App itself, an ECA and each of its parts. */
function appOfFile(components: readonly LoadedComponent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { source, component } of components) {
    let app: string | undefined;
    if (component.type === 'ConnectedApp' || component.type === 'ExternalClientApplication')
      app = component.fullName;
    else if (typeof component.content.externalClientApplication === 'string')
      app = component.content.externalClientApplication;
    if (app !== undefined) for (const file of [source.file, ...source.parts]) out.set(file, app);
  }
  return out;
}

interface DeclaredUsers {
  users: SnapshotUser[];
  assignments: SnapshotAssignment[];
  /** Lower-cased usernames whose profile the manifest declares. */
  withProfile: Set<string>;
}

/**
 * One user per username the manifest declares with a `runAsAccess.profile`, holding that profile
 * and the declared permission sets and groups. Entries naming the same user add up their sets; two
 * different profiles for one user are a manifest error.
 */
function declaredUsers(
  apps: readonly ClientApp[],
  profiles: readonly ProfileDef[],
  options: CollectProjectOptions,
): DeclaredUsers {
  const same =
    options.sameUsername ??
    ((a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase());
  const byUser = new Map<
    string,
    {
      username: string;
      profile?: { declared: string; integration: string };
      sets: Set<string>;
      groups: Set<string>;
    }
  >();
  for (const [index, entry] of (options.manifest?.integrations ?? []).entries()) {
    const declared = entry.runAs?.trim();
    if (declared === undefined || declared === '' || entry.runAsAccess === undefined) continue;
    // The metadata's spelling, so that the app's run-as user is found (a sandbox suffix included).
    const configured = apps.find((a) => a.name === entry.app)?.runAsUsername?.trim();
    const username =
      configured !== undefined && configured !== '' && same(configured, declared)
        ? configured
        : declared;
    const key = username.toLowerCase();
    const user = byUser.get(key) ?? { username, sets: new Set(), groups: new Set() };
    byUser.set(key, user);
    const access = entry.runAsAccess;
    for (const name of access.permissionSets ?? []) user.sets.add(name);
    for (const name of access.permissionSetGroups ?? []) user.groups.add(name);
    if (access.profile === undefined) continue;
    const first = user.profile;
    if (first === undefined) user.profile = { declared: access.profile, integration: entry.name };
    else if (profileKey(profiles, first.declared) !== profileKey(profiles, access.profile)) {
      // The manifest is already parsed: its lines are gone, so the issue names the file and path.
      throw new ManifestError([
        {
          file: options.manifestFile ?? 'the manifest',
          path: `integrations[${String(index)}].runAsAccess.profile`,
          message: `${username} has one profile, but ${first.integration} declares "${first.declared}" and ${entry.name} "${access.profile}"`,
        },
      ]);
    }
  }

  const users: SnapshotUser[] = [];
  const assignments: SnapshotAssignment[] = [];
  const withProfile = new Set<string>();
  for (const [key, user] of [...byUser].sort(([a], [b]) => compareText(a, b))) {
    if (user.profile === undefined) continue;
    withProfile.add(key);
    const profile = profileOf(profiles, user.profile.declared);
    users.push({
      username: user.username,
      // Not known in project mode; the `users` facet is unsupported, so no rule reads it.
      isActive: true,
      profileName: profile?.name ?? user.profile.declared,
      ...(profile === undefined
        ? {}
        : { profileFullName: profile.fullName, userLicense: profile.userLicense }),
    });
    for (const name of [...user.sets].sort())
      assignments.push({ username: user.username, permissionSet: name });
    for (const name of [...user.groups].sort())
      assignments.push({ username: user.username, permissionSetGroup: name });
  }
  return { users, assignments, withProfile };
}

/** Two declarations name the same profile when they resolve to it, or are spelled alike. */
function profileKey(profiles: readonly ProfileDef[], name: string): string {
  return profileOf(profiles, name)?.fullName ?? name;
}

/** A profile matches its metadata full name or its label (model/policy/user-access.ts). */
const profileOf = profileNamed;

/**
 * `access` is known only where the manifest declares it: ok when at least one integration's run-as
 * user has a declared profile (the engine then leaves each undeclared integration not-evaluated on
 * its own, docs/adr/0012-rule-facets.md), unsupported when none has, naming the users to declare.
 */
function accessEntry(
  apps: readonly ClientApp[],
  declared: DeclaredUsers,
  options: CollectProjectOptions,
): LedgerEntry {
  const auditors = new Set(options.auditorApps ?? []);
  const missing = new Set<string>();
  let examined = 0;
  for (const app of apps) {
    const username = app.runAsUsername?.trim();
    if (
      !app.clientCredentialsEnabled ||
      auditors.has(app.name) ||
      username === undefined ||
      username === ''
    )
      continue;
    examined += 1;
    if (!declared.withProfile.has(username.toLowerCase())) missing.add(`${username} (${app.name})`);
  }
  if (missing.size < examined || examined === 0) return { status: 'ok', requests: 0 };
  const who = [...missing].sort().join(', ');
  return {
    status: 'unsupported',
    reason: `the run-as users' profiles and permission sets are org state unless the manifest declares them: add runAsAccess with a profile for ${who}, or add a live source`,
  };
}

/** Every object with CRUD permissions and its permissionable fields (what View All Fields reaches). */
function objectsOf(schema: SObjectSchema): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of objectApiNamesWithCrud(schema)) {
    const def = schema.get(name);
    out[name] =
      def === undefined
        ? []
        : def.fields
            .filter((f) => isPermissionable(def, f))
            .map((f) => f.name)
            .sort();
  }
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
