import { describe, expect, it } from 'vitest';

import type {
  MutingPermissionSetDef,
  ObjectPermission,
  PermissionContent,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
} from '../permissions.js';
import { OBJECT_ACTIONS } from '../permissions.js';
import { STANDARD_PROFILES, standardSchema } from '../standard/index.js';
import {
  canReadField,
  fieldActions,
  hasObjectAction,
  hasSystemPermission,
  objectActions,
  summarizeEffectiveAccess,
  systemPermissionVia,
} from './query.js';
import { accessCatalogFromOrg, resolveEffectiveAccess } from './resolve.js';
import type {
  AccessAssignment,
  AccessCatalog,
  EffectiveAccess,
  ExcludedGrant,
  Via,
} from './types.js';

// --- builders -------------------------------------------------------------------------------

/** `r` read, `c` create, `e` edit, `d` delete, `v` viewAll, `m` modifyAll, `f` viewAllFields. */
function obj(flags: string): ObjectPermission {
  return {
    allowRead: flags.includes('r'),
    allowCreate: flags.includes('c'),
    allowEdit: flags.includes('e'),
    allowDelete: flags.includes('d'),
    viewAllRecords: flags.includes('v'),
    modifyAllRecords: flags.includes('m'),
    viewAllFields: flags.includes('f'),
  };
}

interface Spec {
  system?: string[];
  objects?: Record<string, string>;
  /** `'re'` read+edit, `'r'` read. */
  fields?: Record<string, string>;
}

function content(spec: Spec): PermissionContent {
  return {
    userPermissions: spec.system ?? [],
    objectPermissions: Object.fromEntries(
      Object.entries(spec.objects ?? {}).map(([o, f]) => [o, obj(f)]),
    ),
    fieldPermissions: Object.fromEntries(
      Object.entries(spec.fields ?? {}).map(([k, f]) => [
        k,
        { readable: f.includes('r'), editable: f.includes('e') },
      ]),
    ),
  };
}

function profile(spec: Spec = {}): ProfileDef {
  return {
    kind: 'Profile',
    fullName: 'Integration',
    name: 'Integration Profile',
    custom: true,
    userLicense: 'Salesforce Integration',
    loginIpRanges: [],
    ...content(spec),
  };
}

function set(name: string, spec: Spec, hasActivationRequired = false): PermissionSetDef {
  return { kind: 'PermissionSet', name, label: name, hasActivationRequired, ...content(spec) };
}

function muting(name: string, spec: Spec): MutingPermissionSetDef {
  return { kind: 'MutingPermissionSet', name, label: name, ...content(spec) };
}

function group(
  name: string,
  permissionSets: string[],
  options: { muting?: string; session?: boolean } = {},
): PermissionSetGroupDef {
  return {
    kind: 'PermissionSetGroup',
    name,
    label: name,
    permissionSets,
    ...(options.muting === undefined ? {} : { mutingPermissionSet: options.muting }),
    hasActivationRequired: options.session ?? false,
    status: 'Updated',
  };
}

const FIELDS: Record<string, string[]> = {
  Account: ['AccountNumber', 'Industry'],
  Order: ['Description', 'PoNumber'],
  Product2: ['Description', 'Family', 'ProductCode'],
  Pricebook2: ['IsActive'],
};

function catalog(parts: {
  sets?: PermissionSetDef[];
  mutings?: MutingPermissionSetDef[];
  groups?: PermissionSetGroupDef[];
}): AccessCatalog {
  return {
    permissionSets: parts.sets ?? [],
    mutingPermissionSets: parts.mutings ?? [],
    permissionSetGroups: parts.groups ?? [],
    objects: Object.keys(FIELDS),
    fieldsOf: (o) => FIELDS[o] ?? [],
  };
}

const NOW = '2026-11-25T12:00:00Z';
const P: Via = { type: 'Profile', name: 'Integration Profile' };
const ps = (name: string, extra: Partial<Via> = {}): Via => ({
  type: 'PermissionSet',
  name,
  ...extra,
});

function viaOf(access: EffectiveAccess, grant: string): Via[] | undefined {
  const [kind = '', rest = ''] = grant.split(/:(.*)/s);
  if (kind === 'system') return access.systemPermissions.get(rest);
  const cut = rest.lastIndexOf(':');
  const name = rest.slice(0, cut);
  const action = rest.slice(cut + 1);
  if (kind === 'object') return access.objects.get(name)?.get(action as never);
  return access.fields.get(name)?.get(action as never);
}

function excluded(access: EffectiveAccess, reason: string): ExcludedGrant[] {
  return access.excluded.filter((e) => e.reason === reason);
}

// --- the semantics, one row per rule ---------------------------------------------------------

interface Row {
  rule: string;
  profile?: ProfileDef;
  assignments?: AccessAssignment[];
  sets?: PermissionSetDef[];
  mutings?: MutingPermissionSetDef[];
  groups?: PermissionSetGroupDef[];
  check: (access: EffectiveAccess) => void;
}

const rows: Row[] = [
  {
    rule: 'the profile grants, through a Profile via named by its label',
    profile: profile({ system: ['ApiEnabled'], objects: { Account: 'r' } }),
    check(a) {
      expect(viaOf(a, 'system:ApiEnabled')).toEqual([P]);
      expect(viaOf(a, 'object:Account:read')).toEqual([P]);
    },
  },
  {
    rule: 'a directly assigned permission set grants, through its API name',
    assignments: [{ permissionSet: 'Orders' }],
    sets: [set('Orders', { objects: { Order: 'rce' } })],
    check(a) {
      expect(viaOf(a, 'object:Order:create')).toEqual([ps('Orders')]);
      expect(viaOf(a, 'object:Order:delete')).toBeUndefined();
    },
  },
  {
    rule: 'a group grants the union of its permission sets, each via the set and the group',
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [set('A', { objects: { Account: 'r' } }), set('B', { system: ['ApiEnabled'] })],
    groups: [group('Bundle', ['A', 'B'])],
    check(a) {
      expect(viaOf(a, 'object:Account:read')).toEqual([ps('A', { group: 'Bundle' })]);
      expect(viaOf(a, 'system:ApiEnabled')).toEqual([ps('B', { group: 'Bundle' })]);
    },
  },
  {
    rule: "a group's muting permission set removes the grant within the group, recorded as muted",
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [set('A', { objects: { Pricebook2: 'rced', Product2: 'r' } })],
    mutings: [muting('Bundle_Muting', { objects: { Pricebook2: 'd' } })],
    groups: [group('Bundle', ['A'], { muting: 'Bundle_Muting' })],
    check(a) {
      expect(objectActions(a, 'Pricebook2')).toEqual(['read', 'create', 'edit']);
      expect(excluded(a, 'muted')).toEqual([
        {
          reason: 'muted',
          via: ps('A', { group: 'Bundle' }),
          permission: 'object:Pricebook2:delete',
          mutedBy: 'Bundle_Muting',
        },
      ]);
    },
  },
  {
    rule: 'muting never removes a grant that also reaches the user through the profile',
    profile: profile({ system: ['ApiEnabled'] }),
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [set('A', { system: ['ApiEnabled'] })],
    mutings: [muting('M', { system: ['ApiEnabled'] })],
    groups: [group('Bundle', ['A'], { muting: 'M' })],
    check(a) {
      expect(viaOf(a, 'system:ApiEnabled')).toEqual([P]);
      expect(excluded(a, 'muted').map((e) => e.permission)).toEqual(['system:ApiEnabled']);
    },
  },
  {
    rule: 'muting never removes a grant that also reaches the user through a direct permission set',
    assignments: [{ permissionSet: 'A' }, { permissionSetGroup: 'Bundle' }],
    sets: [set('A', { objects: { Account: 'r' } })],
    mutings: [muting('M', { objects: { Account: 'r' } })],
    groups: [group('Bundle', ['A'], { muting: 'M' })],
    check(a) {
      expect(viaOf(a, 'object:Account:read')).toEqual([ps('A')]);
    },
  },
  {
    rule: 'muting applies only within its own group: another group still grants',
    assignments: [{ permissionSetGroup: 'Muted' }, { permissionSetGroup: 'Open' }],
    sets: [set('A', { system: ['ViewSetup'] })],
    mutings: [muting('M', { system: ['ViewSetup'] })],
    groups: [group('Muted', ['A'], { muting: 'M' }), group('Open', ['A'])],
    check(a) {
      expect(viaOf(a, 'system:ViewSetup')).toEqual([ps('A', { group: 'Open' })]);
      expect(excluded(a, 'muted')).toEqual([
        {
          reason: 'muted',
          via: ps('A', { group: 'Muted' }),
          permission: 'system:ViewSetup',
          mutedBy: 'M',
        },
      ]);
    },
  },
  {
    rule: 'muting read on an object also mutes what depends on it (edit, create, ... on that object)',
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [set('A', { objects: { Pricebook2: 'rce', Account: 'r' } })],
    mutings: [muting('M', { objects: { Pricebook2: 'r' } })],
    groups: [group('Bundle', ['A'], { muting: 'M' })],
    check(a) {
      expect(objectActions(a, 'Pricebook2')).toEqual([]);
      expect(objectActions(a, 'Account')).toEqual(['read']);
      expect(excluded(a, 'muted').map((e) => e.permission)).toEqual([
        'object:Pricebook2:create',
        'object:Pricebook2:edit',
        'object:Pricebook2:read',
      ]);
    },
  },
  {
    rule: 'muting View All Data also mutes Modify All Data, which implies it',
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [set('A', { system: ['ModifyAllData', 'ViewAllData'] })],
    mutings: [muting('M', { system: ['ViewAllData'] })],
    groups: [group('Bundle', ['A'], { muting: 'M' })],
    check(a) {
      expect(hasSystemPermission(a, 'ModifyAllData')).toBe(false);
      expect(hasSystemPermission(a, 'ViewAllData')).toBe(false);
      expect(a.objects.size).toBe(0);
    },
  },
  {
    rule: 'muting a field removes its read and edit within the group',
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [
      set('A', {
        objects: { Product2: 'r' },
        fields: { 'Product2.Family': 're', 'Product2.Description': 're' },
      }),
    ],
    mutings: [muting('M', { fields: { 'Product2.Family': 'r' } })],
    groups: [group('Bundle', ['A'], { muting: 'M' })],
    check(a) {
      expect(fieldActions(a, 'Product2.Family')).toEqual([]);
      expect(fieldActions(a, 'Product2.Description')).toEqual(['read', 'edit']);
    },
  },
  {
    rule: 'an expired assignment is excluded and recorded as expired, with its date',
    assignments: [{ permissionSet: 'Old', expirationDate: '2026-11-25T11:59:59.000+0000' }],
    sets: [set('Old', { objects: { Account: 'r' } })],
    check(a) {
      expect(a.objects.size).toBe(0);
      expect(excluded(a, 'expired')).toEqual([
        {
          reason: 'expired',
          via: ps('Old'),
          permission: 'container',
          expirationDate: '2026-11-25T11:59:59.000+0000',
        },
        {
          reason: 'expired',
          via: ps('Old'),
          permission: 'object:Account:read',
          expirationDate: '2026-11-25T11:59:59.000+0000',
        },
      ]);
    },
  },
  {
    rule: 'an assignment that expires later is effective',
    assignments: [{ permissionSet: 'Soon', expirationDate: '2027-01-31T23:59:59.000+0000' }],
    sets: [set('Soon', { objects: { Account: 'r' } })],
    check(a) {
      expect(viaOf(a, 'object:Account:read')).toEqual([ps('Soon')]);
      expect(a.excluded).toEqual([]);
    },
  },
  {
    rule: 'an expired group assignment excludes every grant of the group',
    assignments: [{ permissionSetGroup: 'Bundle', expirationDate: '2026-01-01T00:00:00Z' }],
    sets: [set('A', { system: ['ApiEnabled'] })],
    groups: [group('Bundle', ['A'])],
    check(a) {
      expect(a.systemPermissions.size).toBe(0);
      expect(excluded(a, 'expired').map((e) => [e.via, e.permission])).toEqual([
        [ps('A', { group: 'Bundle' }), 'system:ApiEnabled'],
        [{ type: 'PermissionSetGroup', name: 'Bundle' }, 'container'],
      ]);
    },
  },
  {
    rule: 'a session-based permission set is not active in a client-credentials session',
    assignments: [{ permissionSet: 'Override' }],
    sets: [set('Override', { objects: { Pricebook2: 're' } }, true)],
    check(a) {
      expect(a.objects.size).toBe(0);
      expect(excluded(a, 'session-based').map((e) => e.permission)).toEqual([
        'container',
        'object:Pricebook2:edit',
        'object:Pricebook2:read',
      ]);
    },
  },
  {
    rule: 'a session-based group is not active either',
    assignments: [{ permissionSetGroup: 'Bundle' }],
    sets: [set('A', { system: ['ApiEnabled'] })],
    groups: [group('Bundle', ['A'], { session: true })],
    check(a) {
      expect(a.systemPermissions.size).toBe(0);
      expect(excluded(a, 'session-based')).toContainEqual({
        reason: 'session-based',
        via: { type: 'PermissionSetGroup', name: 'Bundle' },
        permission: 'container',
      });
    },
  },
  {
    rule: 'unknown permission sets, groups, group members and muting sets are recorded',
    assignments: [
      { permissionSet: 'Ghost' },
      { permissionSetGroup: 'NoGroup' },
      { permissionSetGroup: 'G' },
    ],
    sets: [set('A', { system: ['ApiEnabled'] })],
    groups: [group('G', ['A', 'Missing'], { muting: 'NoMuting' })],
    check(a) {
      expect(excluded(a, 'unknown-container').map((e) => e.via)).toEqual([
        ps('Ghost'),
        ps('Missing', { group: 'G' }),
        ps('NoMuting', { group: 'G' }),
        { type: 'PermissionSetGroup', name: 'NoGroup' },
      ]);
      // The known part of the group still grants, unmuted.
      expect(viaOf(a, 'system:ApiEnabled')).toEqual([ps('A', { group: 'G' })]);
    },
  },
  {
    rule: 'Modify All Data implies View All Data and full access to every object',
    profile: profile({ system: ['ModifyAllData'] }),
    check(a) {
      expect(viaOf(a, 'system:ViewAllData')).toEqual([{ ...P, impliedBy: 'ModifyAllData' }]);
      for (const o of Object.keys(FIELDS))
        expect(objectActions(a, o), o).toEqual([...OBJECT_ACTIONS]);
      expect(viaOf(a, 'object:Account:delete')).toEqual([{ ...P, impliedBy: 'ModifyAllData' }]);
      // Field-level security applies even to Modify All Data.
      expect(a.fields.size).toBe(0);
    },
  },
  {
    rule: 'View All Data implies read and View All on every object, nothing more',
    profile: profile({ system: ['ViewAllData'] }),
    check(a) {
      for (const o of Object.keys(FIELDS))
        expect(objectActions(a, o), o).toEqual(['read', 'viewAll']);
      expect(viaOf(a, 'object:Order:viewAll')).toEqual([{ ...P, impliedBy: 'ViewAllData' }]);
      expect(hasSystemPermission(a, 'ModifyAllData')).toBe(false);
    },
  },
  {
    rule: 'Modify All on an object implies View All, read, edit and delete (not create)',
    profile: profile({ objects: { Order: 'm' } }),
    check(a) {
      expect(objectActions(a, 'Order')).toEqual(['read', 'edit', 'delete', 'viewAll', 'modifyAll']);
      expect(viaOf(a, 'object:Order:delete')).toEqual([{ ...P, impliedBy: 'modifyAll' }]);
    },
  },
  {
    rule: 'View All on an object implies read',
    profile: profile({ objects: { Order: 'v' } }),
    check(a) {
      expect(objectActions(a, 'Order')).toEqual(['read', 'viewAll']);
      expect(viaOf(a, 'object:Order:read')).toEqual([{ ...P, impliedBy: 'viewAll' }]);
    },
  },
  {
    rule: 'edit, delete and create each imply read, and delete does not imply edit',
    profile: profile({ objects: { Account: 'e', Order: 'd', Product2: 'c' } }),
    check(a) {
      expect(objectActions(a, 'Account')).toEqual(['read', 'edit']);
      expect(objectActions(a, 'Order')).toEqual(['read', 'delete']);
      expect(objectActions(a, 'Product2')).toEqual(['read', 'create']);
      expect(viaOf(a, 'object:Account:read')).toEqual([{ ...P, impliedBy: 'edit' }]);
      expect(viaOf(a, 'object:Product2:read')).toEqual([{ ...P, impliedBy: 'create' }]);
    },
  },
  {
    rule: 'View All Fields grants read on every field of the object (and read on the object)',
    profile: profile({ objects: { Product2: 'f' } }),
    check(a) {
      for (const f of FIELDS.Product2 ?? [])
        expect(fieldActions(a, `Product2.${f}`), f).toEqual(['read']);
      expect(viaOf(a, 'field:Product2.Family:read')).toEqual([
        { ...P, impliedBy: 'viewAllFields' },
      ]);
      expect(objectActions(a, 'Product2')).toEqual(['read']);
      expect(fieldActions(a, 'Account.Industry')).toEqual([]);
    },
  },
  {
    rule: 'field edit implies field read',
    profile: profile({ objects: { Order: 'r' }, fields: { 'Order.PoNumber': 'e' } }),
    check(a) {
      expect(fieldActions(a, 'Order.PoNumber')).toEqual(['read', 'edit']);
      expect(viaOf(a, 'field:Order.PoNumber:read')).toEqual([{ ...P, impliedBy: 'edit' }]);
    },
  },
  {
    rule: 'field permissions on an object the user cannot read are not effective',
    profile: profile({ fields: { 'Account.Industry': 're' } }),
    check(a) {
      expect(a.fields.size).toBe(0);
    },
  },
  {
    rule: 'object read from one container makes another container’s field permission effective',
    profile: profile({ objects: { Account: 'r' } }),
    assignments: [{ permissionSet: 'F' }],
    sets: [set('F', { fields: { 'Account.AccountNumber': 'r' } })],
    check(a) {
      expect(viaOf(a, 'field:Account.AccountNumber:read')).toEqual([ps('F')]);
    },
  },
  {
    rule: 'a grant from several containers keeps every path, profile first, then sets, then groups',
    profile: profile({ system: ['ApiEnabled'] }),
    assignments: [{ permissionSetGroup: 'G' }, { permissionSet: 'Z' }, { permissionSet: 'B' }],
    sets: [
      set('B', { system: ['ApiEnabled'] }),
      set('Z', { system: ['ApiEnabled'] }),
      set('C', { system: ['ApiEnabled'] }),
    ],
    groups: [group('G', ['C', 'B'])],
    check(a) {
      expect(viaOf(a, 'system:ApiEnabled')).toEqual([
        P,
        ps('B'),
        ps('Z'),
        ps('B', { group: 'G' }),
        ps('C', { group: 'G' }),
      ]);
    },
  },
  {
    rule: 'an explicit grant is not reported as implied by the same container',
    profile: profile({ objects: { Account: 'rm' } }),
    check(a) {
      expect(viaOf(a, 'object:Account:read')).toEqual([P]);
      expect(viaOf(a, 'object:Account:edit')).toEqual([{ ...P, impliedBy: 'modifyAll' }]);
    },
  },
  {
    rule: 'object and field names are matched case-insensitively to the catalog spelling',
    profile: profile({ objects: { account: 'r' }, fields: { 'account.industry': 'r' } }),
    check(a) {
      expect([...a.objects.keys()]).toEqual(['Account']);
      expect([...a.fields.keys()]).toEqual(['Account.Industry']);
    },
  },
];

describe('resolveEffectiveAccess', () => {
  it.each(rows)('$rule', (row) => {
    const access = resolveEffectiveAccess(
      { profile: row.profile ?? profile(), assignments: row.assignments ?? [], now: NOW },
      catalog(row),
    );
    row.check(access);
  });

  it('is deterministic whatever the order of assignments and containers', () => {
    const sets = [
      set('A', { system: ['ApiEnabled'], objects: { Account: 'r' } }),
      set('B', { objects: { Account: 're', Order: 'f' } }),
    ];
    const groups = [group('G', ['B', 'A']), group('H', ['A'])];
    const assignments: AccessAssignment[] = [
      { permissionSet: 'A' },
      { permissionSetGroup: 'G' },
      { permissionSetGroup: 'H' },
      { permissionSet: 'Nope' },
    ];
    const one = resolveEffectiveAccess(
      { profile: profile(), assignments, now: NOW },
      catalog({ sets, groups }),
    );
    const two = resolveEffectiveAccess(
      { profile: profile(), assignments: [...assignments].reverse(), now: NOW },
      catalog({ sets: [...sets].reverse(), groups: [...groups].reverse() }),
    );
    expect(two).toEqual(one);
    expect(JSON.stringify(summarizeEffectiveAccess(two))).toBe(
      JSON.stringify(summarizeEffectiveAccess(one)),
    );
  });

  it('rejects an evaluation time or expiration date that is not a date', () => {
    expect(() =>
      resolveEffectiveAccess({ profile: profile(), assignments: [], now: 'soon' }, catalog({})),
    ).toThrow(RangeError);
    expect(() =>
      resolveEffectiveAccess(
        {
          profile: profile(),
          assignments: [{ permissionSet: 'A', expirationDate: 'never' }],
          now: NOW,
        },
        catalog({ sets: [set('A', {})] }),
      ),
    ).toThrow(/expirationDate/);
  });

  // The Supplier_Catalog integration of the reference fixture (test/fixtures/orgs/northwind-integrations).
  it('reproduces the planted RG-0011 grant of the reference fixture', () => {
    const api = STANDARD_PROFILES.find(
      (p) => p.fullName === 'Minimum Access - API Only Integrations',
    );
    if (api === undefined) throw new Error('missing standard profile');
    const sets = [
      set('Supplier_Catalog_API', {
        system: ['ApiEnabled', 'ApiUserOnly'],
        objects: { Product2: 'rce' },
        fields: { 'Product2.Description': 're', 'Product2.ProductCode': 'r' },
      }),
      set('Product_Data_Steward', {
        objects: { Pricebook2: 'rced', Product2: 'rced' },
        fields: { 'Product2.Description': 're', 'Product2.Family': 're' },
      }),
    ];
    const mutings = [
      muting('Supplier_Catalog_Access_Muting', {
        objects: { Pricebook2: 'rced' },
        fields: { 'Product2.Family': 're' },
      }),
    ];
    const groups = [
      group('Supplier_Catalog_Access', ['Product_Data_Steward', 'Supplier_Catalog_API'], {
        muting: 'Supplier_Catalog_Access_Muting',
      }),
    ];
    const a = resolveEffectiveAccess(
      { profile: api, assignments: [{ permissionSetGroup: 'Supplier_Catalog_Access' }], now: NOW },
      catalog({ sets, mutings, groups }),
    );
    expect(summarizeEffectiveAccess(a)).toEqual({
      systemPermissions: ['ApiEnabled', 'ApiUserOnly'],
      objects: { Product2: ['read', 'create', 'edit', 'delete'] },
      fields: {
        'Product2.Description': ['read', 'edit'],
        'Product2.ProductCode': ['read'],
      },
    });
    expect(viaOf(a, 'object:Product2:delete')).toEqual([
      ps('Product_Data_Steward', { group: 'Supplier_Catalog_Access' }),
    ]);
    expect(viaOf(a, 'system:ApiEnabled')).toEqual([
      { type: 'Profile', name: 'Minimum Access - API Only Integrations' },
      ps('Supplier_Catalog_API', { group: 'Supplier_Catalog_Access' }),
    ]);
  });
});

describe('query helpers', () => {
  const access = resolveEffectiveAccess(
    {
      profile: profile({
        system: ['ApiEnabled'],
        objects: { Account: 're', Order: 'r' },
        fields: { 'Account.Industry': 'r', 'Account.AccountNumber': 're' },
      }),
      assignments: [],
      now: NOW,
    },
    catalog({}),
  );

  it('answers system permission questions, case-insensitively', () => {
    expect(hasSystemPermission(access, 'ApiEnabled')).toBe(true);
    expect(hasSystemPermission(access, 'apienabled')).toBe(true);
    expect(hasSystemPermission(access, 'ApiUserOnly')).toBe(false);
    expect(systemPermissionVia(access, 'ApiEnabled')).toEqual([P]);
    expect(systemPermissionVia(access, 'ModifyAllData')).toEqual([]);
  });

  it('answers object questions', () => {
    expect(objectActions(access, 'account')).toEqual(['read', 'edit']);
    expect(objectActions(access, 'Lead')).toEqual([]);
    expect(hasObjectAction(access, 'Order', 'read')).toBe(true);
    expect(hasObjectAction(access, 'Order', 'edit')).toBe(false);
  });

  it('reads non-permissionable fields with the object, permissionable ones through FLS', () => {
    expect(canReadField(access, 'Account.Name', false)).toBe(true);
    expect(canReadField(access, 'Lead.Name', false)).toBe(false);
    expect(canReadField(access, 'Account.Industry', true)).toBe(true);
    expect(canReadField(access, 'Account.Website', true)).toBe(false);
  });

  it('summarizes in the report shape', () => {
    expect(summarizeEffectiveAccess(access)).toEqual({
      systemPermissions: ['ApiEnabled'],
      objects: { Account: ['read', 'edit'], Order: ['read'] },
      fields: { 'Account.AccountNumber': ['read', 'edit'], 'Account.Industry': ['read'] },
    });
  });
});

describe('accessCatalogFromOrg', () => {
  // Only what the catalog reads: the containers and the schema.
  const org: Parameters<typeof accessCatalogFromOrg>[0] = {
    schema: standardSchema(),
    permissionSets: [set('A', { objects: { Account: 'r' } })],
    mutingPermissionSets: [],
    permissionSetGroups: [],
  };
  const cat = accessCatalogFromOrg(org);

  it('reaches the CRUD objects only, and their permissionable fields', () => {
    expect(cat.objects).toContain('Account');
    expect(cat.objects).toContain('Product2');
    expect(cat.objects).not.toContain('User');
    expect(cat.objects).not.toContain('PermissionSet');
    expect(cat.fieldsOf('Account')).toContain('AccountNumber');
    expect(cat.fieldsOf('Account')).not.toContain('Name');
    expect(cat.fieldsOf('Account')).not.toContain('Id');
    expect(cat.fieldsOf('User')).toEqual([]);
    expect(cat.fieldsOf('Nope__c')).toEqual([]);
    expect(cat.permissionSets.map((s) => s.name)).toEqual(['A']);
  });

  it('resolves the System Administrator to full access on every standard CRUD object', () => {
    const admin = STANDARD_PROFILES.find((p) => p.fullName === 'Admin');
    if (admin === undefined) throw new Error('missing standard profile');
    const a = resolveEffectiveAccess({ profile: admin, assignments: [], now: NOW }, cat);
    for (const o of cat.objects) expect(objectActions(a, o), o).toEqual([...OBJECT_ACTIONS]);
    expect(canReadField(a, 'Order.PoNumber', true)).toBe(true);
    expect(hasSystemPermission(a, 'ApiUserOnly')).toBe(false);
  });
});
