// Fuzzing the collector's readers of Salesforce answers (src/collect/normalize/*): apps,
// profiles, permissions and values, fed values shaped like jsforce and fast-xml-parser output
// (strings for booleans and numbers, one element or an array, nil objects, nulls) and anything at
// all where they take `unknown`. They never throw: an unknown shape reads as absent.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { connectedAppFromMetadata, externalClientApps } from '../../src/collect/normalize/apps.js';
import {
  groupByParent,
  permissionContentOf,
  permissionFieldsOf,
  userPermissionsOf,
} from '../../src/collect/normalize/permissions.js';
import {
  loginHoursOf,
  profilePolicyOf,
  sessionSettingOf,
} from '../../src/collect/normalize/profiles.js';
import {
  bool,
  csv,
  idKey,
  int,
  isoDateTime,
  list,
  text,
  timeoutMinutes,
} from '../../src/collect/normalize/values.js';
import type { Raw } from '../../src/collect/normalize/values.js';
import type { ClientApp } from '../../src/model/org.js';
import type { PermissionContent } from '../../src/model/permissions.js';
import { FUZZ_TIMEOUT_MS, fuzz, oddText } from './harness.js';

/** What a field of an answer may hold. */
const leaf = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'true',
      'false',
      'TRUE',
      ' true ',
      '',
      '0',
      '120',
      '1440',
      '-5',
      '99999999999',
      'TwoHours',
      'FifteenMinutes',
      'TwentyFourHours',
      'Api',
      'Api, Web,RefreshToken',
      'AdminApprovedPreAuthorized',
      '0H4000000000001AAA',
      '0PS000000000001',
      'Account',
      'Account.Name',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'billing@acme.com',
      '2026-11-25T11:58:41.000+0000',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000+0000',
      '2026-02-30T00:00:00.000+0000',
      '999999',
    ),
  },
  { weight: 2, arbitrary: oddText },
  { weight: 1, arbitrary: fc.boolean() },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(NaN, Infinity, -0, 1e21, 2 ** 53),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  // fast-xml-parser's and jsforce's nil element.
  { weight: 1, arbitrary: fc.constant({ $: { 'xsi:nil': 'true' } }) },
);

const FIELDS = [
  'fullName',
  'label',
  'oauthConfig',
  'oauthPolicy',
  'sessionPolicy',
  'consumerKey',
  'consumerSecret',
  'isClientCredentialEnabled',
  'oauthClientCredentialUser',
  'isAdminApproved',
  'scopes',
  'profileName',
  'permissionSetName',
  'pluginExecutionUser',
  'ipRelaxation',
  'refreshTokenPolicy',
  'sessionLevel',
  'sessionTimeout',
  'externalClientApplication',
  'clientCredentialsFlowUser',
  'permittedUsersPolicyType',
  'commaSeparatedProfile',
  'commaSeparatedPermissionSet',
  'ipRelaxationPolicyType',
  'refreshTokenPolicyType',
  'requiredSessionLevel',
  'sessionTimeoutInMinutes',
  'executeHandlerAs',
  'loginIpRanges',
  'startAddress',
  'endAddress',
  'description',
  'loginHours',
  'mondayStart',
  'mondayEnd',
  'sundayStart',
  'sundayEnd',
  'profile',
  'Id',
  'DeveloperName',
  'NamespacePrefix',
  'MasterLabel',
  'ExternalClientApplicationId',
  'IsClientCredentialsFlowEnabled',
  'ClientCredentialsFlowUser',
  'PermittedUsersPolicyType',
  'IpRelaxationPolicyType',
  'RefreshTokenPolicyType',
  'ExecuteHandlerAs',
  'Username',
  'OauthScopesAPI',
  'OauthScopesWEB',
  'ParentId',
  'SobjectType',
  'Field',
  'PermissionsRead',
  'PermissionsEdit',
  'PermissionsApiEnabled',
  'PermissionsViewAllData',
  'Permissions',
  'fields',
  'name',
  'type',
  '__proto__',
  'constructor',
] as const;

/** Answer-shaped values: records of known fields, one value or many, nested a few levels. */
const answer: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: tie('record') },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
  ),
  record: fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 10 }),
})).value;

const record: fc.Arbitrary<Raw> = fc.dictionary(fc.constantFrom(...FIELDS), answer, {
  maxKeys: 12,
});

/** Anything at all, prototype-less objects and odd numbers included. */
const anything = fc.anything({
  withNullPrototype: true,
  withBoxedValues: true,
  withSparseArray: true,
  withBigInt: true,
  maxDepth: 3,
});

const input = fc.oneof({ weight: 3, arbitrary: answer }, { weight: 1, arbitrary: anything });

function checkApp(app: ClientApp): void {
  expect(app.name).toBe(app.name.trim());
  expect(app.name).not.toBe('');
  expect(app).not.toHaveProperty('consumerSecret');
  for (const list of [app.scopes, app.preAuthorizedProfiles, app.preAuthorizedPermissionSets])
    for (const item of list) expect(typeof item).toBe('string');
  if (app.sessionTimeoutMinutes !== undefined)
    expect(Number.isInteger(app.sessionTimeoutMinutes)).toBe(true);
}

function checkHours(hours: Record<string, { start: number; end: number }> | undefined): void {
  for (const day of Object.values(hours ?? {})) {
    expect(day.start).toBeGreaterThanOrEqual(0);
    expect(day.end).toBeLessThanOrEqual(1440);
  }
}

/** Every name read is an own key of a plain object: `__proto__` must not become a prototype. */
function checkOwnKeys(map: object, names: readonly string[]): void {
  expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  for (const name of names) expect(Object.hasOwn(map, name)).toBe(true);
}

function checkContent(content: PermissionContent, rows: readonly Raw[]): void {
  checkOwnKeys(content.objectPermissions, Object.keys(content.objectPermissions));
  checkOwnKeys(content.fieldPermissions, Object.keys(content.fieldPermissions));
  for (const row of rows) {
    const object = typeof row.SobjectType === 'string' ? row.SobjectType.trim() : '';
    if (/^[A-Za-z]\w*$/.test(object))
      expect(Object.hasOwn(content.objectPermissions, object)).toBe(true);
  }
  for (const name of content.userPermissions) expect(name).not.toBe('');
}

/** The value readers: each gives its type or absent, whatever it is fed. */
function checkValues(value: unknown): void {
  const inner: unknown[] = typeof value === 'object' && value !== null ? Object.values(value) : [];
  for (const v of [value, ...inner]) {
    expect(typeof bool(v)).toBe('boolean');
    const t = text(v);
    if (t !== undefined) expect(t).toBe(t.trim());
    if (t !== undefined) expect(idKey(t).length).toBeLessThanOrEqual(15);
    for (const item of [...list(v), ...csv(v)]) expect(item).not.toBe('');
    const n = int(v, 0, 1440);
    if (n !== undefined) expect(Number.isInteger(n) && n >= 0 && n <= 1440).toBe(true);
    const minutes = timeoutMinutes(v);
    if (minutes !== undefined) expect(Number.isInteger(minutes) && minutes >= 0).toBe(true);
    const at = isoDateTime(v);
    if (at !== undefined) expect(new Date(at).toISOString()).toBe(at);
  }
}

/** The oracle of groupByParent: a trimmed, non-empty ParentId equal to the Id in 15 characters. */
function childOf(row: Raw, id: unknown): boolean {
  const key = (value: unknown): string | undefined => {
    const t = typeof value === 'string' ? value.trim() : undefined;
    return t === undefined || t === '' ? undefined : t.slice(0, 15);
  };
  const parent = key(row.ParentId);
  return parent !== undefined && parent === (key(id) ?? '');
}

describe('fuzz: normalisers of Salesforce answers', () => {
  it(
    'read apps, profiles and permissions from any answer without throwing',
    async () => {
      const cases = fc.record({
        records: fc.array(input, { maxLength: 3 }),
        rows: fc.array(record, { maxLength: 4 }),
        parent: fc.constantFrom('0PS000000000001AAA', '0PS000000000001', ''),
        fileName: fc.option(fc.constantFrom('connectedApps/X.connectedApp', ''), {
          nil: undefined,
        }),
        names: fc.option(fc.constant(new Map([['0PS000000000001', 'Billing_Integration']])), {
          nil: undefined,
        }),
      });
      const figures = await fuzz('normalize', cases, (c) => {
        for (const r of c.records) checkValues(r);
        for (const r of c.records) {
          const app = connectedAppFromMetadata(r, c.fileName);
          if (app !== undefined) checkApp(app);
          checkHours(loginHoursOf(r));
          const policy = profilePolicyOf(r);
          checkHours(policy.loginHours);
          for (const range of policy.loginIpRanges) expect(typeof range.start).toBe('string');
          const setting = sessionSettingOf(r);
          if (setting !== undefined) expect(setting.profile).not.toBe('');
          for (const name of permissionFieldsOf(r))
            expect(name.startsWith('Permissions')).toBe(true);
        }
        // Rows are records (the envelope check guarantees it); their fields may hold anything.
        const rows: Raw[] = c.rows.map((row) => ({ ...row, ParentId: row.ParentId ?? c.parent }));
        const apps = externalClientApps({
          apps: rows,
          policies: rows,
          settings: rows,
          policyMetadata: c.records,
          ...(c.names === undefined ? {} : { permissionSetNames: c.names }),
        });
        expect(apps.length).toBeLessThanOrEqual(rows.length);
        apps.forEach(checkApp);
        const grouped = groupByParent(rows);
        for (const row of rows) {
          userPermissionsOf(row);
          checkContent(
            permissionContentOf(row, { objects: grouped, fields: grouped }),
            rows.filter((r) => childOf(r, row.Id)),
          );
        }
        const own = permissionContentOf({ Id: c.parent }, { objects: grouped, fields: grouped });
        checkContent(
          own,
          rows.filter((r) => childOf(r, c.parent)),
        );
        return 'result';
      });
      expect(figures.results).toBe(figures.cases);
    },
    FUZZ_TIMEOUT_MS,
  );
});
