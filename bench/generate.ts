// The seeded org generator (issue 12): writes an org fixture in the format of docs/emulator.md
// (SFDX project under force-app/main/default, data/*.json in the sObject tree format, emulator.json
// with the apps' clients, and an integration manifest) at small, medium or enterprise scale.
// Everything comes from one seeded PRNG, so the same seed and options write the same bytes.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { stringify } from 'yaml';

import { toCaseSafeId } from '../src/util/ids.js';
import { FIELDS_PER_OBJECT, shapeOf } from './scales.js';
import type { GenerateOptions, ScaleShape } from './scales.js';

export type { GenerateOptions, Scale } from './scales.js';

export interface GeneratedCounts {
  users: number;
  apps: number;
  runAsUsers: number;
  profiles: number;
  permissionSets: number;
  groups: number;
  mutingSets: number;
  assignments: number;
  objectPermissions: number;
  fieldPermissions: number;
  loginHistory: number;
  auditTrail: number;
}

/** The run-as user of each planted fault (absent when the org has too few run-as users). */
export interface PlantedFaults {
  inactive?: string;
  frozen?: string;
  admin?: string;
  modifyAllData?: string;
  expiredAssignment?: string;
  sessionBasedSet?: string;
  loginRestrictedProfile?: string;
}

export interface GeneratedOrg {
  dir: string;
  counts: GeneratedCounts;
  seed: number;
  planted: PlantedFaults;
}

export const DEFAULT_SEED = 1;
/** The emulator's clock and the egress IP every app calls from (emulator.json). */
export const NOW = '2026-11-25T12:00:00Z';
export const CLIENT_IP = '192.0.2.40';
const DOMAIN = 'genorg.example.com';
const MINIMUM_API = 'Minimum Access - API Only Integrations';
const ADMIN = 'System Administrator';
/** Records per data file: keeps each file far below the loader's 64 MB cap. */
const RECORDS_PER_FILE = 40_000;
const META = 'http://soap.sforce.com/2006/04/metadata';

/** mulberry32: a small, fast 32-bit PRNG; good enough to spread names and choices. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet.charAt(this.int(alphabet.length));
    return s;
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789ABCDEF';

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas'];
const LAST = [
  'Adams',
  'Berg',
  'Costa',
  'Dubois',
  'Eze',
  'Fischer',
  'Garcia',
  'Holm',
  'Ito',
  'Jain',
];

// ---- metadata model ------------------------------------------------------------------------

interface ObjectGrant {
  object: string;
  read: boolean;
  create: boolean;
  edit: boolean;
  del: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

interface FieldGrant {
  field: string;
  readable: boolean;
  editable: boolean;
}

interface Container {
  name: string;
  label: string;
  objects: ObjectGrant[];
  fields: FieldGrant[];
  userPermissions: string[];
  sessionBased?: boolean;
}

interface Profile extends Container {
  licence: string;
  loginRestricted?: boolean;
}

interface Group {
  name: string;
  label: string;
  sets: string[];
  muting: Container;
}

interface RunAsUser {
  username: string;
  label: string;
  profile: string;
}

const objectName = (i: number): string => `Gen_Object_${pad(i + 1, 3)}__c`;
const fieldName = (i: number): string => `Field_${pad(i + 1, 2)}__c`;

/** The object and field grants of a window of `count` objects starting at `start`. */
function grants(
  rnd: Random,
  shape: ScaleShape,
  start: number,
  count: number,
  fields: number,
): { objects: ObjectGrant[]; fields: FieldGrant[] } {
  const objects: ObjectGrant[] = [];
  const fieldGrants: FieldGrant[] = [];
  for (let k = 0; k < count; k++) {
    const object = objectName((start + k) % shape.customObjects);
    const edit = rnd.chance(0.5);
    objects.push({
      object,
      read: true,
      create: edit && rnd.chance(0.5),
      edit,
      del: edit && rnd.chance(0.2),
      viewAll: false,
      modifyAll: false,
    });
    for (let f = 0; f < FIELDS_PER_OBJECT && fieldGrants.length < fields; f++)
      fieldGrants.push({
        field: `${object}.${fieldName(f)}`,
        readable: true,
        editable: edit && rnd.chance(0.5),
      });
  }
  return { objects, fields: fieldGrants };
}

function objectXml(g: ObjectGrant): string {
  return (
    `    <objectPermissions>\n` +
    `        <allowCreate>${g.create}</allowCreate>\n` +
    `        <allowDelete>${g.del}</allowDelete>\n` +
    `        <allowEdit>${g.edit}</allowEdit>\n` +
    `        <allowRead>${g.read}</allowRead>\n` +
    `        <modifyAllRecords>${g.modifyAll}</modifyAllRecords>\n` +
    `        <object>${g.object}</object>\n` +
    `        <viewAllRecords>${g.viewAll}</viewAllRecords>\n` +
    `    </objectPermissions>\n`
  );
}

function fieldXml(g: FieldGrant): string {
  return (
    `    <fieldPermissions>\n` +
    `        <editable>${g.editable}</editable>\n` +
    `        <field>${g.field}</field>\n` +
    `        <readable>${g.readable}</readable>\n` +
    `    </fieldPermissions>\n`
  );
}

function userPermissionsXml(names: readonly string[]): string {
  return names
    .map(
      (name) =>
        `    <userPermissions>\n        <enabled>true</enabled>\n        <name>${name}</name>\n    </userPermissions>\n`,
    )
    .join('');
}

function xml(root: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${META}">\n${body}</${root}>\n`;
}

function el(name: string, value: string | boolean | number): string {
  return `    <${name}>${typeof value === 'string' ? esc(value) : String(value)}</${name}>\n`;
}

function permissionSetXml(set: Container): string {
  return xml(
    'PermissionSet',
    el('description', `Generated permission set ${set.label}.`) +
      set.fields.map(fieldXml).join('') +
      el('hasActivationRequired', set.sessionBased === true) +
      el('label', set.label) +
      set.objects.map(objectXml).join('') +
      userPermissionsXml(set.userPermissions),
  );
}

function mutingXml(set: Container): string {
  return xml(
    'MutingPermissionSet',
    el('description', `Mutes part of ${set.label.replace(/ Muting$/, '')}.`) +
      set.fields.map(fieldXml).join('') +
      el('label', set.label) +
      set.objects.map(objectXml).join(''),
  );
}

function groupXml(group: Group): string {
  return xml(
    'PermissionSetGroup',
    el('description', `Generated permission set group ${group.label}.`) +
      el('hasActivationRequired', false) +
      el('label', group.label) +
      el('mutingPermissionSets', group.muting.name) +
      group.sets.map((s) => el('permissionSets', s)).join('') +
      el('status', 'Updated'),
  );
}

function profileXml(profile: Profile): string {
  const hours = profile.loginRestricted
    ? `    <loginHours>\n` +
      ['friday', 'monday', 'saturday', 'sunday', 'thursday', 'tuesday', 'wednesday']
        .map((day) => {
          const weekend = day === 'saturday' || day === 'sunday';
          return (
            `        <${day}End>${weekend ? 0 : 1200}</${day}End>\n` +
            `        <${day}Start>${weekend ? 0 : 360}</${day}Start>\n`
          );
        })
        .join('') +
      `    </loginHours>\n` +
      `    <loginIpRanges>\n        <description>Integration hub egress</description>\n` +
      `        <endAddress>198.51.100.47</endAddress>\n        <startAddress>198.51.100.32</startAddress>\n` +
      `    </loginIpRanges>\n`
    : '';
  return xml(
    'Profile',
    el('custom', true) +
      el('description', `Generated profile ${profile.label}.`) +
      hours +
      profile.objects.map(objectXml).join('') +
      el('userLicense', profile.licence) +
      userPermissionsXml(profile.userPermissions),
  );
}

function customObjectXml(i: number): string {
  const label = `Gen Object ${pad(i + 1, 3)}`;
  return xml(
    'CustomObject',
    el('deploymentStatus', 'Deployed') +
      el('label', label) +
      `    <nameField>\n        <label>${label} Name</label>\n        <type>Text</type>\n    </nameField>\n` +
      el('pluralLabel', `${label}s`) +
      el('sharingModel', 'ReadWrite'),
  );
}

// ---- the generator -------------------------------------------------------------------------

/** Writes a generated org fixture into `dir` (created; existing files of the same names replaced). */
export async function generateOrgFixture(
  dir: string,
  options: GenerateOptions,
): Promise<GeneratedOrg> {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError('--seed must be an integer from 0 to 4294967295');
  const shape = shapeOf(options);
  const rnd = new Random(seed);
  const files = new Files(dir);
  const counts: GeneratedCounts = {
    users: 0,
    apps: shape.apps,
    runAsUsers: shape.runAsUsers,
    profiles: shape.profiles,
    permissionSets: shape.permissionSets,
    groups: shape.groups,
    mutingSets: shape.groups,
    assignments: 0,
    objectPermissions: 0,
    fieldPermissions: 0,
    loginHistory: 0,
    auditTrail: 0,
  };
  const countGrants = (c: Container): void => {
    counts.objectPermissions += c.objects.length;
    counts.fieldPermissions += c.fields.length;
  };
  const meta = 'force-app/main/default';

  await files.write(
    'sfdx-project.json',
    JSON.stringify(
      {
        packageDirectories: [{ path: 'force-app', default: true }],
        name: `generated-${options.scale}-${seed}`,
        namespace: '',
        sfdcLoginUrl: 'https://login.salesforce.com',
        sourceApiVersion: '64.0',
      },
      null,
      2,
    ) + '\n',
  );
  for (let i = 0; i < shape.customObjects; i++) {
    const name = objectName(i);
    await files.write(`${meta}/objects/${name}/${name}.object-meta.xml`, customObjectXml(i));
  }

  // Profiles: a few integration profiles (API only), the first with login IP ranges and hours.
  const integrationProfiles = Math.min(shape.profiles, Math.max(2, Math.ceil(shape.profiles / 50)));
  const profiles: Profile[] = [];
  for (let p = 0; p < shape.profiles; p++) {
    const integration = p < integrationProfiles;
    const label = integration
      ? `Gen Integration Profile ${pad(p + 1, 2)}`
      : `Gen Profile ${pad(p + 1 - integrationProfiles, 3)}`;
    const window = grants(rnd, shape, rnd.int(shape.customObjects), shape.objectsPerProfile, 0);
    const profile: Profile = {
      name: label,
      label,
      objects: window.objects,
      fields: [],
      userPermissions: integration ? ['ApiEnabled', 'ApiUserOnly'] : ['ApiEnabled'],
      licence: integration ? 'Salesforce Integration' : 'Salesforce',
    };
    if (integration && p === 0) profile.loginRestricted = true;
    profiles.push(profile);
    countGrants(profile);
    await files.write(`${meta}/profiles/${label}.profile-meta.xml`, profileXml(profile));
  }
  const humanProfiles = profiles.slice(integrationProfiles).map((p) => p.name);
  if (humanProfiles.length === 0) humanProfiles.push('Standard User');

  // Permission sets: the last two are planted faults (Modify All Data, session-based).
  const sets: Container[] = [];
  const modifyAllSet = 'Gen_Modify_All_Data';
  const sessionSet = 'Gen_Session_Elevation';
  for (let s = 0; s < shape.permissionSets; s++) {
    const big = shape.bigSetEvery > 0 && s % shape.bigSetEvery === 0;
    const nFields = big ? shape.bigSetFields : shape.fieldsPerSet;
    const window = grants(rnd, shape, rnd.int(shape.customObjects), shape.objectsPerSet, nFields);
    let name = `Gen_Set_${pad(s + 1, 4)}`;
    const set: Container = { name, label: '', ...window, userPermissions: [] };
    if (s === shape.permissionSets - 1) {
      name = modifyAllSet;
      set.userPermissions = ['ModifyAllData', 'ViewAllData', 'ApiEnabled'];
    } else if (s === shape.permissionSets - 2) {
      name = sessionSet;
      set.sessionBased = true;
    }
    set.name = name;
    set.label = name.replace(/_/g, ' ');
    sets.push(set);
    countGrants(set);
    await files.write(
      `${meta}/permissionsets/${name}.permissionset-meta.xml`,
      permissionSetXml(set),
    );
  }
  const ordinarySets = sets.filter((s) => s.name !== modifyAllSet && s.name !== sessionSet);

  // Groups, each muting part of one of its own sets.
  const groups: Group[] = [];
  for (let g = 0; g < shape.groups; g++) {
    const name = `Gen_Group_${pad(g + 1, 3)}`;
    const members = new Set<string>();
    const want = Math.min(ordinarySets.length, 2 + rnd.int(3));
    while (members.size < want) members.add(rnd.pick(ordinarySets).name);
    const sorted = [...members].sort();
    const muted = sets.find((s) => s.name === sorted[0]);
    const muting: Container = {
      name: `${name}_Muting`,
      label: `${name.replace(/_/g, ' ')} Muting`,
      objects: (muted?.objects ?? [])
        .slice(0, 1)
        .map((o) => ({ ...o, create: true, edit: true, del: true })),
      fields: (muted?.fields ?? []).slice(0, 2).map((f) => ({ ...f, editable: true })),
      userPermissions: [],
    };
    const group: Group = { name, label: name.replace(/_/g, ' '), sets: sorted, muting };
    groups.push(group);
    countGrants(muting);
    await files.write(
      `${meta}/mutingpermissionsets/${muting.name}.mutingpermissionset-meta.xml`,
      mutingXml(muting),
    );
    await files.write(
      `${meta}/permissionsetgroups/${name}.permissionsetgroup-meta.xml`,
      groupXml(group),
    );
  }

  // Run-as users, with planted faults by position: 0 inactive, 1 frozen, 2 System Administrator,
  // 3 Modify All Data through a set, 4 an expired assignment, 5 a session-based set, 6 a profile
  // with login IP ranges and hours; apps outnumber them, so most run-as users are shared.
  const runAs: RunAsUser[] = [];
  for (let r = 0; r < shape.runAsUsers; r++) {
    const profile =
      r === 2
        ? ADMIN
        : r === 6
          ? (profiles[0]?.name ?? MINIMUM_API)
          : r % 3 === 0 && r > 0 && integrationProfiles > 1
            ? (profiles[1 + (r % (integrationProfiles - 1))]?.name ?? MINIMUM_API)
            : MINIMUM_API;
    runAs.push({
      username: `integration${pad(r + 1, 3)}@${DOMAIN}`,
      label: `Integration ${pad(r + 1, 3)}`,
      profile,
    });
  }
  const humans = shape.users - shape.runAsUsers;
  const humanUsername = (h: number): string => `user${pad(h + 1, 5)}@${DOMAIN}`;
  const admins = Math.min(humans, 10);

  // Apps: even positions Connected Apps, odd ones External Client Apps.
  const apps: { name: string; label: string; runAs: RunAsUser; key: string; secret: string }[] = [];
  for (let a = 0; a < shape.apps; a++) {
    const user = runAs[a % runAs.length];
    if (user === undefined) throw new Error('no run-as user');
    const app = {
      name: `Gen_App_${pad(a + 1, 3)}`,
      label: `Gen App ${pad(a + 1, 3)}`,
      runAs: user,
      key: `3MVG9${rnd.chars(BASE62, 80)}`,
      secret: rnd.chars(HEX, 64),
    };
    apps.push(app);
    if (a % 2 === 0) {
      await files.write(
        `${meta}/connectedApps/${app.name}.connectedApp-meta.xml`,
        xml(
          'ConnectedApp',
          el('contactEmail', `owners@${DOMAIN}`) +
            el('description', `Generated integration ${app.label}.`) +
            el('label', app.label) +
            `    <oauthConfig>\n` +
            `        <callbackUrl>https://localhost/oauth/callback</callbackUrl>\n` +
            `        <consumerKey>${app.key}</consumerKey>\n` +
            `        <isAdminApproved>true</isAdminApproved>\n` +
            `        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n` +
            `        <isConsumerSecretOptional>false</isConsumerSecretOptional>\n` +
            `        <oauthClientCredentialUser>${user.username}</oauthClientCredentialUser>\n` +
            `        <scopes>Api</scopes>\n` +
            `    </oauthConfig>\n` +
            `    <oauthPolicy>\n` +
            `        <ipRelaxation>ENFORCE</ipRelaxation>\n` +
            `        <refreshTokenPolicy>zero</refreshTokenPolicy>\n` +
            `    </oauthPolicy>\n` +
            el('profileName', user.profile),
        ),
      );
    } else {
      const eca = app.name;
      await files.write(
        `${meta}/externalClientApps/${eca}.eca-meta.xml`,
        xml(
          'ExternalClientApplication',
          el('contactEmail', `owners@${DOMAIN}`) +
            el('description', `Generated integration ${app.label}.`) +
            el('distributionState', 'Local') +
            el('isProtected', false) +
            el('label', app.label),
        ),
      );
      await files.write(
        `${meta}/extlClntAppOauthSettings/${eca}_oauth.ecaOauth-meta.xml`,
        xml(
          'ExtlClntAppOauthSettings',
          el('commaSeparatedOauthScopes', 'Api') +
            el('externalClientApplication', eca) +
            el('label', `${eca}_oauth`),
        ),
      );
      await files.write(
        `${meta}/extlClntAppGlobalOauthSets/${eca}_glbloauth.ecaGlblOauth-meta.xml`,
        xml(
          'ExtlClntAppGlobalOauthSettings',
          el('callbackUrl', 'https://localhost/oauth/callback') +
            el('consumerKey', app.key) +
            el('externalClientApplication', eca) +
            el('isClientCredentialsFlowEnabled', true) +
            el('isConsumerSecretOptional', false) +
            el('label', `${eca}_glbloauth`),
        ),
      );
      await files.write(
        `${meta}/extlClntAppOauthPolicies/${eca}_oauthPlcy.ecaOauthPlcy-meta.xml`,
        xml(
          'ExtlClntAppOauthConfigurablePolicies',
          el('clientCredentialsFlowUser', user.username) +
            el('commaSeparatedProfile', user.profile) +
            el('externalClientApplication', eca) +
            el('ipRelaxationPolicyType', 'Enforce') +
            el('isClientCredentialsFlowEnabled', true) +
            el('label', `${eca}_oauthPlcy`) +
            el('permittedUsersPolicyType', 'AdminApprovedPreAuthorized') +
            el('refreshTokenPolicyType', 'Zero'),
        ),
      );
      await files.write(
        `${meta}/extlClntAppPolicies/${eca}_plcy.ecaPlcy-meta.xml`,
        xml(
          'ExtlClntAppConfigurablePolicies',
          el('externalClientApplication', eca) +
            el('isEnabled', true) +
            el('isOauthPluginEnabled', true) +
            el('label', `${eca}_plcy`),
        ),
      );
    }
  }

  // ---- records ----
  const users: Record<string, unknown>[] = [];
  const userRecord = (
    username: string,
    first: string,
    last: string,
    profile: string,
    active: boolean,
  ): Record<string, unknown> => ({
    attributes: { type: 'User', referenceId: `UserRef${users.length + 1}` },
    Username: username,
    FirstName: first,
    LastName: last,
    Email: username,
    Alias: username.slice(0, 8),
    IsActive: active,
    TimeZoneSidKey: 'Europe/London',
    LocaleSidKey: 'en_GB',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    Profile: { Name: profile },
  });
  for (const [r, user] of runAs.entries())
    users.push(userRecord(user.username, 'Integration', pad(r + 1, 3), user.profile, r !== 0));
  for (let h = 0; h < humans; h++) {
    const profile = h < admins ? ADMIN : rnd.pick(humanProfiles);
    // About 2% of people have left and are deactivated.
    users.push(
      userRecord(humanUsername(h), rnd.pick(FIRST), rnd.pick(LAST), profile, !rnd.chance(0.02)),
    );
  }
  counts.users = users.length;
  await files.records('User', users);

  const logins = runAs.map((user, r) => ({
    attributes: { type: 'UserLogin', referenceId: `UserLoginRef${r + 1}` },
    User: { Username: user.username },
    IsFrozen: r === 1,
    IsPasswordLocked: false,
  }));
  await files.records('UserLogin', logins);

  // Assignments: run-as users draw 2 to 5 containers from the same pool as everybody, then the
  // planted ones; the rest go round the people, about two each.
  const assignments: Record<string, unknown>[] = [];
  const held = new Set<string>();
  const containers: { set?: string; group?: string }[] = [
    ...ordinarySets.map((s) => ({ set: s.name })),
    ...groups.map((g) => ({ group: g.name })),
  ];
  const assign = (
    username: string,
    c: { set?: string; group?: string },
    extra: Record<string, unknown> = {},
  ): boolean => {
    const key = `${username}\u0000${c.set ?? `group:${c.group ?? ''}`}`;
    if (held.has(key)) return false;
    held.add(key);
    assignments.push({
      attributes: {
        type: 'PermissionSetAssignment',
        referenceId: `PermissionSetAssignmentRef${assignments.length + 1}`,
      },
      Assignee: { Username: username },
      ...(c.set !== undefined
        ? { PermissionSet: { Name: c.set } }
        : { PermissionSetGroup: { DeveloperName: c.group } }),
      ...extra,
    });
    return true;
  };
  /** The first container each run-as user holds: its integration declares a need from it. */
  const firstContainer: ({ set?: string; group?: string } | undefined)[] = [];
  for (const [r, user] of runAs.entries()) {
    // 4 and 5 hold nothing else, so their declared needs come only through the planted
    // assignment: RG-0013 (expired) and RG-0012 (session-based) find them whatever the seed.
    if (r === 4 && ordinarySets.length > 0) {
      // Expired a week before the emulator's clock.
      const c = { set: rnd.pick(ordinarySets).name };
      assign(user.username, c, { ExpirationDate: '2026-11-18T00:00:00.000+0000' });
      firstContainer[r] = c;
      continue;
    }
    if (r === 5) {
      assign(user.username, { set: sessionSet });
      firstContainer[r] = { set: sessionSet };
      continue;
    }
    if (r === 7 && shape.bigSetEvery > 0 && sets[0]) {
      assign(user.username, { set: sets[0].name });
      firstContainer[r] = { set: sets[0].name };
    }
    const want = 2 + rnd.int(4);
    for (let k = 0; k < want && containers.length > 0; k++) {
      const c = rnd.pick(containers);
      if (assign(user.username, c)) firstContainer[r] ??= c;
    }
    if (r === 3) assign(user.username, { set: modifyAllSet });
  }
  for (
    let j = 0;
    assignments.length < shape.assignments && humans > 0 && j < shape.assignments * 4;
    j++
  ) {
    const c = rnd.pick(containers);
    assign(humanUsername(j % humans), c);
  }
  counts.assignments = assignments.length;
  await files.records('PermissionSetAssignment', assignments);

  // Login history over the 30 days before the clock: most rows are the integrations' token
  // requests, the rest people's browser logins, with a few failures.
  const now = Date.parse(NOW);
  const history: Record<string, unknown>[] = [];
  const runAsApps = runAs.map((user) => apps.filter((a) => a.runAs === user));
  for (let i = 0; i < shape.loginHistory; i++) {
    const when = new Date(now - 1000 * (1 + rnd.int(30 * 86_400))).toISOString();
    const loginTime = when.replace('Z', '+0000');
    const integration = runAs.length > 0 && (humans === 0 || rnd.chance(0.6));
    const base = { attributes: { type: 'LoginHistory', referenceId: `LoginHistoryRef${i + 1}` } };
    if (integration) {
      const r = rnd.int(runAs.length);
      const app = rnd.pick(runAsApps[r]?.length ? (runAsApps[r] ?? []) : apps);
      history.push({
        ...base,
        User: { Username: runAs[r]?.username },
        LoginTime: loginTime,
        LoginType: 'Remote Access 2.0',
        Status: rnd.chance(0.01) ? 'Failed: Invalid client credentials' : 'Success',
        Application: app.label,
        SourceIp: CLIENT_IP,
        LoginUrl: `genorg.my.salesforce.com`,
        Browser: 'Unknown',
        Platform: 'Unknown',
      });
    } else {
      history.push({
        ...base,
        User: { Username: humanUsername(rnd.int(humans)) },
        LoginTime: loginTime,
        LoginType: 'Application',
        Status: rnd.chance(0.03) ? 'Invalid Password' : 'Success',
        Application: 'Browser',
        SourceIp: `198.51.100.${1 + rnd.int(250)}`,
        LoginUrl: `genorg.my.salesforce.com`,
        Browser: 'Chrome 142',
        Platform: 'Windows 11',
      });
    }
  }
  counts.loginHistory = history.length;
  await files.records('LoginHistory', history);

  // Setup Audit Trail over 90 days: set assignments, some of them to run-as users.
  const trail: Record<string, unknown>[] = [];
  for (let i = 0; i < shape.auditTrail && admins > 0; i++) {
    const when = new Date(now - 1000 * (1 + rnd.int(90 * 86_400))).toISOString();
    const toRunAs = runAs.length > 0 && rnd.chance(0.1);
    const who = toRunAs
      ? (runAs[rnd.int(runAs.length)]?.label ?? '')
      : `User ${pad(1 + rnd.int(humans), 5)}`;
    const set = rnd.pick(ordinarySets.length > 0 ? ordinarySets : sets);
    const assignAction = rnd.chance(0.7);
    trail.push({
      attributes: { type: 'SetupAuditTrail', referenceId: `SetupAuditTrailRef${i + 1}` },
      Action: assignAction ? 'PermSetAssign' : 'PermSetUnassign',
      Section: 'Manage Users',
      Display: `Permission set ${set.label}: ${assignAction ? 'assigned to' : 'unassigned from'} user ${who}`,
      CreatedDate: when.replace('Z', '+0000'),
      CreatedBy: { Username: humanUsername(rnd.int(admins)) },
    });
  }
  counts.auditTrail = trail.length;
  await files.records('SetupAuditTrail', trail);

  await files.write(
    'emulator.json',
    JSON.stringify(
      {
        orgId: toCaseSafeId('00D8d000004GEN1'),
        myDomain: 'genorg',
        isSandbox: false,
        now: NOW,
        clientIp: CLIENT_IP,
        timeZone: 'Europe/London',
        clients: apps.map((a) => ({ app: a.name, consumerKey: a.key, consumerSecret: a.secret })),
      },
      null,
      2,
    ) + '\n',
  );

  // The manifest: each integration declares one object and one field of its run-as user's first
  // container, so RG-0011 reports everything else it holds.
  const setByName = new Map(sets.map((s) => [s.name, s]));
  const groupByName = new Map(groups.map((g) => [g.name, g]));
  const integrations = apps.map((app) => {
    const r = runAs.indexOf(app.runAs);
    const c = firstContainer[r];
    const setName = c?.set ?? (c?.group ? groupByName.get(c.group)?.sets.at(-1) : undefined);
    const set = setName === undefined ? undefined : setByName.get(setName);
    const object = set?.objects.at(-1);
    const field = set?.fields.at(-1);
    return {
      name: app.name.toLowerCase().replace(/_/g, '-'),
      app: app.name,
      runAs: app.runAs.username,
      owner: `owners@${DOMAIN}`,
      needs: {
        ...(object ? { objects: { [object.object]: ['read'] } } : {}),
        ...(field ? { fields: { [field.field]: ['read'] } } : {}),
        systemPermissions: ['ApiEnabled'],
      },
      network: { egressIps: [CLIENT_IP] },
    };
  });
  await files.write(
    'runas-guard.yaml',
    `# Generated by bench/generate.ts (${options.scale}, seed ${seed})\n` +
      stringify({ integrations }, { lineWidth: 0 }),
  );

  const kinds: (keyof PlantedFaults)[] = [
    'inactive',
    'frozen',
    'admin',
    'modifyAllData',
    'expiredAssignment',
    'sessionBasedSet',
    'loginRestrictedProfile',
  ];
  const planted: PlantedFaults = {};
  for (const [r, kind] of kinds.entries()) {
    const user = runAs[r];
    if (user !== undefined) planted[kind] = user.username;
  }
  return { dir, counts, seed, planted };
}

/** Writes files under the fixture directory, creating folders once each. */
class Files {
  readonly #dirs = new Set<string>();
  constructor(readonly root: string) {}

  async write(path: string, text: string): Promise<void> {
    const full = join(this.root, path);
    const parent = full.slice(0, full.lastIndexOf('/'));
    if (!this.#dirs.has(parent)) {
      await mkdir(parent, { recursive: true });
      this.#dirs.add(parent);
    }
    await writeFile(full, text);
  }

  /** data/TYPE.json, or data/TYPE-1.json, -2 … when one file would pass RECORDS_PER_FILE. */
  async records(type: string, records: readonly Record<string, unknown>[]): Promise<void> {
    if (records.length <= RECORDS_PER_FILE) {
      await this.write(`data/${type}.json`, JSON.stringify({ records }, null, 2) + '\n');
      return;
    }
    for (let i = 0; i * RECORDS_PER_FILE < records.length; i++) {
      const chunk = records.slice(i * RECORDS_PER_FILE, (i + 1) * RECORDS_PER_FILE);
      await this.write(
        `data/${type}-${i + 1}.json`,
        JSON.stringify({ records: chunk }, null, 2) + '\n',
      );
    }
  }
}
