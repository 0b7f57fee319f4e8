// Live collection (docs/permissions.md lists every request): read-only, scoped to the client-credentials apps and their
// run-as users, batched into as few requests as the API allows. Every request goes through the
// tracker; a failed source marks its facet failed and the rest goes on. The result is the versioned,
// replayable OrgSnapshot that the rules read.

import type { ClientApp } from '../../model/org.js';
import type {
  MutingPermissionSetDef,
  PermissionSetDef,
  PermissionSetGroupDef,
  PermissionSetGroupStatus,
  ProfileDef,
} from '../../model/permissions.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../model/snapshot.js';
import type {
  AuditTrailEntry,
  Facet,
  LoginHistoryEntry,
  OauthTokenEntry,
  OrgSnapshot,
  SnapshotAssignment,
  SnapshotUser,
} from '../../model/snapshot.js';
import { isSalesforceId } from '../../util/ids.js';
import { connectedAppFromMetadata, externalClientApps } from '../normalize/apps.js';
import { permissionContentOf, permissionFieldsOf } from '../normalize/permissions.js';
import type { PermissionRows } from '../normalize/permissions.js';
import { profilePolicyOf, sessionSettingOf } from '../normalize/profiles.js';
import type { ProfilePolicy, SessionSetting } from '../normalize/profiles.js';
import { bool, compact, idKey, int, isoDateTime, isRecord, text } from '../normalize/values.js';
import type { Raw } from '../normalize/values.js';
import type { SoqlParams } from '../catalog.js';
import { CollectError } from '../errors.js';
import { RequestTracker } from '../tracker.js';
import type { Transport } from '../../transport/http.js';
import type { OrgConnection } from './connect.js';
import { LiveIo } from './requests.js';
import type { QueryVariant } from './requests.js';

export interface CollectLiveOptions {
  /** `--now`: the evaluation time; overrides the org's clock as `collectedAt`. */
  now?: string;
  /** Look-back of Login History and the Setup Audit Trail, in days (default 90, the default `dormantDays`). */
  historyDays?: number;
  /**
   * With a history store (`monitor`): read each of the two only after this instant (ISO-8601),
   * instead of the look-back window. The caller passes its high-water mark minus the overlap
   * (src/monitor/lifecycle.ts `historySince`), or a function that gives it from the org id and
   * the run-as usernames, asked once both are read; the same one request either way.
   */
  history?:
    | HistorySince
    | ((orgId: string, runAsUsernames: readonly string[]) => Promise<HistorySince | undefined>);
  /** The tool that writes the snapshot. */
  tool?: { name: string; version: string };
  /** Budget for the path and query string of one request (default 14,336 bytes: docs/performance.md). */
  maxUriBytes?: number;
  /** Pages one query may take (default 1,000). */
  maxPages?: number;
  /** The transport (its timeouts, deadline, retries and body cap); a default one otherwise. */
  transport?: Transport;
  /** More values to redact from error messages (the access token is always redacted). */
  secrets?: readonly string[];
  /** `--max-requests`: requests past this many (retries included) are not sent; their facets fail. */
  maxRequests?: number;
}

/** Where an incremental read of Login History and the Setup Audit Trail starts (ISO-8601). */
export interface HistorySince {
  auditTrailSince?: string;
  loginHistorySince?: string;
}

const DEFAULT_HISTORY_DAYS = 90;

/**
 * Collects the live snapshot. Throws only CollectError: AUTH_FAILED (the auditor's own session
 * refused), UNREACHABLE (no answer from the org at all) and ORG_UNREADABLE (the org's identity or
 * clock could not be read: every finding depends on them).
 */
export async function collectLive(
  conn: OrgConnection,
  options: CollectLiveOptions = {},
): Promise<OrgSnapshot> {
  const io = new LiveIo(conn, {
    ...(options.maxUriBytes === undefined ? {} : { maxUriBytes: options.maxUriBytes }),
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.transport === undefined ? {} : { transport: options.transport }),
  });
  const tracker = new RequestTracker(() => [conn.accessToken, ...(options.secrets ?? [])], {
    ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
    alreadySent: () => io.transport.retries,
  });
  const max = options.maxRequests;
  // A retry is a request too: one the budget does not admit is not sent (the request fails).
  if (max !== undefined)
    io.transport.limitRetries(() => tracker.apiRequests + io.transport.retries < max);
  const run = new LiveRun(io, tracker, options.historyDays ?? DEFAULT_HISTORY_DAYS);

  // The first request doubles as the reachability check: an org that cannot be reached at all stops
  // the run at once (exit 3) instead of failing every source.
  const orgDate = await tracker.run('http.versionResources', (ctx) => io.orgDate(ctx), {
    // Any accepted answer's Date header is the same clock.
    fallback: { request: 'rest.query.Organization', lacks: [] },
  });
  const unreachable = tracker.failedRequests.find(
    (f) => f.request === 'http.versionResources' && f.errorCode === 'CONNECTION_FAILED',
  );
  if (unreachable !== undefined)
    throw new CollectError(
      'UNREACHABLE',
      `The org at ${conn.instanceUrl} could not be reached (${unreachable.message})`,
      { hints: ["Check the instance URL (the org's My Domain) and the network path to it."] },
    );
  const orgRow = (
    await tracker.run('rest.query.Organization', (ctx) =>
      io.queryEntry('rest.query.Organization', {}, ctx),
    )
  )?.[0];
  const orgId = text(orgRow?.Id);
  if (orgRow === undefined || !orgId?.startsWith('00D')) {
    const failure = tracker.failureOf('org');
    throw new CollectError(
      'ORG_UNREADABLE',
      `The org's identity could not be read (request rest.query.Organization ${failure === undefined ? 'answered no organization row' : `failed with ${failure.errorCode}: ${failure.message}`}); every finding depends on it`,
      { hints: ['Every user with API Enabled can read the Organization row: retry later.'] },
    );
  }
  // The org's clock: the resources GET's Date header, else the Organization answer's.
  const orgClock = orgDate ?? io.clock;
  if (orgClock === undefined && options.now === undefined) {
    const failure = tracker.failureOf('org');
    throw new CollectError(
      'ORG_UNREADABLE',
      `The org's clock could not be read (no Date header${failure === undefined ? '' : `; request ${failure.request} failed with ${failure.errorCode}`}); every finding depends on it`,
      { hints: ['Give the evaluation time with --now ISO-8601, or retry later.'] },
    );
  }

  const apps = await run.apps();
  const users = await run.users(apps);
  const runAsUsernames = [
    ...new Set(apps.list.flatMap((a) => (a.runAsUsername === undefined ? [] : [a.runAsUsername]))),
  ].sort();
  run.history =
    (typeof options.history === 'function'
      ? await options.history(orgId, runAsUsernames)
      : options.history) ?? {};
  const userLogins = await run.userLogins(users);
  const access = await run.access(users);
  const policies = await run.profilePolicies(users);
  const loginHistory = await run.loginHistory(users);
  const auditTrail = await run.auditTrail();
  const oauthTokens = await run.oauthTokens(users);

  const profiles = buildProfiles(users, access, policies);
  const fullNameByProfileId = new Map(profiles.map((p) => [p.profileId, p.def.fullName]));
  const snapshotUsers: SnapshotUser[] = users.map((u) => {
    const login = userLogins?.get(idKey(u.id));
    return compact<SnapshotUser>({
      id: u.id,
      username: u.username,
      name: u.name,
      isActive: u.isActive,
      userType: u.userType,
      profileName: u.profileName ?? '',
      profileFullName:
        u.profileId === undefined ? undefined : fullNameByProfileId.get(idKey(u.profileId)),
      userLicense: u.userLicense,
      isFrozen: login?.isFrozen,
      isPasswordLocked: login?.isPasswordLocked,
      lastLoginDate: u.lastLoginDate,
    });
  });

  const collectedAt = options.now ?? orgClock ?? '';
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: options.tool ?? { name: 'runas-guard', version: 'unknown' },
    mode: 'live',
    org: compact<NonNullable<OrgSnapshot['org']>>({
      id: orgId,
      instanceUrl: conn.instanceUrl,
      isSandbox: bool(orgRow.IsSandbox),
      name: text(orgRow.Name),
      timeZone: text(orgRow.TimeZoneSidKey),
    }),
    project: null,
    collectedAt,
    apps: [...apps.list].sort(byName),
    users: snapshotUsers.sort((a, b) =>
      compareText(a.username.toLowerCase(), b.username.toLowerCase()),
    ),
    profiles: profiles.map((p) => p.def).sort((a, b) => compareText(a.fullName, b.fullName)),
    permissionSets: access.permissionSets.sort(byName),
    mutingPermissionSets: access.mutingPermissionSets.sort(byName),
    permissionSetGroups: access.groups.sort(byName),
    assignments: access.assignments.sort(
      (a, b) =>
        compareText(a.username, b.username) ||
        compareText(a.permissionSet ?? '', b.permissionSet ?? '') ||
        compareText(a.permissionSetGroup ?? '', b.permissionSetGroup ?? ''),
    ),
    objects: access.objects,
    loginHistory,
    auditTrail,
    oauthTokens,
    ledger: tracker.ledger(),
    apiRequests: tracker.apiRequests + io.transport.retries,
    retries: io.transport.retries,
    ...(io.transport.apiUsage === undefined ? {} : { apiUsage: { ...io.transport.apiUsage } }),
    failedRequests: [...tracker.failedRequests],
    apiVersion: conn.version,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareText(a.name, b.name);
}

// ---------------------------------------------------------------------------------------------

interface CollectedApps {
  list: ClientApp[];
  /** Usernames to look up: run-as users and Apex handler users, as configured. */
  usernames: string[];
  /** Run-as references that are User Ids (Tooling `ClientCredentialsFlowUser`, UNCONFIRMED form). */
  userIds: string[];
}

interface LiveUser {
  id: string;
  username: string;
  name?: string;
  isActive: boolean;
  userType?: string;
  profileId?: string;
  profileName?: string;
  userLicense?: string;
  lastLoginDate?: string;
}

interface CollectedAccess {
  permissionSets: PermissionSetDef[];
  mutingPermissionSets: MutingPermissionSetDef[];
  groups: PermissionSetGroupDef[];
  assignments: SnapshotAssignment[];
  objects: Record<string, string[]>;
  /** Profile Id (15-character key) → the profile-owned permission set row and its content rows. */
  profileOwnedSets: Map<string, { row: Raw; rows: PermissionRows }>;
}

interface CollectedPolicies {
  /** Profile Id (15-character key) → metadata full name, policy and session settings. */
  byProfileId: Map<
    string,
    { fullName?: string; policy?: ProfilePolicy; session?: SessionSetting; fileName?: string }
  >;
}

/** The steps of one collection, each a few tracked requests over all apps and users at once. */
class LiveRun {
  constructor(
    readonly io: LiveIo,
    readonly tracker: RequestTracker,
    readonly historyDays: number,
  ) {}

  /** Incremental reads after these instants; the window without. */
  history: HistorySince = {};

  /** The window parameters of a history query, or its incremental read after `since`. */
  #historyParams(since: string | undefined): { params: SoqlParams; variant: QueryVariant } {
    return since === undefined
      ? { params: { numbers: { days: this.historyDays } }, variant: 'window' }
      : { params: { datetimes: { since } }, variant: 'incremental' };
  }

  async apps(): Promise<CollectedApps> {
    const { io, tracker } = this;
    const listed = await tracker.run('metadata.listMetadata.apps', (ctx) =>
      io.listMetadata(['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies'], ctx),
    );
    const namesOf = (type: string): Map<string, string | undefined> =>
      new Map(
        (listed ?? [])
          .filter((f) => f.type === type)
          .flatMap((f) => {
            const name = text(f.fullName);
            return name === undefined ? [] : [[name, text(f.fileName)] as const];
          }),
      );
    const caFiles = namesOf('ConnectedApp');
    const policyFiles = namesOf('ExtlClntAppOauthConfigurablePolicies');

    const caRecords =
      caFiles.size === 0
        ? []
        : ((await tracker.run('metadata.readMetadata.ConnectedApp', (ctx) =>
            io.readMetadata('ConnectedApp', [...caFiles.keys()], ctx),
          )) ?? []);
    const connectedApps = caRecords.flatMap((record) => {
      const app = connectedAppFromMetadata(record, caFiles.get(text(record.fullName) ?? ''));
      return app === undefined ? [] : [app];
    });

    const ecaRows = await tracker.run('tooling.query.ExternalClientApplication', (ctx) =>
      io.queryEntry('tooling.query.ExternalClientApplication', {}, ctx),
    );
    let ecas: ClientApp[] = [];
    if (ecaRows !== undefined && ecaRows.length > 0) {
      const policies = await tracker.run('tooling.query.ExtlClntAppOauthPlcyCnfg', (ctx) =>
        io.queryEntry('tooling.query.ExtlClntAppOauthPlcyCnfg', {}, ctx),
      );
      const settings = await tracker.run('tooling.query.ExtlClntAppOauthSettings', (ctx) =>
        io.queryEntry('tooling.query.ExtlClntAppOauthSettings', {}, ctx),
      );
      const policyMetadata =
        policyFiles.size === 0
          ? []
          : ((await tracker.run(
              'metadata.readMetadata.ExtlClntAppOauthConfigurablePolicies',
              (ctx) =>
                io.readMetadata(
                  'ExtlClntAppOauthConfigurablePolicies',
                  [...policyFiles.keys()],
                  ctx,
                ),
            )) ?? []);
      ecas = externalClientApps({
        apps: ecaRows,
        policies: policies ?? [],
        settings: settings ?? [],
        policyMetadata,
      });
    }

    const list = [...connectedApps, ...ecas];
    const usernames = new Map<string, string>();
    const userIds = new Set<string>();
    for (const app of list) {
      for (const ref of [app.runAsUsername, app.handlerRunAsUsername]) {
        if (ref === undefined) continue;
        if (isUserId(ref)) userIds.add(ref);
        else if (!usernames.has(ref.toLowerCase())) usernames.set(ref.toLowerCase(), ref);
      }
    }
    return { list, usernames: [...usernames.values()].sort(), userIds: [...userIds].sort() };
  }

  async users(apps: CollectedApps): Promise<LiveUser[]> {
    const { io, tracker } = this;
    const rows: Raw[] = [];
    if (apps.usernames.length > 0) {
      const found = await tracker.run('rest.query.User', (ctx) =>
        io.queryChunked('rest.query.User', {}, 'usernames', apps.usernames, ctx),
      );
      for (const row of found ?? []) rows.push(row);
    }
    if (apps.userIds.length > 0) {
      const found = await tracker.run('rest.query.User.byId', (ctx) =>
        io.queryChunked('rest.query.User.byId', {}, 'userIds', apps.userIds, ctx),
      );
      for (const row of found ?? []) rows.push(row);
    }
    const users = new Map<string, LiveUser>();
    for (const row of rows) {
      const user = liveUser(row);
      if (user !== undefined) users.set(idKey(user.id), user);
    }
    // A run-as user named by Id (UNCONFIRMED Tooling form) is reported by its username.
    for (const app of apps.list) {
      if (app.runAsUsername !== undefined && isUserId(app.runAsUsername)) {
        const user = users.get(idKey(app.runAsUsername));
        if (user !== undefined) app.runAsUsername = user.username;
      }
      if (app.handlerRunAsUsername !== undefined && isUserId(app.handlerRunAsUsername)) {
        const user = users.get(idKey(app.handlerRunAsUsername));
        if (user !== undefined) app.handlerRunAsUsername = user.username;
      }
    }
    return [...users.values()];
  }

  /** The facets that are scoped by user Ids cannot run when the users could not be read. */
  #blockedWithoutUsers(facet: Facet): boolean {
    const cause = this.tracker.failureOf('users');
    if (cause === undefined) return false;
    this.tracker.blocked(facet, cause);
    return true;
  }

  async userLogins(
    users: readonly LiveUser[],
  ): Promise<Map<string, { isFrozen: boolean; isPasswordLocked: boolean }> | undefined> {
    if (this.#blockedWithoutUsers('userLogin') || users.length === 0) return new Map();
    const rows = await this.tracker.run('rest.query.UserLogin', (ctx) =>
      this.io.queryChunked(
        'rest.query.UserLogin',
        {},
        'userIds',
        users.map((u) => u.id),
        ctx,
      ),
    );
    if (rows === undefined) return undefined;
    const map = new Map<string, { isFrozen: boolean; isPasswordLocked: boolean }>();
    for (const row of rows) {
      const userId = text(row.UserId);
      if (userId !== undefined)
        map.set(idKey(userId), {
          isFrozen: bool(row.IsFrozen),
          isPasswordLocked: bool(row.IsPasswordLocked),
        });
    }
    return map;
  }

  async access(users: readonly LiveUser[]): Promise<CollectedAccess> {
    const { io, tracker } = this;
    const result: CollectedAccess = {
      permissionSets: [],
      mutingPermissionSets: [],
      groups: [],
      assignments: [],
      objects: {},
      profileOwnedSets: new Map(),
    };
    if (this.#blockedWithoutUsers('access') || users.length === 0) return result;
    const userIds = users.map((u) => u.id);

    const assignments = await tracker.run('rest.query.PermissionSetAssignment', (ctx) =>
      io.queryChunked('rest.query.PermissionSetAssignment', {}, 'userIds', userIds, ctx),
    );
    if (assignments === undefined) return result;
    const groupIds = uniqueIds(assignments.map((a) => text(a.PermissionSetGroupId)));
    const heldSetIds = uniqueIds(assignments.map((a) => text(a.PermissionSetId)));

    const describe = await tracker.run('rest.describe.PermissionSet', (ctx) =>
      io.describe('/services/data/v{version}/sobjects/PermissionSet/describe', ctx),
    );
    if (describe === undefined) return result;
    const setFields = permissionFieldsOf(describe);

    const groupRows =
      groupIds.length === 0
        ? []
        : ((await tracker.run('rest.query.PermissionSetGroup', (ctx) =>
            io.queryChunked('rest.query.PermissionSetGroup', {}, 'ids', groupIds, ctx),
          )) ?? []);
    const components =
      groupIds.length === 0
        ? []
        : ((await tracker.run('rest.query.PermissionSetGroupComponent', (ctx) =>
            io.queryChunked('rest.query.PermissionSetGroupComponent', {}, 'ids', groupIds, ctx),
          )) ?? []);
    const componentIds = uniqueIds(components.map((c) => text(c.PermissionSetId)));

    // Held sets and group members in one query; a component that is not a PermissionSet is the group's muting set.
    const allSetIds = uniqueIds([...heldSetIds, ...componentIds]);
    const setRows = await this.#withFields('rest.query.PermissionSet', allSetIds, setFields);
    const setById = new Map(setRows.map((r) => [idKey(text(r.Id) ?? ''), r]));
    const mutingIds = componentIds.filter((id) => !setById.has(idKey(id)));
    let mutingRows: Raw[] = [];
    if (mutingIds.length > 0) {
      const mutingDescribe = await tracker.run('rest.describe.MutingPermissionSet', (ctx) =>
        io.describe('/services/data/v{version}/sobjects/MutingPermissionSet/describe', ctx),
      );
      if (mutingDescribe !== undefined)
        mutingRows = await this.#withFields(
          'rest.query.MutingPermissionSet',
          mutingIds,
          permissionFieldsOf(mutingDescribe),
        );
    }

    // Object and field permissions of every container that carries them (not the group aggregates:
    // the group's grants are computed from its members and muting set, src/model/effective).
    const parentIds = uniqueIds([
      ...setRows.filter((r) => !isGroupAggregate(r)).map((r) => text(r.Id)),
      ...mutingRows.map((r) => text(r.Id)),
    ]);
    const rows: PermissionRows = { objects: new Map(), fields: new Map() };
    if (parentIds.length > 0) {
      // Up to a million field-permission rows: each page is folded into the per-container map and the
      // object index as it arrives, each row kept only with the columns permissionContentOf reads.
      const fieldsByObject = new Map<string, Set<string>>();
      const objectRows = await tracker.run('rest.query.ObjectPermissions', async (ctx) => {
        const byParent = new Map<string, Raw[]>();
        await io.eachChunkedPage(
          'rest.query.ObjectPermissions',
          {},
          'ids',
          parentIds,
          ctx,
          (page) => {
            for (const o of page) addByParent(byParent, o, OBJECT_PERMISSION_COLUMNS);
          },
        );
        return byParent;
      });
      const fieldRows = await tracker.run('rest.query.FieldPermissions', async (ctx) => {
        const byParent = new Map<string, Raw[]>();
        const seen = new Map<string, Set<string>>();
        await io.eachChunkedPage(
          'rest.query.FieldPermissions',
          {},
          'ids',
          parentIds,
          ctx,
          (page) => {
            for (const f of page) {
              addByParent(byParent, f, FIELD_PERMISSION_COLUMNS);
              const [object, field] = (text(f.Field) ?? '').split('.');
              if (object === undefined || field === undefined || field === '') continue;
              let fields = seen.get(object);
              if (fields === undefined) seen.set(object, (fields = new Set()));
              fields.add(field);
            }
          },
        );
        return { byParent, seen };
      });
      rows.objects = objectRows ?? new Map();
      rows.fields = fieldRows?.byParent ?? new Map();
      for (const list of rows.objects.values())
        for (const o of list) {
          const object = text(o.SobjectType);
          if (object !== undefined && !fieldsByObject.has(object))
            fieldsByObject.set(object, new Set());
        }
      for (const [object, fields] of fieldRows?.seen ?? []) {
        const all = fieldsByObject.get(object);
        if (all === undefined) fieldsByObject.set(object, fields);
        else for (const field of fields) all.add(field);
      }
      result.objects = Object.fromEntries(
        [...fieldsByObject.keys()]
          .sort(compareText)
          .map((object) => [object, [...(fieldsByObject.get(object) ?? [])].sort()]),
      );
    }

    const setNameById = new Map<string, string>();
    for (const row of setRows) {
      const id = text(row.Id);
      if (id === undefined) continue;
      if (bool(row.IsOwnedByProfile)) {
        const profileId = text(row.ProfileId);
        if (profileId !== undefined) result.profileOwnedSets.set(idKey(profileId), { row, rows });
        continue;
      }
      if (isGroupAggregate(row)) continue;
      const name = qualifiedName(row, 'Name');
      if (name === undefined) continue;
      setNameById.set(idKey(id), name);
      result.permissionSets.push(
        compact<PermissionSetDef>({
          kind: 'PermissionSet',
          name,
          label: text(row.Label) ?? name,
          description: text(row.Description),
          // The licence is a polymorphic lookup (LicenseId); its name is not collected.
          license: undefined,
          hasActivationRequired: bool(row.HasActivationRequired),
          location: undefined,
          ...permissionContentOf(row, rows),
        }),
      );
    }
    const mutingNameById = new Map<string, string>();
    for (const row of mutingRows) {
      const id = text(row.Id);
      const name = text(row.DeveloperName);
      if (id === undefined || name === undefined) continue;
      mutingNameById.set(idKey(id), name);
      result.mutingPermissionSets.push(
        compact<MutingPermissionSetDef>({
          kind: 'MutingPermissionSet',
          name,
          label: text(row.MasterLabel) ?? name,
          description: undefined,
          location: undefined,
          ...permissionContentOf(row, rows),
        }),
      );
    }

    const groupNameById = new Map<string, string>();
    for (const row of groupRows) {
      const id = text(row.Id);
      const name = qualifiedName(row, 'DeveloperName');
      if (id === undefined || name === undefined) continue;
      groupNameById.set(idKey(id), name);
      const mine = components.filter(
        (c) => idKey(text(c.PermissionSetGroupId) ?? '') === idKey(id),
      );
      const members = uniqueNames(
        mine.map((c) => setNameById.get(idKey(text(c.PermissionSetId) ?? ''))),
      );
      const muting = mine
        .map((c) => mutingNameById.get(idKey(text(c.PermissionSetId) ?? '')))
        .find((n) => n !== undefined);
      result.groups.push(
        compact<PermissionSetGroupDef>({
          kind: 'PermissionSetGroup',
          name,
          label: text(row.MasterLabel) ?? name,
          description: text(row.Description),
          permissionSets: members.sort(),
          mutingPermissionSet: muting,
          hasActivationRequired: bool(row.HasActivationRequired),
          status: groupStatus(row.Status),
          location: undefined,
        }),
      );
    }

    const usernameById = new Map(users.map((u) => [idKey(u.id), u.username]));
    for (const a of assignments) {
      const username = usernameById.get(idKey(text(a.AssigneeId) ?? ''));
      if (username === undefined) continue;
      const expirationDate = isoDateTime(a.ExpirationDate);
      const groupId = text(a.PermissionSetGroupId);
      if (groupId !== undefined) {
        const group = groupNameById.get(idKey(groupId));
        if (group !== undefined)
          result.assignments.push(
            compact<SnapshotAssignment>({
              username,
              permissionSet: undefined,
              permissionSetGroup: group,
              expirationDate,
            }),
          );
        continue;
      }
      // The profile-owned set stands for the profile, which the snapshot carries separately.
      const set = setNameById.get(idKey(text(a.PermissionSetId) ?? ''));
      if (set !== undefined)
        result.assignments.push(
          compact<SnapshotAssignment>({
            username,
            permissionSet: set,
            permissionSetGroup: undefined,
            expirationDate,
          }),
        );
    }
    return result;
  }

  /** Rows of a container query with every Permissions* column (LiveIo.queryWithFields). */
  async #withFields(
    id: 'rest.query.PermissionSet' | 'rest.query.MutingPermissionSet',
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<Raw[]> {
    if (ids.length === 0) return [];
    const rows = await this.tracker.run(id, (ctx) => this.io.queryWithFields(id, ids, fields, ctx));
    return rows ?? [];
  }

  async profilePolicies(users: readonly LiveUser[]): Promise<CollectedPolicies> {
    const { io, tracker } = this;
    const result: CollectedPolicies = { byProfileId: new Map() };
    if (this.#blockedWithoutUsers('profilePolicies') || users.length === 0) return result;
    const profileIds = uniqueIds(users.map((u) => u.profileId));
    if (profileIds.length === 0) return result;
    for (const id of profileIds) result.byProfileId.set(idKey(id), {});

    const listed = await tracker.run(
      'metadata.listMetadata.profiles',
      (ctx) => io.listMetadata(['Profile', 'ProfileSessionSetting'], ctx),
      // The Tooling Profile query gives IP ranges and login hours, not session settings.
      { fallback: { request: 'tooling.query.Profile', lacks: ['sessionSettings'] } },
    );
    const sessionNames = new Set<string>();
    for (const f of listed ?? []) {
      const fullName = text(f.fullName);
      if (fullName === undefined) continue;
      if (f.type === 'ProfileSessionSetting') sessionNames.add(fullName);
      if (f.type !== 'Profile') continue;
      const id = text(f.id);
      const entry = id === undefined ? undefined : result.byProfileId.get(idKey(id));
      if (entry !== undefined) {
        entry.fullName = fullName;
        const fileName = text(f.fileName);
        if (fileName !== undefined) entry.fileName = fileName;
      }
    }

    // Profiles whose full name listMetadata gave: readMetadata, 10 per call.
    const named = [...result.byProfileId.entries()].filter(([, e]) => e.fullName !== undefined);
    if (named.length > 0) {
      const records = await tracker.run(
        'metadata.readMetadata.Profile',
        (ctx) =>
          io.readMetadata(
            'Profile',
            named.map(([, e]) => e.fullName ?? ''),
            ctx,
          ),
        { fallback: { request: 'tooling.query.Profile', lacks: [] } },
      );
      for (const record of records ?? []) {
        const fullName = text(record.fullName);
        const entry = named.find(([, e]) => e.fullName === fullName)?.[1];
        if (entry !== undefined) entry.policy = profilePolicyOf(record);
      }
    }

    // The rest (Metadata API forbidden, or no id match): the Tooling one-row query per profile.
    const rest = [...result.byProfileId.entries()].filter(([, e]) => e.policy === undefined);
    if (rest.length > 0) {
      await tracker.run('tooling.query.Profile', async (ctx) => {
        for (const [key] of rest) {
          const profileId = profileIds.find((id) => idKey(id) === key) ?? key;
          const [row] = await io.queryEntry(
            'tooling.query.Profile',
            { values: { profileId } },
            ctx,
          );
          const entry = result.byProfileId.get(key);
          if (row === undefined || entry === undefined) continue;
          const fullName = text(row.FullName);
          if (entry.fullName === undefined && fullName !== undefined) entry.fullName = fullName;
          // Metadata may be null (a Tooling query selecting Metadata answers it for one row at
          // most, and not always): then nothing is known about its policies.
          if (isRecord(row.Metadata)) entry.policy = profilePolicyOf(row.Metadata);
        }
      });
    }

    // Session settings exist only as ProfileSessionSetting metadata (listed by profile name).
    const labelOf = (key: string): string | undefined =>
      users.find((u) => u.profileId !== undefined && idKey(u.profileId) === key)?.profileName;
    if (listed !== undefined && sessionNames.size > 0) {
      const wanted = new Set<string>();
      for (const [key, entry] of result.byProfileId) {
        for (const name of [entry.fullName, labelOf(key)])
          if (name !== undefined && sessionNames.has(name)) wanted.add(name);
      }
      if (wanted.size > 0) {
        const records = await tracker.run('metadata.readMetadata.ProfileSessionSetting', (ctx) =>
          io.readMetadata('ProfileSessionSetting', [...wanted].sort(), ctx),
        );
        for (const record of records ?? []) {
          const setting = sessionSettingOf(record);
          if (setting === undefined) continue;
          for (const [key, entry] of result.byProfileId) {
            if (setting.profile === entry.fullName || setting.profile === labelOf(key))
              entry.session = setting;
          }
        }
      }
    }
    return result;
  }

  async loginHistory(users: readonly LiveUser[]): Promise<LoginHistoryEntry[]> {
    if (this.#blockedWithoutUsers('loginHistory') || users.length === 0) return [];
    const { params, variant } = this.#historyParams(this.history.loginHistorySince);
    const usernameById = new Map(users.map((u) => [idKey(u.id), u.username]));
    // Up to hundreds of thousands of rows: each page is folded into entries as it arrives, the
    // repeated texts (type, status, application, IP) kept once (docs/performance.md).
    const strings = new Interner();
    const entries = await this.tracker.run('rest.query.LoginHistory', async (ctx) => {
      const out: LoginHistoryEntry[] = [];
      await this.io.eachChunkedPage(
        'rest.query.LoginHistory',
        params,
        'userIds',
        users.map((u) => u.id),
        ctx,
        (page) => {
          for (const row of page) {
            const username = usernameById.get(idKey(text(row.UserId) ?? ''));
            const loginTime = isoDateTime(row.LoginTime);
            if (username === undefined || loginTime === undefined) continue;
            out.push(
              compact<LoginHistoryEntry>({
                id: text(row.Id),
                username,
                loginTime,
                loginType: strings.of(text(row.LoginType)) ?? '',
                status: strings.of(text(row.Status)) ?? '',
                application: strings.of(text(row.Application)),
                sourceIp: strings.of(text(row.SourceIp)),
              }),
            );
          }
        },
        variant,
      );
      return out;
    });
    return (entries ?? []).sort(
      (a, b) => compareText(b.loginTime, a.loginTime) || compareText(a.username, b.username),
    );
  }

  async auditTrail(): Promise<AuditTrailEntry[]> {
    const { params, variant } = this.#historyParams(this.history.auditTrailSince);
    const strings = new Interner();
    const entries = await this.tracker.run('rest.query.SetupAuditTrail', async (ctx) => {
      const out: AuditTrailEntry[] = [];
      await this.io.eachEntryPage(
        'rest.query.SetupAuditTrail',
        params,
        ctx,
        (page) => {
          for (const row of page) {
            const createdDate = isoDateTime(row.CreatedDate);
            if (createdDate === undefined) continue;
            out.push(
              compact<AuditTrailEntry>({
                id: text(row.Id),
                action: strings.of(text(row.Action)) ?? '',
                section: strings.of(text(row.Section)),
                display: text(row.Display) ?? '',
                createdDate,
                createdBy: isRecord(row.CreatedBy)
                  ? strings.of(text(row.CreatedBy.Username))
                  : undefined,
              }),
            );
          }
        },
        variant,
      );
      return out;
    });
    return (entries ?? []).sort(
      (a, b) => compareText(b.createdDate, a.createdDate) || compareText(a.action, b.action),
    );
  }

  async oauthTokens(users: readonly LiveUser[]): Promise<OauthTokenEntry[]> {
    if (this.#blockedWithoutUsers('oauthTokens') || users.length === 0) return [];
    const rows = await this.tracker.run('rest.query.OauthToken', (ctx) =>
      this.io.queryChunked(
        'rest.query.OauthToken',
        {},
        'userIds',
        users.map((u) => u.id),
        ctx,
      ),
    );
    const usernameById = new Map(users.map((u) => [idKey(u.id), u.username]));
    const out: OauthTokenEntry[] = [];
    for (const row of rows ?? []) {
      const username = usernameById.get(idKey(text(row.UserId) ?? ''));
      if (username === undefined) continue;
      out.push(
        compact<OauthTokenEntry>({
          username,
          appName: text(row.AppName) ?? '',
          createdDate: isoDateTime(row.CreatedDate),
          lastUsedDate: isoDateTime(row.LastUsedDate),
          useCount: int(row.UseCount, 0, Number.MAX_SAFE_INTEGER),
        }),
      );
    }
    return out.sort(
      (a, b) => compareText(a.username, b.username) || compareText(a.appName, b.appName),
    );
  }
}

// ---------------------------------------------------------------------------------------------

interface BuiltProfile {
  profileId: string;
  def: ProfileDef;
}

/** A ProfileDef for every run-as user's profile whose profile-owned permission set was collected. */
function buildProfiles(
  users: readonly LiveUser[],
  access: CollectedAccess,
  policies: CollectedPolicies,
): BuiltProfile[] {
  const out = new Map<string, BuiltProfile>();
  for (const user of users) {
    if (user.profileId === undefined) continue;
    const key = idKey(user.profileId);
    if (out.has(key)) continue;
    const owned = access.profileOwnedSets.get(key);
    // Without the profile's permissions the engine reports the user's access as unresolved (an error, never a pass).
    if (owned === undefined) continue;
    const meta = policies.byProfileId.get(key);
    const name = user.profileName ?? key;
    out.set(key, {
      profileId: key,
      def: compact<ProfileDef>({
        kind: 'Profile',
        // Without the metadata full name the label stands in (custom profiles use their name as full name).
        fullName: meta?.fullName ?? name,
        name,
        custom: bool(owned.row.IsCustom),
        userLicense: user.userLicense ?? '',
        description: undefined,
        ...permissionContentOf(owned.row, owned.rows),
        loginIpRanges: meta?.policy?.loginIpRanges ?? [],
        loginHours: meta?.policy?.loginHours,
        requiredSessionLevel: meta?.session?.requiredSessionLevel,
        sessionTimeoutMinutes: meta?.session?.sessionTimeoutMinutes,
        location: meta?.fileName === undefined ? undefined : { file: meta.fileName },
      }),
    });
  }
  return [...out.values()];
}

function liveUser(row: Raw): LiveUser | undefined {
  const id = text(row.Id);
  const username = text(row.Username);
  if (id === undefined || username === undefined) return undefined;
  const profile = isRecord(row.Profile) ? row.Profile : undefined;
  const licence =
    profile !== undefined && isRecord(profile.UserLicense) ? profile.UserLicense : undefined;
  return compact<LiveUser>({
    id,
    username,
    name: text(row.Name),
    isActive: bool(row.IsActive),
    userType: text(row.UserType),
    profileId: text(row.ProfileId),
    profileName: profile === undefined ? undefined : text(profile.Name),
    userLicense: licence === undefined ? undefined : text(licence.Name),
    lastLoginDate: isoDateTime(row.LastLoginDate),
  });
}

function isUserId(value: string): boolean {
  return value.startsWith('005') && isSalesforceId(value);
}

function isGroupAggregate(row: Raw): boolean {
  return text(row.PermissionSetGroupId) !== undefined || text(row.Type) === 'Group';
}

function qualifiedName(row: Raw, field: string): string | undefined {
  const name = text(row[field]);
  const namespace = text(row.NamespacePrefix);
  return name === undefined || namespace === undefined ? name : `${namespace}__${name}`;
}

const GROUP_STATUSES: readonly PermissionSetGroupStatus[] = [
  'Updated',
  'Outdated',
  'Updating',
  'Failed',
];

/** An unknown or missing status is treated as Outdated: the group's access is then uncertain, not assumed. */
function groupStatus(value: unknown): PermissionSetGroupStatus {
  const status = text(value);
  return GROUP_STATUSES.find((s) => s === status) ?? 'Outdated';
}

/** The columns of a permission row that permissionContentOf reads (not the row's attributes or Id). */
const OBJECT_PERMISSION_COLUMNS = [
  'SobjectType',
  'PermissionsRead',
  'PermissionsCreate',
  'PermissionsEdit',
  'PermissionsDelete',
  'PermissionsViewAllRecords',
  'PermissionsModifyAllRecords',
  'PermissionsViewAllFields',
] as const;
const FIELD_PERMISSION_COLUMNS = ['Field', 'PermissionsRead', 'PermissionsEdit'] as const;

/** Files a compact copy of `row` (only `columns`) under its ParentId (15-character key). */
function addByParent(byParent: Map<string, Raw[]>, row: Raw, columns: readonly string[]): void {
  const parent = text(row.ParentId);
  if (parent === undefined) return;
  const kept: Raw = {};
  for (const column of columns) if (row[column] !== undefined) kept[column] = row[column];
  const key = idKey(parent);
  const list = byParent.get(key);
  if (list === undefined) byParent.set(key, [kept]);
  else list.push(kept);
}

/** One instance of each repeated text: rows parsed page by page would each hold their own copy. */
class Interner {
  readonly #seen = new Map<string, string>();

  of(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const known = this.#seen.get(value);
    if (known !== undefined) return known;
    this.#seen.set(value, value);
    return value;
  }
}

/** Distinct Ids, 15- and 18-character forms counted once. */
function uniqueIds(values: readonly (string | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) if (v !== undefined && !seen.has(idKey(v))) seen.set(idKey(v), v);
  return [...seen.values()];
}

function uniqueNames(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}
