// The two scripts users write instead of an audit, in bare jsforce, to compare request counts with
// (docs/performance.md, "Benchmark"):
// - tableDump: one unfiltered query per object the audit reads (same columns, paged; the
//   Permissions* columns of PermissionSet and MutingPermissionSet split over as few SELECTs as fit
//   a URI), plus the same Metadata reads as the audit;
// - perAppScript: for each app in turn, one query per fact about it (its run-as user, login state,
//   assignments, groups, sets, object and field permissions, profile metadata, Login History, OAuth
//   tokens), nothing shared between apps; what concerns the org once (the app list, describes, the
//   Setup Audit Trail) is read once.
// Neither keeps the rows; the benchmark counts their requests in the emulator's log.

import type { Connection } from '@jsforce/jsforce-node';

import { renderSoql, soqlLiteral, soqlTemplate } from '../src/collect/catalog.js';
import type { CatalogId, SoqlParams } from '../src/collect/catalog.js';
import { permissionFieldsOf } from '../src/collect/normalize/permissions.js';
import type { FactCounts } from './floor.js';
import {
  columnChunks,
  eachRow,
  eachRowIn,
  getRest,
  listMetadata,
  readMetadata,
  text,
} from './jsforce.js';
import type { Row } from './jsforce.js';

/** The catalog query without its WHERE clause (and ORDER BY): every row of the object. */
function unfiltered(id: CatalogId, params: SoqlParams = {}): string {
  return renderSoql(soqlTemplate(id).replace(/ WHERE .*$/, ''), params);
}

/** Dumps every table the audit reads; `facts` gives the Metadata names the audit reads. */
export async function tableDump(conn: Connection, facts: FactCounts): Promise<void> {
  await getRest(conn, '');
  await listMetadata(conn, ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies']);
  await listMetadata(conn, ['Profile', 'ProfileSessionSetting']);
  for (const [type, names] of Object.entries(facts.metadata)) await readMetadata(conn, type, names);
  await eachRow(conn, soqlTemplate('rest.query.Organization'), false);
  for (const id of [
    'tooling.query.ExternalClientApplication',
    'tooling.query.ExtlClntAppOauthPlcyCnfg',
    'tooling.query.ExtlClntAppOauthSettings',
  ] as const)
    await eachRow(conn, soqlTemplate(id), true);
  for (const id of [
    'rest.query.User',
    'rest.query.UserLogin',
    'rest.query.PermissionSetAssignment',
    'rest.query.PermissionSetGroup',
    'rest.query.PermissionSetGroupComponent',
    'rest.query.ObjectPermissions',
    'rest.query.FieldPermissions',
    'rest.query.LoginHistory',
    'rest.query.SetupAuditTrail',
    'rest.query.OauthToken',
  ] as const)
    await eachRow(conn, unfiltered(id), false);
  for (const [id, object] of [
    ['rest.query.PermissionSet', 'PermissionSet'],
    ['rest.query.MutingPermissionSet', 'MutingPermissionSet'],
  ] as const) {
    const fields = permissionFieldsOf(await getRest(conn, `/sobjects/${object}/describe`));
    for (const chunk of columnChunks(fields, 12_000))
      await eachRow(conn, unfiltered(id, { fields: chunk }), false);
  }
}

/** One app's facts, each read on its own: what a per-app script sends. */
async function oneApp(
  conn: Connection,
  app: { kind: 'ConnectedApp' | 'Eca'; name: string; policy?: string; ecaId?: string },
  setFields: readonly string[],
  mutingFields: readonly string[],
  days: number,
): Promise<void> {
  let runAs: string | undefined;
  if (app.kind === 'ConnectedApp') {
    const [record] = await readMetadata(conn, 'ConnectedApp', [app.name]);
    runAs = text((record?.oauthConfig as Row | undefined)?.oauthClientCredentialUser);
  } else {
    const where = ` WHERE ExternalClientApplicationId = ${soqlLiteral(app.ecaId ?? '')}`;
    await eachRow(conn, soqlTemplate('tooling.query.ExtlClntAppOauthPlcyCnfg') + where, true);
    await eachRow(conn, soqlTemplate('tooling.query.ExtlClntAppOauthSettings') + where, true);
    if (app.policy !== undefined) {
      const [record] = await readMetadata(conn, 'ExtlClntAppOauthConfigurablePolicies', [
        app.policy,
      ]);
      runAs = text(record?.clientCredentialsFlowUser);
    }
  }
  if (runAs === undefined) return;
  let user: Row | undefined;
  await eachRowIn(
    conn,
    [runAs],
    (l) => soqlTemplate('rest.query.User').replace('{usernames}', l),
    (row) => (user = row),
  );
  const userId = text(user?.Id);
  if (userId === undefined) return;
  const one = (id: CatalogId, params: SoqlParams = {}): string =>
    renderSoql(soqlTemplate(id), { ...params, lists: { userIds: [userId] } });
  await eachRow(conn, one('rest.query.UserLogin'), false);
  const sets = new Set<string>();
  const groups = new Set<string>();
  await eachRow(conn, one('rest.query.PermissionSetAssignment'), false, (row) => {
    const set = text(row.PermissionSetId);
    const group = text(row.PermissionSetGroupId);
    if (group !== undefined) groups.add(group);
    else if (set !== undefined) sets.add(set);
  });
  const muting = new Set<string>();
  if (groups.size > 0) {
    await eachRowIn(conn, [...groups], (l) =>
      soqlTemplate('rest.query.PermissionSetGroup').replace('{ids}', l),
    );
    await eachRowIn(
      conn,
      [...groups],
      (l) => soqlTemplate('rest.query.PermissionSetGroupComponent').replace('{ids}', l),
      (row) => {
        const set = text(row.PermissionSetId);
        if (set === undefined) return;
        // Muting sets have their own key prefix (0QM).
        if (set.startsWith('0QM')) muting.add(set);
        else sets.add(set);
      },
    );
  }
  for (const chunk of columnChunks(setFields))
    await eachRowIn(conn, [...sets], (l) =>
      renderSoql(soqlTemplate('rest.query.PermissionSet').replace('{ids}', l), { fields: chunk }),
    );
  if (muting.size > 0)
    for (const chunk of columnChunks(mutingFields))
      await eachRowIn(conn, [...muting], (l) =>
        renderSoql(soqlTemplate('rest.query.MutingPermissionSet').replace('{ids}', l), {
          fields: chunk,
        }),
      );
  const parents = [...sets, ...muting];
  for (const id of ['rest.query.ObjectPermissions', 'rest.query.FieldPermissions'] as const)
    await eachRowIn(conn, parents, (l) => soqlTemplate(id).replace('{ids}', l));
  const profileId = text(user?.ProfileId);
  if (profileId !== undefined) {
    const profileName = text((user?.Profile as Row | undefined)?.Name);
    // The profile's metadata name: the label here; listMetadata would give the full name.
    if (profileName !== undefined) {
      await readMetadata(conn, 'Profile', [profileName]);
      await readMetadata(conn, 'ProfileSessionSetting', [profileName]);
    }
  }
  await eachRow(conn, one('rest.query.LoginHistory', { numbers: { days } }), false);
  await eachRow(conn, one('rest.query.OauthToken'), false);
}

/** Every app in turn, as a per-app script reads it. */
export async function perAppScript(conn: Connection, days = 90): Promise<void> {
  await getRest(conn, '');
  await eachRow(conn, soqlTemplate('rest.query.Organization'), false);
  const listed = await listMetadata(conn, ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies']);
  const policyOf = new Map<string, string>();
  for (const f of listed)
    if (f.type === 'ExtlClntAppOauthConfigurablePolicies')
      policyOf.set(f.fullName.replace(/_oauthPlcy$/, ''), f.fullName);
  const apps: { kind: 'ConnectedApp' | 'Eca'; name: string; policy?: string; ecaId?: string }[] =
    listed
      .filter((f) => f.type === 'ConnectedApp')
      .map((f) => ({ kind: 'ConnectedApp' as const, name: f.fullName }));
  await eachRow(conn, soqlTemplate('tooling.query.ExternalClientApplication'), true, (row) => {
    const name = text(row.DeveloperName);
    const id = text(row.Id);
    if (name === undefined || id === undefined) return;
    const policy = policyOf.get(name);
    apps.push({ kind: 'Eca', name, ecaId: id, ...(policy === undefined ? {} : { policy }) });
  });
  const setFields = permissionFieldsOf(await getRest(conn, '/sobjects/PermissionSet/describe'));
  const mutingFields = permissionFieldsOf(
    await getRest(conn, '/sobjects/MutingPermissionSet/describe'),
  );
  await eachRow(
    conn,
    renderSoql(soqlTemplate('rest.query.SetupAuditTrail'), { numbers: { days } }),
    false,
  );
  for (const app of apps.sort((a, b) => (a.name < b.name ? -1 : 1)))
    await oneApp(conn, app, setFields, mutingFields, days);
}
