// The request floor of an audit (docs/performance.md, "Benchmark"): the fewest requests that can
// read what the audit needs from this org. Every query the audit needs costs ceil(rows / 2,000)
// requests (at least one), as if its whole IN list fitted in one URI and its columns in one SELECT;
// every Metadata read costs ceil(names / 10); each call without rows to page (the version resources,
// listMetadata, a describe, userinfo) costs one.
//
// `auditFacts` fetches exactly those rows with bare jsforce (the benchmark's `live.transferMs`) and
// counts them; `floorOf` adds them up. The scope mirrors src/collect/live/collect-live.ts: the
// run-as and Apex handler users of every app, their assignments, groups, group components, permission
// sets and muting sets, the object and field permissions of those containers (not of every set in the
// org), their profiles' metadata, their UserLogin, Login History and OAuth tokens in the look-back
// window, the Setup Audit Trail of the window; and the auditor's own assignments and sets, which the
// audit reads to trust the answers Salesforce narrows silently (src/audit/silent-partial.ts), counted
// as part of the same queries plus one userinfo call.

import type { Connection } from '@jsforce/jsforce-node';

import { renderSoql, soqlTemplate } from '../src/collect/catalog.js';
import type { CatalogId, SoqlParams } from '../src/collect/catalog.js';
import { permissionFieldsOf } from '../src/collect/normalize/permissions.js';
import {
  columnChunks,
  eachRow,
  eachRowIn,
  getRest,
  idKey,
  listMetadata,
  PAGE_ROWS,
  readMetadata,
  READ_METADATA_BATCH,
  text,
} from './jsforce.js';
import type { Row } from './jsforce.js';

/** What the audit needs from one org, counted. */
export interface FactCounts {
  /** Rows each needed query returns (summed over its IN batches), by the collector's request name. */
  rows: Record<string, number>;
  /** Names each needed readMetadata reads, by type (the table dump reads the same). */
  metadata: Record<string, string[]>;
  /** Calls with nothing to page, one request each. */
  calls: string[];
}

export interface Floor {
  total: number;
  /** Requests of each part, by request name. */
  parts: Record<string, number>;
}

/** The floor of `counts`: calls + Σ max(1, ceil(rows / 2,000)) + Σ ceil(names / 10). */
export function floorOf(counts: FactCounts): Floor {
  const parts: Record<string, number> = {};
  for (const call of counts.calls) parts[call] = (parts[call] ?? 0) + 1;
  for (const [query, rows] of Object.entries(counts.rows))
    parts[query] = Math.max(1, Math.ceil(rows / PAGE_ROWS));
  for (const [type, names] of Object.entries(counts.metadata))
    if (names.length > 0)
      parts[`metadata.readMetadata.${type}`] = Math.ceil(names.length / READ_METADATA_BATCH);
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts };
}

export interface AuditFactsOptions {
  /** Look-back of Login History and the Setup Audit Trail, days (the audit's default, 90). */
  historyDays?: number;
}

/**
 * Fetches with jsforce every row the audit needs, page by page, keeping only the Ids the next query
 * is scoped by; returns the counts the floor is computed from.
 */
export async function auditFacts(
  conn: Connection,
  options: AuditFactsOptions = {},
): Promise<FactCounts> {
  const days = options.historyDays ?? 90;
  const counts: FactCounts = { rows: {}, metadata: {}, calls: [] };
  const call = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    counts.calls.push(name);
    return fn();
  };
  const rows = async (name: string, n: Promise<number>): Promise<void> => {
    counts.rows[name] = (counts.rows[name] ?? 0) + (await n);
  };
  const sql = (id: CatalogId, list: string, extra: SoqlParams = {}): string =>
    renderSoql(
      soqlTemplate(id).replace(/\{(userIds|ids|usernames)\}/, () => list),
      extra,
    );

  // -- the org, its clock, the apps
  await call('http.versionResources', () => getRest(conn, ''));
  await rows(
    'rest.query.Organization',
    eachRow(conn, soqlTemplate('rest.query.Organization'), false),
  );
  const listed = await call('metadata.listMetadata.apps', () =>
    listMetadata(conn, ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies']),
  );
  const namesOf = (type: string): string[] =>
    [...new Set(listed.filter((f) => f.type === type).map((f) => f.fullName))].sort();
  const runAs = new Set<string>();
  const addRunAs = (value: unknown): void => {
    const name = text(value);
    if (name !== undefined) runAs.add(name);
  };
  const caNames = namesOf('ConnectedApp');
  counts.metadata.ConnectedApp = caNames;
  for (const record of await readMetadata(conn, 'ConnectedApp', caNames)) {
    const oauth = record.oauthConfig as Row | undefined;
    addRunAs(oauth?.oauthClientCredentialUser);
    addRunAs(record.pluginExecutionUser);
  }
  const ecaCount = await eachRow(
    conn,
    soqlTemplate('tooling.query.ExternalClientApplication'),
    true,
  );
  counts.rows['tooling.query.ExternalClientApplication'] = ecaCount;
  if (ecaCount > 0) {
    await rows(
      'tooling.query.ExtlClntAppOauthPlcyCnfg',
      eachRow(conn, soqlTemplate('tooling.query.ExtlClntAppOauthPlcyCnfg'), true, (row) => {
        addRunAs(row.ClientCredentialsFlowUser);
        addRunAs((row.ExecuteHandlerAs as Row | null | undefined)?.Username);
      }),
    );
    await rows(
      'tooling.query.ExtlClntAppOauthSettings',
      eachRow(conn, soqlTemplate('tooling.query.ExtlClntAppOauthSettings'), true),
    );
    const policyNames = namesOf('ExtlClntAppOauthConfigurablePolicies');
    counts.metadata.ExtlClntAppOauthConfigurablePolicies = policyNames;
    for (const record of await readMetadata(
      conn,
      'ExtlClntAppOauthConfigurablePolicies',
      policyNames,
    )) {
      addRunAs(record.clientCredentialsFlowUser);
      addRunAs(record.executeHandlerAs);
    }
  }

  // -- the run-as users (by username; by Id where an app names one)
  const byName = new Map<string, string>();
  const byId: string[] = [];
  for (const ref of runAs) {
    if (/^005\w{12}(\w{3})?$/.test(ref)) byId.push(ref);
    else if (!byName.has(ref.toLowerCase())) byName.set(ref.toLowerCase(), ref);
  }
  const users = new Map<string, { id: string; profileId?: string; profileName?: string }>();
  const addUser = (row: Row): void => {
    const id = text(row.Id);
    if (id === undefined) return;
    const profile = row.Profile as Row | null | undefined;
    const profileId = text(row.ProfileId);
    const profileName = text(profile?.Name);
    users.set(idKey(id), {
      id,
      ...(profileId === undefined ? {} : { profileId }),
      ...(profileName === undefined ? {} : { profileName }),
    });
  };
  if (byName.size > 0)
    await rows(
      'rest.query.User',
      eachRowIn(conn, [...byName.values()].sort(), (l) => sql('rest.query.User', l), addUser),
    );
  if (byId.length > 0)
    await rows(
      'rest.query.User.byId',
      eachRowIn(conn, byId.sort(), (l) => sql('rest.query.User.byId', l), addUser),
    );
  const userIds = [...users.values()].map((u) => u.id);
  // The auditor: who it is (one call); its assignments and sets ride on the run-as queries.
  const info = await call('rest.userinfo', () =>
    conn.request<{ user_id?: string }>('/services/oauth2/userinfo'),
  );
  const auditorId = text(info.user_id);
  if (userIds.length === 0) return counts;

  await rows(
    'rest.query.UserLogin',
    eachRowIn(conn, userIds, (l) => sql('rest.query.UserLogin', l)),
  );

  // -- access
  const runAsKeys = new Set(userIds.map(idKey));
  const assignees = auditorId === undefined ? userIds : [...userIds, auditorId];
  const held = { runAs: new Set<string>(), auditor: new Set<string>() };
  const groups = { runAs: new Set<string>(), auditor: new Set<string>() };
  await rows(
    'rest.query.PermissionSetAssignment',
    eachRowIn(
      conn,
      [...new Set(assignees)],
      (l) => sql('rest.query.PermissionSetAssignment', l),
      (row) => {
        const side = runAsKeys.has(idKey(text(row.AssigneeId) ?? '')) ? 'runAs' : 'auditor';
        const set = text(row.PermissionSetId);
        const group = text(row.PermissionSetGroupId);
        if (set !== undefined) held[side].add(idKey(set));
        if (group !== undefined) groups[side].add(idKey(group));
      },
    ),
  );
  const describe = await call('rest.describe.PermissionSet', () =>
    getRest(conn, '/sobjects/PermissionSet/describe'),
  );
  const allGroups = [...new Set([...groups.runAs, ...groups.auditor])];
  const components = { runAs: new Set<string>(), auditor: new Set<string>() };
  if (allGroups.length > 0) {
    await rows(
      'rest.query.PermissionSetGroup',
      eachRowIn(conn, allGroups, (l) => sql('rest.query.PermissionSetGroup', l)),
    );
    await rows(
      'rest.query.PermissionSetGroupComponent',
      eachRowIn(
        conn,
        allGroups,
        (l) => sql('rest.query.PermissionSetGroupComponent', l),
        (row) => {
          const group = idKey(text(row.PermissionSetGroupId) ?? '');
          const set = text(row.PermissionSetId);
          if (set === undefined) return;
          if (groups.runAs.has(group)) components.runAs.add(idKey(set));
          if (groups.auditor.has(group)) components.auditor.add(idKey(set));
        },
      ),
    );
  }
  const setIds = [
    ...new Set([...held.runAs, ...held.auditor, ...components.runAs, ...components.auditor]),
  ];
  const found = new Set<string>();
  const parents = new Set<string>();
  const runAsSets = new Set([...held.runAs, ...components.runAs]);
  const setFields = permissionFieldsOf(describe);
  // Every Permissions* column, split over several SELECTs to keep the URI short; rows counted once.
  const chunks = columnChunks(setFields.length === 0 ? ['Name'] : setFields);
  for (const [i, chunk] of chunks.entries()) {
    const n = await eachRowIn(
      conn,
      setIds,
      (l) => sql('rest.query.PermissionSet', l, { fields: chunk }),
      i > 0
        ? undefined
        : (row) => {
            const id = idKey(text(row.Id) ?? '');
            found.add(id);
            const aggregate = text(row.PermissionSetGroupId) !== undefined || row.Type === 'Group';
            if (runAsSets.has(id) && !aggregate) parents.add(id);
          },
    );
    if (i === 0) counts.rows['rest.query.PermissionSet'] = n;
  }
  const muting = [...new Set([...components.runAs, ...components.auditor])].filter(
    (id) => !found.has(id),
  );
  if (muting.length > 0) {
    const mutingDescribe = await call('rest.describe.MutingPermissionSet', () =>
      getRest(conn, '/sobjects/MutingPermissionSet/describe'),
    );
    const mutingFields = permissionFieldsOf(mutingDescribe);
    for (const [i, chunk] of columnChunks(
      mutingFields.length === 0 ? ['DeveloperName'] : mutingFields,
    ).entries()) {
      const n = await eachRowIn(conn, muting, (l) =>
        sql('rest.query.MutingPermissionSet', l, { fields: chunk }),
      );
      if (i === 0) counts.rows['rest.query.MutingPermissionSet'] = n;
    }
    for (const id of muting) if (components.runAs.has(id)) parents.add(id);
  }
  const parentIds = [...parents];
  if (parentIds.length > 0) {
    await rows(
      'rest.query.ObjectPermissions',
      eachRowIn(conn, parentIds, (l) => sql('rest.query.ObjectPermissions', l)),
    );
    await rows(
      'rest.query.FieldPermissions',
      eachRowIn(conn, parentIds, (l) => sql('rest.query.FieldPermissions', l)),
    );
  }

  // -- the run-as users' profiles: policies and session settings (Metadata API)
  const profiles = new Map<string, string | undefined>();
  for (const u of users.values())
    if (u.profileId !== undefined) profiles.set(idKey(u.profileId), u.profileName);
  if (profiles.size > 0) {
    const files = await call('metadata.listMetadata.profiles', () =>
      listMetadata(conn, ['Profile', 'ProfileSessionSetting']),
    );
    const sessions = new Set(
      files.filter((f) => f.type === 'ProfileSessionSetting').map((f) => f.fullName),
    );
    const fullNames = new Map<string, string>();
    for (const f of files)
      if (f.type === 'Profile' && f.id !== undefined && profiles.has(idKey(f.id)))
        fullNames.set(idKey(f.id), f.fullName);
    counts.metadata.Profile = [...fullNames.values()];
    await readMetadata(conn, 'Profile', counts.metadata.Profile);
    const wanted = new Set<string>();
    for (const [key, label] of profiles)
      for (const name of [fullNames.get(key), label])
        if (name !== undefined && sessions.has(name)) wanted.add(name);
    counts.metadata.ProfileSessionSetting = [...wanted].sort();
    await readMetadata(conn, 'ProfileSessionSetting', counts.metadata.ProfileSessionSetting);
  }

  // -- history and tokens
  await rows(
    'rest.query.LoginHistory',
    eachRowIn(conn, userIds, (l) => sql('rest.query.LoginHistory', l, { numbers: { days } })),
  );
  await rows(
    'rest.query.SetupAuditTrail',
    eachRow(
      conn,
      renderSoql(soqlTemplate('rest.query.SetupAuditTrail'), { numbers: { days } }),
      false,
    ),
  );
  await rows(
    'rest.query.OauthToken',
    eachRowIn(conn, userIds, (l) => sql('rest.query.OauthToken', l)),
  );
  return counts;
}
