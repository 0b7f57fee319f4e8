// `runas-guard suggest` (docs/suggest.md, docs/adr/0016-suggest.md): the narrowest permission set that
// covers one integration's declared needs, what its current run-as user holds beyond them, and the
// steps to move. Pure: a snapshot and a manifest in, data out; the files are rendered in files.ts.
//
// Decisions:
// - The set grants the declared needs with the dependencies Salesforce requires of metadata (edit,
//   create, delete, View All and Modify All bring read; delete brings edit; Modify All brings View
//   All, edit and delete; field edit brings field read; docs/salesforce-behaviour.md 3.20), plus
//   ApiEnabled and ApiUserOnly, which a run-as user needs (docs/salesforce-behaviour.md 1.6) and
//   which the baseline of RG-0011 allows. A need on a field without field-level security (Id, Name,
//   required fields) is granted on its object, as RG-0010 reads it.
// - The set is checked with the one resolver before it is offered: alone on the standard Minimum
//   Access - API Only Integrations profile it must satisfy every need (RG-0010), and what RG-0011
//   would still call excess is reported as a note.
// - "Beyond" is RG-0011's own computation on the user's current effective access, so the report
//   and the audit agree; every container the user holds is to be unassigned (the new set covers
//   the needs), and a profile that grants excess is to be replaced by Minimum Access - API Only
//   Integrations.

import {
  declaredIntegration,
  describeNeed,
  grantKeyOf,
  isNeedGranted,
  needItems,
} from '../analyze/declared.js';
import type { NeedItem } from '../analyze/declared.js';
import { BASELINE_PROFILE, describeExcess, excessAccess } from '../analyze/facts/excess-access.js';
import type { ExcessItem } from '../analyze/facts/excess-access.js';
import type { Manifest, ManifestIntegration } from '../manifest/schema.js';
import { resolveEffectiveAccess } from '../model/effective/resolve.js';
import type { Via } from '../model/effective/types.js';
import type { ClientApp } from '../model/org.js';
import type {
  FieldPermission,
  ObjectPermission,
  PermissionContent,
  PermissionSetDef,
} from '../model/permissions.js';
import { emptyObjectPermission } from '../model/permissions.js';
import {
  accessCatalogFromSnapshot,
  assignmentsOf,
  isAssignmentActive,
  profileNamed,
  profileOf,
  snapshotUserAccess,
} from '../model/policy/index.js';
import type { OrgSnapshot, SnapshotUser } from '../model/snapshot.js';
import { STANDARD_PROFILES } from '../model/standard/profiles.js';
import { HIGH_RISK_PERMISSIONS } from '../analyze/facts/high-risk-permissions.js';
import { nearMiss } from '../util/edit-distance.js';

/** The user licence whose users take permission sets on the integration permission set licence. */
export const INTEGRATION_USER_LICENCE = 'Salesforce Integration';
/** The permission set licence as a permission set's `<license>` names it (docs/salesforce-behaviour.md 3.17). */
export const INTEGRATION_PSL_LABEL = 'Salesforce API Integration';
/** Its developer name, for `sf org assign permsetlicense --name` (docs/salesforce-behaviour.md 3.17). */
export const INTEGRATION_PSL_NAME = 'SalesforceAPIIntegrationPsl';
/** What every run-as user needs, granted by the set whatever the manifest says (RG-0007, RG-0008). */
export const RUN_AS_SYSTEM_PERMISSIONS = ['ApiEnabled', 'ApiUserOnly'] as const;

/** Why no suggestion can be made: a usage or input error (exit 2), with what to do. */
export class SuggestError extends Error {
  constructor(
    readonly code: 'UNKNOWN_APP' | 'NOT_DECLARED' | 'NO_NEEDS' | 'BAD_NAME' | 'NAME_TAKEN',
    message: string,
  ) {
    super(message);
    this.name = 'SuggestError';
  }
}

export interface SuggestInput {
  snapshot: OrgSnapshot;
  manifest: Manifest | undefined;
  /** Developer name of the app (case-insensitive). */
  app: string;
  /** Evaluation time, ISO-8601 (assignment expiry). */
  now: string;
  /** API name of the new permission set; default `<App>_Least_Privilege`. */
  name?: string | undefined;
}

/** One grant the current run-as user holds beyond the needs, with the containers granting it. */
export interface BeyondGrant {
  grant: string;
  via: string[];
}

export type Step =
  | { action: 'deploy'; text: string; components: string[] }
  | { action: 'assign-permission-set-license'; text: string; username: string; licence: string }
  | { action: 'assign-permission-set'; text: string; username: string; permissionSet: string }
  | {
      action: 'unassign-permission-set' | 'unassign-permission-set-group';
      text: string;
      username: string;
      container: string;
      beyond: string[];
    }
  | {
      action: 'change-profile';
      text: string;
      username: string;
      from: string;
      to: string;
      beyond: string[];
    }
  | {
      action: 'update-manifest';
      text: string;
      integration: string;
      runAsAccess: { profile?: string; permissionSets: string[]; permissionSetGroups: string[] };
    }
  | { action: 'verify'; text: string };

export interface Suggestion {
  app: { name: string; type: ClientApp['type']; adminApproved: boolean };
  integration: string;
  runAs: {
    username: string | undefined;
    /** The user as the source knows it; undefined when it does not. */
    profile?: string;
    userLicense?: string;
    /** Other apps this user runs (RG-0022). */
    sharedWith: string[];
  };
  permissionSet: PermissionSetDef & { location?: never };
  /** The needs, as RG-0010 lists them. */
  needs: string[];
  current:
    | { evaluated: true; beyond: BeyondGrant[]; missing: string[]; containers: string[] }
    | { evaluated: false; reason: string };
  steps: Step[];
  notes: string[];
}

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const MAX_NAME = 80;

/** The default name of the suggested set: `<App>_Least_Privilege`, within Salesforce's 80 characters. */
export function defaultSetName(app: string): string {
  const suffix = '_Least_Privilege';
  return `${app.replace(/_+$/, '').slice(0, MAX_NAME - suffix.length)}${suffix}`.replace(
    /__+/g,
    '_',
  );
}

/** Suggests the permission set for one app. @throws SuggestError */
export function suggest(input: SuggestInput): Suggestion {
  const { snapshot } = input;
  const app = findApp(snapshot, input.app);
  const entry = entryOf(input.manifest, app);
  if (entry.needs === undefined)
    throw new SuggestError(
      'NO_NEEDS',
      `the manifest entry ${entry.name} of ${app.name} declares no needs: add needs (objects, fields, systemPermissions) to it (docs/manifest.md)`,
    );
  const name = input.name ?? defaultSetName(app.name);
  if (!API_NAME.test(name) || name.length > MAX_NAME || name.endsWith('_'))
    throw new SuggestError(
      'BAD_NAME',
      `--name: ${JSON.stringify(name.slice(0, 100))} is not a permission set API name (a letter, then letters, digits and single underscores, at most ${MAX_NAME} characters, not ending with _)`,
    );

  const items = needItems(entry.needs);
  const notes: string[] = [];
  const username = app.runAsUsername ?? entry.runAs;
  const user = findUser(snapshot, username);
  const licence = licenceOf(snapshot, user, entry);
  const content = grantsOf(items, notes);
  const set: Suggestion['permissionSet'] = {
    kind: 'PermissionSet',
    name,
    label: labelOf(name),
    description: descriptionOf(entry.name, app.name),
    ...(licence === INTEGRATION_USER_LICENCE ? { license: INTEGRATION_PSL_LABEL } : {}),
    hasActivationRequired: false,
    ...content,
  };
  checkName(snapshot, set);
  selfCheck(snapshot, set, entry, items, input.now, notes);

  if (licence === undefined)
    notes.push(
      `The run-as user's licence is unknown here: if it is ${INTEGRATION_USER_LICENCE}, add <license>${INTEGRATION_PSL_LABEL}</license> to the set (docs/salesforce-behaviour.md 3.17).`,
    );
  const highRisk = HIGH_RISK_PERMISSIONS.filter((p) =>
    set.userPermissions.some((u) => u.toLowerCase() === p.name.toLowerCase()),
  );
  if (highRisk.length > 0)
    notes.push(
      `The manifest declares high-risk system permissions (${highRisk.map((p) => p.name).join(', ')}): RG-0009 reports them; confirm the callback needs them.`,
    );
  if (!app.adminApproved)
    notes.push(
      `${app.name} lets users self-authorize, so its pre-authorized list is not checked until Permitted Users is "Admin approved users are pre-authorized" (RG-0025).`,
    );
  if (
    app.runAsUsername !== undefined &&
    entry.runAs !== undefined &&
    app.runAsUsername.trim().toLowerCase() !== entry.runAs.trim().toLowerCase()
  )
    notes.push(
      `${app.name} runs as ${app.runAsUsername} while the manifest declares ${entry.runAs} (RG-0029 compares them): the steps use the user the app runs as.`,
    );
  if (app.runAsUsername === undefined)
    notes.push(
      `${app.name} has no run-as user configured (RG-0001)${entry.runAs === undefined ? '' : `: the steps use the manifest's runAs ${entry.runAs}`}.`,
    );

  const sharedWith =
    username === undefined
      ? []
      : snapshot.apps
          .filter(
            (a) => a.name !== app.name && a.runAsUsername?.toLowerCase() === username.toLowerCase(),
          )
          .map((a) => a.name)
          .sort();
  if (sharedWith.length > 0)
    notes.push(
      `${username ?? ''} is also the run-as user of ${sharedWith.join(', ')} (RG-0022): removing its other grants takes away what those apps use; give ${app.name} a dedicated user instead, or move them too.`,
    );

  const current = currentAccess(snapshot, user, username, entry, input.now, name);
  const steps = stepsOf({ app, entry, set, username, user, current, licence, snapshot });
  return {
    app: { name: app.name, type: app.type, adminApproved: app.adminApproved },
    integration: entry.name,
    runAs: {
      username,
      ...(user === undefined ? {} : { profile: user.profileName }),
      ...(licence === undefined ? {} : { userLicense: licence }),
      sharedWith,
    },
    permissionSet: set,
    needs: items.map(describeNeed),
    current: current.result,
    steps,
    notes,
  };
}

function findApp(snapshot: OrgSnapshot, name: string): ClientApp {
  const lower = name.toLowerCase();
  const app = snapshot.apps.find((a) => a.name.toLowerCase() === lower);
  if (app !== undefined) return app;
  const names = snapshot.apps.map((a) => a.name);
  const near = nearMiss(name, names);
  throw new SuggestError(
    'UNKNOWN_APP',
    `--app: no Connected App or External Client App named ${JSON.stringify(name.slice(0, 100))} in the source${near === undefined ? '' : ` (did you mean ${near}?)`}${names.length === 0 ? '' : `; apps: ${names.join(', ')}`}`,
  );
}

function entryOf(manifest: Manifest | undefined, app: ClientApp): ManifestIntegration {
  if (manifest === undefined)
    throw new SuggestError(
      'NOT_DECLARED',
      `suggest grants what the integration manifest declares: give --manifest FILE (or a runas-guard.yaml here) with an entry for ${app.name} and its needs (docs/manifest.md)`,
    );
  const entry = declaredIntegration({ manifest }, app);
  if (entry === undefined)
    throw new SuggestError(
      'NOT_DECLARED',
      `the manifest has no integration for ${app.name}: add an entry with app: ${app.name} and its needs (objects, fields, systemPermissions) (docs/manifest.md)`,
    );
  return entry;
}

function findUser(snapshot: OrgSnapshot, username: string | undefined): SnapshotUser | undefined {
  if (username === undefined) return undefined;
  const lower = username.toLowerCase();
  return snapshot.users.find((u) => u.username.toLowerCase() === lower);
}

/** The user's licence: the user's own, else its profile's, else the profile the manifest declares. */
function licenceOf(
  snapshot: OrgSnapshot,
  user: SnapshotUser | undefined,
  entry: ManifestIntegration,
): string | undefined {
  if (user?.userLicense !== undefined) return user.userLicense;
  const profile =
    user === undefined
      ? entry.runAsAccess?.profile === undefined
        ? undefined
        : profileNamed(snapshot.profiles, entry.runAsAccess.profile)
      : profileOf(snapshot, user);
  return profile?.userLicense;
}

/** Salesforce keeps at most 255 characters of a permission set's description. */
export const MAX_DESCRIPTION = 255;

/**
 * The set's description, one line. The integration's name is free text from the manifest: line
 * breaks and tabs become spaces (XML would turn a CR into a LF), what XML 1.0 cannot carry (C0
 * controls, lone surrogates, U+FFFE/U+FFFF) becomes `?`, and the whole is cut to what Salesforce keeps.
 */
export function descriptionOf(integration: string, app: string): string {
  const safe = integration.replace(/[\t\n\r\u2028\u2029]/g, ' ').replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '?',
  );
  const text = `Least privilege for ${safe} (${app}), generated by runas-guard suggest from the integration manifest: exactly its declared needs, API Enabled and API Only User.`;
  const chars = Array.from(text);
  return chars.length <= MAX_DESCRIPTION
    ? text
    : `${chars.slice(0, MAX_DESCRIPTION - 3).join('')}...`;
}

/** `Fleet_Telematics_Least_Privilege` → `Fleet Telematics Least Privilege`. */
function labelOf(name: string): string {
  return name.replace(/_/g, ' ');
}

/** The set's permissions: the needs with the dependencies Salesforce requires of metadata. */
function grantsOf(items: readonly NeedItem[], notes: string[]): PermissionContent {
  const system = new Set<string>(RUN_AS_SYSTEM_PERMISSIONS);
  const objects: Record<string, ObjectPermission> = {};
  const fields: Record<string, FieldPermission> = {};
  const object = (name: string): ObjectPermission => (objects[name] ??= emptyObjectPermission());
  const dependencies = new Set<string>();
  for (const item of items) {
    if (item.kind === 'system') {
      system.add(item.name);
      continue;
    }
    const key = grantKeyOf(item);
    if (key.startsWith('object:')) {
      const [, name = '', action = ''] = key.split(':');
      const p = object(name);
      p.allowRead = true;
      if (action === 'create') p.allowCreate = true;
      if (action === 'edit') p.allowEdit = true;
      if (action === 'delete') {
        p.allowDelete = true;
        if (!declares(items, name, 'edit')) dependencies.add(`${name} edit (Delete requires Edit)`);
        p.allowEdit = true;
      }
      if (action === 'viewAll') p.viewAllRecords = true;
      if (action === 'modifyAll') {
        for (const implied of ['edit', 'delete', 'viewAll'] as const)
          if (!declares(items, name, implied))
            dependencies.add(`${name} ${implied} (Modify All requires it)`);
        Object.assign(p, {
          allowEdit: true,
          allowDelete: true,
          viewAllRecords: true,
          modifyAllRecords: true,
        });
      }
      if (item.kind === 'field')
        notes.push(
          `${item.name} has no field-level security: its ${item.action} need is granted as ${name} ${action === 'read' ? 'read' : 'edit'}.`,
        );
      continue;
    }
    const f = (fields[item.name] ??= { readable: false, editable: false });
    f.readable = true;
    if (item.action === 'edit') f.editable = true;
  }
  for (const dependency of [...dependencies].sort())
    notes.push(
      `Salesforce requires ${dependency}: the set grants it; declare it in the manifest or RG-0011 reports it as excess.`,
    );
  for (const field of Object.keys(fields).sort()) {
    const objectName = field.slice(0, field.indexOf('.'));
    if (objects[objectName]?.allowRead !== true)
      notes.push(
        `${field} is declared without read on ${objectName}: the callback cannot reach the field until ${objectName} read is declared too.`,
      );
  }
  return {
    userPermissions: [...system].sort(compare),
    objectPermissions: sortedRecord(objects),
    fieldPermissions: sortedRecord(fields),
  };
}

function declares(items: readonly NeedItem[], object: string, action: string): boolean {
  return items.some(
    (i) =>
      i.kind === 'object' &&
      i.name.toLowerCase() === object.toLowerCase() &&
      (i.action === action || i.action === 'modifyAll'),
  );
}

/** A set of that name already in the source is refused unless it grants exactly the same. */
function checkName(snapshot: OrgSnapshot, set: PermissionSetDef): void {
  const lower = set.name.toLowerCase();
  const existing = snapshot.permissionSets.find((p) => p.name.toLowerCase() === lower);
  if (existing === undefined || sameContent(existing, set)) return;
  const holders = [
    ...new Set(
      snapshot.assignments
        .filter((a) => a.permissionSet?.toLowerCase() === lower)
        .map((a) => a.username),
    ),
  ];
  throw new SuggestError(
    'NAME_TAKEN',
    `a permission set named ${existing.name} already exists in the source with other permissions${holders.length === 0 ? '' : ` (held by ${holders.join(', ')})`}: deploying over it would change it for everyone who holds it; choose another name with --name`,
  );
}

function sameContent(a: PermissionContent, b: PermissionContent): boolean {
  const norm = (c: PermissionContent) =>
    JSON.stringify({
      u: [...c.userPermissions].map((p) => p.toLowerCase()).sort(),
      o: sortedRecord(c.objectPermissions),
      f: sortedRecord(c.fieldPermissions),
    });
  return norm(a) === norm(b);
}

/**
 * The set alone on the baseline profile, through the one resolver: every need granted (else a bug
 * here, thrown), and what RG-0011 would still call excess noted.
 */
function selfCheck(
  snapshot: OrgSnapshot,
  set: PermissionSetDef,
  entry: ManifestIntegration,
  items: readonly NeedItem[],
  now: string,
  notes: string[],
): void {
  const baseline = STANDARD_PROFILES.find((p) => p.fullName === BASELINE_PROFILE);
  if (baseline === undefined) throw new Error(`no standard profile ${BASELINE_PROFILE}`);
  const access = resolveEffectiveAccess(
    { profile: baseline, assignments: [{ permissionSet: set.name }], now },
    accessCatalogFromSnapshot({
      permissionSets: [set],
      mutingPermissionSets: [],
      permissionSetGroups: [],
      objects: snapshot.objects,
    }),
  );
  const missing = items.filter((item) => !isNeedGranted(access, item));
  if (missing.length > 0)
    throw new Error(
      `internal error: the suggested set misses ${missing.map(describeNeed).join(', ')}`,
    );
  const excess = excessAccess(access, entry.needs ?? {});
  if (excess.length > 0)
    notes.push(
      `RG-0011 will still report ${excess.map(describeExcess).join(', ')} unless the manifest declares it.`,
    );
}

interface Current {
  result: Suggestion['current'];
  /** Containers the user holds, with the grants beyond the needs each brings. */
  sets: { name: string; beyond: string[] }[];
  groups: { name: string; beyond: string[] }[];
  profile?: { name: string; beyond: string[] };
}

function currentAccess(
  snapshot: OrgSnapshot,
  user: SnapshotUser | undefined,
  username: string | undefined,
  entry: ManifestIntegration,
  now: string,
  setName: string,
): Current {
  const notEvaluated = (reason: string): Current => ({
    result: { evaluated: false, reason },
    sets: [],
    groups: [],
  });
  const ledger = snapshot.ledger.access;
  if (ledger?.status !== 'ok')
    return notEvaluated(
      ledger === undefined
        ? 'the access of run-as users was not collected'
        : ledger.status === 'unsupported'
          ? ledger.reason
          : `the access of run-as users could not be read (${ledger.request})`,
    );
  if (username === undefined) return notEvaluated('the app has no run-as user');
  if (user === undefined)
    return notEvaluated(
      snapshot.mode === 'project'
        ? `the manifest declares no runAsAccess with a profile for ${username} (integration ${entry.name}): declare it, or add a live source`
        : `the run-as user ${username} does not exist in the source (RG-0002)`,
    );
  const resolved = snapshotUserAccess(snapshot, user, now);
  if ('problem' in resolved)
    return notEvaluated(
      resolved.problem === 'unknown-profile'
        ? `the profile ${user.profileName} of ${username} is not in the source`
        : resolved.message,
    );
  const excess = excessAccess(resolved.access, entry.needs ?? {});
  const bySet = (pick: (via: Via) => string | undefined) => {
    const out = new Map<string, string[]>();
    for (const item of excess)
      for (const via of item.via) {
        const key = pick(via);
        if (key !== undefined) out.set(key, [...(out.get(key) ?? []), describeExcess(item)]);
      }
    return out;
  };
  const setBeyond = bySet((v) =>
    v.type === 'PermissionSet' && v.group === undefined ? v.name.toLowerCase() : undefined,
  );
  const groupBeyond = bySet((v) =>
    v.type === 'PermissionSetGroup'
      ? v.name.toLowerCase()
      : v.group === undefined
        ? undefined
        : v.group.toLowerCase(),
  );
  const profileBeyond = bySet((v) => (v.type === 'Profile' ? 'profile' : undefined));
  const nowMs = Date.parse(now);
  const assignments = assignmentsOf(snapshot, user.username).filter((a) =>
    isAssignmentActive(a.expirationDate, nowMs),
  );
  const unique = (names: (string | undefined)[]) =>
    [...new Set(names.filter((n): n is string => n !== undefined))].sort(compare);
  const sets = unique(assignments.map((a) => a.permissionSet))
    .filter((n) => n.toLowerCase() !== setName.toLowerCase())
    .map((name) => ({ name, beyond: uniq(setBeyond.get(name.toLowerCase())) }));
  const groups = unique(assignments.map((a) => a.permissionSetGroup)).map((name) => ({
    name,
    beyond: uniq(groupBeyond.get(name.toLowerCase())),
  }));
  const profileExcess = uniq(profileBeyond.get('profile'));
  return {
    result: {
      evaluated: true,
      beyond: excess.map(beyondOf),
      // What RG-0010 reports today: the needs the new set will bring.
      missing: needItems(entry.needs ?? {})
        .filter((item) => !isNeedGranted(resolved.access, item))
        .map(describeNeed),
      containers: [
        `profile ${resolved.profile.name}`,
        ...sets.map((s) => `permission set ${s.name}`),
        ...groups.map((g) => `permission set group ${g.name}`),
      ],
    },
    sets,
    groups,
    ...(profileExcess.length > 0
      ? { profile: { name: resolved.profile.name, beyond: profileExcess } }
      : {}),
  };
}

function beyondOf(item: ExcessItem): BeyondGrant {
  return { grant: describeExcess(item), via: item.via.map(viaText) };
}

function viaText(via: Via): string {
  const base =
    via.type === 'Profile'
      ? `profile ${via.name}`
      : via.type === 'PermissionSetGroup'
        ? `permission set group ${via.name}`
        : via.group === undefined
          ? `permission set ${via.name}`
          : `permission set ${via.name} in group ${via.group}`;
  return via.impliedBy === undefined ? base : `${base} (implied by ${via.impliedBy})`;
}

interface StepInput {
  app: ClientApp;
  entry: ManifestIntegration;
  set: PermissionSetDef;
  username: string | undefined;
  user: SnapshotUser | undefined;
  current: Current;
  licence: string | undefined;
  snapshot: OrgSnapshot;
}

function stepsOf(input: StepInput): Step[] {
  const { app, entry, set, current } = input;
  const who = input.username ?? `the run-as user of ${app.name}`;
  const policy =
    app.type === 'ConnectedApp'
      ? `ConnectedApp:${app.name}`
      : `ExtlClntAppOauthConfigurablePolicies (${app.name})`;
  const steps: Step[] = [
    {
      action: 'deploy',
      text: `Deploy the permission set ${set.name} and ${app.name}'s policy file (the set added to its pre-authorized permission sets): copy them into a package directory of your project and run sf project deploy start --metadata PermissionSet:${set.name}, then deploy the policy file.`,
      components: [`PermissionSet:${set.name}`, policy],
    },
  ];
  if (set.license !== undefined)
    steps.push({
      action: 'assign-permission-set-license',
      text: `Make sure ${who} holds the ${INTEGRATION_PSL_LABEL} permission set licence: sf org assign permsetlicense --name ${INTEGRATION_PSL_NAME} --on-behalf-of ${who}.`,
      username: who,
      licence: INTEGRATION_PSL_NAME,
    });
  steps.push({
    action: 'assign-permission-set',
    text: `Assign ${set.name} to ${who}: sf org assign permset --name ${set.name} --on-behalf-of ${who}.`,
    username: who,
    permissionSet: set.name,
  });
  const beyondText = (beyond: readonly string[]) =>
    beyond.length === 0
      ? 'it grants nothing beyond the needs, which the new set now covers'
      : `it grants ${listText(beyond)} beyond the needs`;
  for (const s of current.sets)
    steps.push({
      action: 'unassign-permission-set',
      text: `Remove the permission set ${s.name} from ${who}: ${beyondText(s.beyond)}.`,
      username: who,
      container: s.name,
      beyond: s.beyond,
    });
  for (const g of current.groups)
    steps.push({
      action: 'unassign-permission-set-group',
      text: `Remove the permission set group ${g.name} from ${who}: ${beyondText(g.beyond)}.`,
      username: who,
      container: g.name,
      beyond: g.beyond,
    });
  if (current.profile !== undefined)
    steps.push({
      action: 'change-profile',
      text: `Change the profile of ${who} from ${current.profile.name} to ${BASELINE_PROFILE}: ${beyondText(current.profile.beyond)}. That profile needs the ${INTEGRATION_USER_LICENCE} user licence${input.licence === INTEGRATION_USER_LICENCE ? '' : `; ${who} has ${input.licence ?? 'another licence'}, so create a dedicated ${INTEGRATION_USER_LICENCE} user and make it ${app.name}'s run-as user instead`}.`,
      username: who,
      from: current.profile.name,
      to: BASELINE_PROFILE,
      beyond: current.profile.beyond,
    });
  const profile =
    current.profile !== undefined
      ? BASELINE_PROFILE
      : (input.user?.profileName ?? entry.runAsAccess?.profile);
  steps.push({
    action: 'update-manifest',
    text: `Declare the new access in the manifest entry ${entry.name}: runAsAccess: { ${profile === undefined ? '' : `profile: ${profile}, `}permissionSets: [${set.name}], permissionSetGroups: [] }.`,
    integration: entry.name,
    runAsAccess: {
      ...(profile === undefined ? {} : { profile }),
      permissionSets: [set.name],
      permissionSetGroups: [],
    },
  });
  steps.push({
    action: 'verify',
    text: `Audit again: RG-0010, RG-0011 and RG-0038 pass for ${app.name} when the move is complete.`,
  });
  if (!current.result.evaluated)
    steps.splice(-2, 0, {
      action: 'verify',
      text: `What ${who} holds now was not evaluated (${current.result.reason}): remove every permission set, group and profile grant it holds beyond ${set.name} and ${BASELINE_PROFILE}.`,
    });
  return steps;
}

function listText(items: readonly string[], max = 12): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function uniq(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

function sortedRecord<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
