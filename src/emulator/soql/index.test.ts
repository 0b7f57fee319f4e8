// The SOQL engine against the tiny org of testing/org.ts (not the standard data): each operator, paths,
// subqueries, semi-joins, date literals at a fixed clock, ordering and paging, aggregates, every error
// with its code, and the exact queries the Salesforce CLI sends (docs/salesforce-behaviour.md 5.5).

import { describe, expect, it } from 'vitest';
import type { SObjectRow } from '../../model/org.js';
import { executeSoql, queryColumns, SoqlError, type SoqlContext } from './index.js';
import { P, testContext, U } from './testing/org.js';

// ---- helpers ----------------------------------------------------------------------------------

const run = (soql: string, overrides: Partial<SoqlContext> = {}) =>
  executeSoql(soql, testContext(overrides));
const ids = (soql: string, overrides: Partial<SoqlContext> = {}): string[] =>
  run(soql, overrides).records.map((r) => r.Id as string);

function failure(soql: string, overrides: Partial<SoqlContext> = {}): SoqlError {
  try {
    run(soql, overrides);
  } catch (err) {
    if (err instanceof SoqlError) return err;
    throw err;
  }
  throw new Error(`expected ${soql} to fail`);
}

const A = (n: number): string => `0018d0000000Ac${n}AAE`;
const LH = (n: number): string => `0Ya8d0000000Lh${n}CAE`;

// ---- fields, casing, attributes -----------------------------------------------------------------

describe('field lists', () => {
  it('matches names case-insensitively and answers in the schema casing, with attributes', () => {
    const result = run(
      "select id, USERNAME, isactive from user where username = 'GRACE.OKAFOR@northwind.test'",
    );
    expect(result).toEqual({
      totalSize: 1,
      entityTypeName: 'User',
      records: [
        {
          attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${U.grace}` },
          Id: U.grace,
          Username: 'grace.okafor@northwind.test',
          IsActive: true,
        },
      ],
    });
    expect(Object.keys(result.records[0] ?? {})).toEqual([
      'attributes',
      'Id',
      'Username',
      'IsActive',
    ]);
  });

  it('writes datetimes in Salesforce format, dates as YYYY-MM-DD, missing values as null', () => {
    const [tomas] = run(
      `SELECT CreatedDate, LastLoginDate FROM User WHERE Id = '${U.tomas}'`,
    ).records;
    expect(tomas).toMatchObject({
      CreatedDate: '2025-06-01T09:00:00.000+0000',
      LastLoginDate: null,
    });
    const [store] = run(`SELECT LastLoginDate FROM User WHERE Id = '${U.store}'`).records;
    expect(store?.LastLoginDate).toBe('2026-11-25T11:58:41.000+0000');
    const [account] = run(
      `SELECT Renewal__c, AnnualRevenue, Industry FROM Account WHERE Id = '${A(3)}'`,
    ).records;
    expect(account).toMatchObject({
      Renewal__c: '2027-03-31',
      AnnualRevenue: null,
      Industry: null,
    });
  });

  it('strips the FROM alias from field paths', () => {
    expect(run("SELECT a.Name FROM Account a WHERE a.Industry = 'Retail'").records).toEqual([
      {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${A(2)}` },
        Name: "Bon app'",
      },
    ]);
  });

  it('expands FIELDS(STANDARD) to the visible standard fields', () => {
    const [first] = run('SELECT FIELDS(STANDARD) FROM Account ORDER BY Name LIMIT 1').records;
    expect(Object.keys(first ?? {})).toEqual([
      'attributes',
      'Id',
      'Name',
      'Industry',
      'AnnualRevenue',
      'NumberOfEmployees',
      'OwnerId',
    ]);
  });

  it('asks FLS only for permissionable fields of crud objects', () => {
    const asked: string[] = [];
    const record = (object: string, field: string): boolean => {
      asked.push(`${object}.${field}`);
      return true;
    };
    run(
      'SELECT Id, Name, Industry, Owner.Username, Owner.Profile.Name FROM Account WHERE Secret__c != null AND Owner.IsActive = true',
      { canReadField: record },
    );
    expect([...new Set(asked)].sort()).toEqual([
      'Account.Industry',
      'Account.OwnerId',
      'Account.Secret__c',
    ]);
  });

  it('never asks FLS for fields of setup and users objects', () => {
    const denyAll = { canReadField: () => false };
    expect(run('SELECT Name, InstanceName FROM Organization', denyAll).totalSize).toBe(1);
    expect(() => run('SELECT Industry FROM Account', denyAll)).toThrow(SoqlError);
    expect(run('SELECT Name FROM Account', denyAll).totalSize).toBe(4);
  });
});

// ---- parent paths and child subqueries -------------------------------------------------------------

describe('relationships', () => {
  it('nests parent paths of any depth, with attributes, and null for an empty lookup', () => {
    const soql =
      'SELECT Id, Profile.Name, Profile.UserLicense.Name, Manager.Username FROM User WHERE Id IN (:a, :b)';
    const records = run(soql.replace(':a', `'${U.store}'`).replace(':b', `'${U.ledger}'`)).records;
    expect(records).toEqual([
      {
        attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${U.store}` },
        Id: U.store,
        Profile: {
          attributes: { type: 'Profile', url: `/services/data/v62.0/sobjects/Profile/${P.api}` },
          Name: 'Minimum Access - API Only Integrations',
          UserLicense: {
            attributes: {
              type: 'UserLicense',
              url: '/services/data/v62.0/sobjects/UserLicense/1008d000000IntgAAA',
            },
            Name: 'Salesforce Integration',
          },
        },
        Manager: {
          attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${U.grace}` },
          Username: 'grace.okafor@northwind.test',
        },
      },
      {
        attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${U.ledger}` },
        Id: U.ledger,
        Profile: null,
        Manager: null,
      },
    ]);
  });

  it('answers child subqueries as {totalSize, done, records}, or null when nothing matches', () => {
    const records = run(
      'SELECT Username, (SELECT PermissionSet.Name FROM PermissionSetAssignments WHERE PermissionSet.IsOwnedByProfile = false) FROM User ORDER BY Username',
    ).records;
    expect(records.map((r) => r.PermissionSetAssignments)).toEqual([
      null,
      {
        totalSize: 1,
        done: true,
        records: [
          {
            attributes: {
              type: 'PermissionSetAssignment',
              url: '/services/data/v62.0/sobjects/PermissionSetAssignment/0Pa8d0000000Pa3CAE',
            },
            PermissionSet: {
              attributes: {
                type: 'PermissionSet',
                url: '/services/data/v62.0/sobjects/PermissionSet/0PS8d0000000Ps3GAE',
              },
              Name: 'Ledger_Year_End_Close',
            },
          },
        ],
      },
      {
        totalSize: 1,
        done: true,
        records: [
          expect.objectContaining({
            PermissionSet: expect.objectContaining({
              Name: 'Storefront_Orders_Integration',
            }) as unknown,
          }) as unknown,
        ],
      },
      null,
    ]);
  });

  it('orders, limits and filters inside a subquery', () => {
    const [store] = run(
      `SELECT Id, (SELECT Id FROM LoginHistories WHERE Application = null OR LoginType = 'Remote Access 2.0' ORDER BY LoginTime LIMIT 2) FROM User WHERE Id = '${U.store}'`,
    ).records;
    const children = store?.LoginHistories as { records: { Id: string }[] };
    expect(children.records.map((r) => r.Id)).toEqual([LH(3), LH(2)]);
  });

  it('evaluates semi-joins and anti-joins', () => {
    expect(
      ids(`SELECT Id FROM User WHERE Id NOT IN (SELECT AssigneeId FROM PermissionSetAssignment)`),
    ).toEqual([U.tomas]);
    expect(
      ids(
        "SELECT Id FROM Account WHERE OwnerId IN (SELECT Id FROM User WHERE Profile.Name = 'System Administrator') AND NumberOfEmployees > 10",
      ),
    ).toEqual([A(1), A(3)]);
  });
});

// ---- WHERE ------------------------------------------------------------------------------------------

describe('WHERE operators', () => {
  it.each([
    ["Industry = 'FOOD'", [1, 4]],
    ["Industry != 'food'", [2, 3]],
    ["Industry <> 'food'", [2, 3]],
    ['Industry = null', [3]],
    ['Industry != null', [1, 2, 4]],
    ['NumberOfEmployees < 40', [2, 4]],
    ['NumberOfEmployees <= 40', [1, 2, 4]],
    ['NumberOfEmployees > 40', [3]],
    ['NumberOfEmployees >= 8', [1, 2, 3]],
    ['AnnualRevenue > 100000', [1, 2]],
    ['AnnualRevenue < 100000.5', [4]],
    ["Name LIKE 'a%'", [1]],
    ["Name LIKE '%APP%'", [2]],
    ["Name LIKE 'B_n%'", [2]],
    ["Name LIKE '100\\%\\_%'", [4]],
    ["Name LIKE '%ércio%'", [3]],
    ["Name = 'bon app\\''", [2]],
    ["Industry IN ('Retail', 'FOOD')", [1, 2, 4]],
    ["Industry NOT IN ('Retail')", [1, 3, 4]],
    ["Industry IN ('Retail', null)", [2, 3]],
    ["Tags__c INCLUDES ('Export')", [1, 4]],
    ["Tags__c INCLUDES ('Retail;Export')", [1]],
    ["Tags__c INCLUDES ('Wholesale', 'Export;Retail')", [1, 4]],
    ["Tags__c EXCLUDES ('Export')", [2, 3]],
    ['Renewal__c = 2026-11-25', [2]],
    ['Renewal__c > 2026-11-25', [1, 3]],
    ["OwnerId = '0058d000005NwT1'", [1, 3]],
    [`OwnerId = '${U.grace}'`, [1, 3]],
    ["OwnerId = '0058D000005NWT1AAK'", []],
    ['OwnerId = null', [4]],
    ["Owner.Name = 'tomas berg'", [2]],
    ["NOT Industry = 'Retail'", [1, 3, 4]],
    ["(Industry = 'Retail' OR Industry = 'Food') AND NumberOfEmployees > 10", [1]],
    ["Industry = 'Retail' OR (Industry = 'Food' AND NumberOfEmployees > 10)", [2, 1].sort()],
    ["NOT (Industry = 'Food' OR Industry = null)", [2]],
    ["((Industry = 'Retail')) AND NOT (NumberOfEmployees > 100)", [2]],
  ] as const)('%s', (where, expected) => {
    expect(ids(`SELECT Id FROM Account WHERE ${where}`)).toEqual(expected.map(A));
  });

  it('compares booleans', () => {
    expect(ids('SELECT Id FROM User WHERE IsActive = false')).toEqual([U.ledger]);
    expect(ids('SELECT Id FROM User WHERE IsActive = TRUE')).toHaveLength(3);
  });
});

describe('date literals at 2026-11-25T12:00:00Z, Europe/London', () => {
  it.each([
    ['LoginTime = TODAY', [1, 2, 4]],
    ['LoginTime = YESTERDAY', [3]],
    ['LoginTime > TODAY', []],
    ['LoginTime < TODAY', [3, 5, 6]],
    ['LoginTime <= TODAY', [1, 2, 3, 4, 5, 6]],
    // 90 days back starts at local midnight 2026-08-27 BST = 2026-08-26T23:00:00Z
    ['LoginTime >= LAST_N_DAYS:90', [1, 2, 3, 4, 5]],
    ['LoginTime < LAST_N_DAYS:90', [6]],
    ['LoginTime = LAST_90_DAYS', [1, 2, 3, 4, 5]],
    ['LoginTime = N_DAYS_AGO:1', [3]],
    ['LoginTime = NEXT_N_DAYS:3', []],
    ['LoginTime = THIS_WEEK', [1, 2, 3, 4]],
    ['LoginTime = LAST_WEEK', []],
    ['LoginTime = LAST_N_MONTHS:3', [5, 6]],
    ['LoginTime = THIS_MONTH', [1, 2, 3, 4]],
    ['LoginTime = THIS_YEAR', [1, 2, 3, 4, 5, 6]],
    ['LoginTime IN (TODAY, YESTERDAY)', [1, 2, 3, 4]],
    ['LoginTime > 2026-11-25T09:03:12Z', [1]],
    ['LoginTime >= 2026-11-25T10:03:12+01:00', [1, 2]],
  ] as const)('%s', (where, expected) => {
    expect(ids(`SELECT Id FROM LoginHistory WHERE ${where}`)).toEqual(expected.map(LH));
  });

  it.each([
    ['Renewal__c = TODAY', [2]],
    ['Renewal__c < TODAY', []],
    ['Renewal__c = NEXT_N_DAYS:7', [1]],
    ['Renewal__c = THIS_MONTH', [2]],
    ['Renewal__c = NEXT_MONTH', [1]],
    ['Renewal__c = NEXT_N_MONTHS:4', [1, 3]],
    ['Renewal__c = NEXT_QUARTER', [3]],
  ] as const)('date field: %s', (where, expected) => {
    expect(ids(`SELECT Id FROM Account WHERE ${where}`)).toEqual(expected.map(A));
  });

  it('moves day boundaries with the org time zone', () => {
    // 2026-11-24T23:59:59Z is already the 25th in Paris (UTC+1).
    expect(
      ids('SELECT Id FROM LoginHistory WHERE LoginTime = TODAY', { timeZone: 'Europe/Paris' }),
    ).toEqual([1, 2, 3, 4].map(LH));
  });
});

// ---- ORDER BY, LIMIT, OFFSET ------------------------------------------------------------------------

describe('ordering and paging', () => {
  it.each([
    ['ORDER BY Name', [4, 1, 2, 3]],
    // Industry's value set is Retail, Food, Wholesale: the set's order, not the alphabet.
    ['ORDER BY Industry', [3, 2, 1, 4]],
    ['ORDER BY Industry DESC', [3, 1, 4, 2]],
    ['ORDER BY Industry DESC NULLS LAST', [1, 4, 2, 3]],
    ['ORDER BY Industry ASC NULLS LAST, Name DESC', [2, 1, 4, 3]],
    ['ORDER BY Owner.Name NULLS LAST, Name', [1, 3, 2, 4]],
    ['ORDER BY NumberOfEmployees DESC LIMIT 2', [3, 1]],
    ['ORDER BY NumberOfEmployees LIMIT 2 OFFSET 1', [2, 1]],
    ['ORDER BY NumberOfEmployees OFFSET 10', []],
    ['LIMIT 0', []],
  ] as const)('%s', (tail, expected) => {
    expect(ids(`SELECT Id FROM Account ${tail}`)).toEqual(expected.map(A));
  });
});

describe('picklist order', () => {
  // Two more accounts whose Industry is outside the value set (an inactive value, or one the set
  // never had): they sort after every value of the set, alphabetically among themselves.
  const extra: SObjectRow[] = [
    { Id: A(5), Name: 'Zed', Industry: 'Agriculture', NumberOfEmployees: 1 },
    { Id: A(6), Name: 'Ypsilon', Industry: 'Mining', NumberOfEmployees: 2 },
  ];
  const withExtra: Partial<SoqlContext> = {
    rows: (object) => [...testContext().rows(object), ...(object === 'Account' ? extra : [])],
  };

  it.each([
    ['ORDER BY Industry NULLS LAST, Id', [2, 1, 4, 5, 6, 3]],
    ['ORDER BY Industry DESC NULLS LAST, Id', [6, 5, 1, 4, 2, 3]],
    ['WHERE Industry != null ORDER BY Industry LIMIT 2 OFFSET 1', [1, 4]],
  ] as const)('%s', (tail, expected) => {
    expect(ids(`SELECT Id FROM Account ${tail}`, withExtra)).toEqual(expected.map(A));
  });

  it('orders groups of a picklist and its MIN and MAX by the value set', () => {
    const groups = run(
      'SELECT Industry, COUNT(Id) n FROM Account WHERE Industry != null GROUP BY Industry ORDER BY Industry',
      withExtra,
    );
    expect(groups.records.map((r) => [r.Industry, r.n])).toEqual([
      ['Retail', 1],
      ['Food', 2],
      ['Agriculture', 1],
      ['Mining', 1],
    ]);
    const minMax = run('SELECT MIN(Industry) lo, MAX(Industry) hi FROM Account');
    expect(minMax.records).toEqual([
      { attributes: { type: 'AggregateResult' }, lo: 'Retail', hi: 'Food' },
    ]);
    const byMin = run(
      'SELECT Owner.Name, MIN(Industry) lo FROM Account GROUP BY Owner.Name ORDER BY MIN(Industry) NULLS LAST',
    );
    expect(byMin.records.map((r) => [r.Name, r.lo])).toEqual([
      ['Tomas Berg', 'Retail'],
      ['Grace Okafor', 'Food'],
      [null, 'food'],
    ]);
    // HAVING compares the value itself, not its place in the set.
    const having = run(
      "SELECT Owner.Name, COUNT(Id) FROM Account GROUP BY Owner.Name HAVING MIN(Industry) = 'food'",
    );
    expect(having.records.map((r) => r.Name)).toEqual(['Grace Okafor', null]);
  });

  it('sorts a picklist without a value set alphabetically', () => {
    const types = run(
      'SELECT LoginType FROM LoginHistory WHERE LoginType != null GROUP BY LoginType ORDER BY LoginType',
    ).records.map((r) => r.LoginType);
    // The rows hold 'Remote Access 2.0' first.
    expect(types).toEqual(['Application', 'Remote Access 2.0']);
  });
});

// ---- COUNT and GROUP BY -----------------------------------------------------------------------------

describe('aggregates', () => {
  it.each([
    ['SELECT COUNT() FROM Account', 4],
    ["SELECT COUNT() FROM Account WHERE Industry = 'food'", 2],
    ['SELECT COUNT() FROM Account LIMIT 1', 1],
    ['select count() from User where IsActive = true', 3],
  ] as const)('%s → totalSize %d and no records', (soql, count) => {
    expect(run(soql)).toEqual({
      totalSize: count,
      records: [],
      entityTypeName: expect.any(String) as string,
    });
  });

  it('names unaliased aggregates exprN and keeps aliases', () => {
    const result = run(
      'SELECT COUNT(Id), MAX(NumberOfEmployees) maxEmp, MIN(Name), SUM(AnnualRevenue), AVG(NumberOfEmployees), COUNT_DISTINCT(Industry) FROM Account',
    );
    expect(result).toEqual({
      totalSize: 1,
      entityTypeName: 'AggregateResult',
      records: [
        {
          attributes: { type: 'AggregateResult' },
          expr0: 4,
          maxEmp: 120,
          expr1: '100%_Natural',
          expr2: 1550000,
          expr3: 42.75,
          expr4: 2,
        },
      ],
    });
  });

  it("answers the collector's LoginHistory query", () => {
    const soql = `SELECT LoginType, Application, Status, UserId, COUNT(Id) LoginCount, MAX(LoginTime) LastLogin FROM LoginHistory WHERE UserId IN ('${U.store}', '0058d000005NwT4') AND LoginTime >= LAST_N_DAYS:90 GROUP BY LoginType, Application, Status, UserId`;
    const aggregate = { type: 'AggregateResult' };
    expect(run(soql).records).toEqual([
      {
        attributes: aggregate,
        LoginType: 'Remote Access 2.0',
        Application: 'Storefront Orders',
        Status: 'Success',
        UserId: U.store,
        LoginCount: 2,
        LastLogin: '2026-11-25T11:58:41.000+0000',
      },
      {
        attributes: aggregate,
        LoginType: 'Remote Access 2.0',
        Application: 'Storefront Orders',
        Status: 'Failed: IP Address Not Allowed',
        UserId: U.store,
        LoginCount: 1,
        LastLogin: '2026-11-24T23:59:59.000+0000',
      },
      {
        attributes: aggregate,
        LoginType: 'Remote Access 2.0',
        Application: 'Ledger Export',
        Status: 'Success',
        UserId: U.ledger,
        LoginCount: 1,
        LastLogin: '2026-08-27T02:00:00.000+0000',
      },
    ]);
  });

  it('orders groups by an aggregate, filters them with HAVING, groups by parent fields', () => {
    const ordered = run(
      'SELECT UserId, COUNT(Id) FROM LoginHistory GROUP BY UserId ORDER BY COUNT(Id) DESC, UserId',
    );
    expect(ordered.records.map((r) => [r.UserId, r.expr0])).toEqual([
      [U.store, 3],
      [U.ledger, 2],
      [U.grace, 1],
    ]);
    const having = run(
      'SELECT UserId, COUNT(Id) c FROM LoginHistory GROUP BY UserId HAVING COUNT(Id) > 1',
    );
    expect(having.records.map((r) => r.c)).toEqual([3, 2]);
    const byOwner = run('SELECT Owner.Name, COUNT(Id) FROM Account GROUP BY Owner.Name');
    expect(byOwner.records.map((r) => [r.Name, r.expr0])).toEqual([
      ['Grace Okafor', 2],
      ['Tomas Berg', 1],
      [null, 1],
    ]);
  });

  it('answers one row for an aggregate over no rows, and groups a non-filterable field', () => {
    expect(run("SELECT COUNT(Id), MAX(Name) FROM Account WHERE Name = 'none'").records).toEqual([
      { attributes: { type: 'AggregateResult' }, expr0: 0, expr1: null },
    ]);
    expect(
      run(
        'SELECT Status, COUNT(Id) n FROM LoginHistory GROUP BY Status ORDER BY Status',
      ).records.map((r) => r.n),
    ).toEqual([1, 5]);
  });
});

// ---- Tooling --------------------------------------------------------------------------------------

describe('Tooling API', () => {
  const tooling = { api: 'tooling' } as const;

  it('serves the one-row Metadata query with tooling urls', () => {
    const [profile] = run(
      `SELECT Id, Name, Metadata FROM Profile WHERE Id = '${P.admin}'`,
      tooling,
    ).records;
    expect(profile).toEqual({
      attributes: {
        type: 'Profile',
        url: `/services/data/v62.0/tooling/sobjects/Profile/${P.admin}`,
      },
      Id: P.admin,
      Name: 'System Administrator',
      Metadata: { userLicense: 'Salesforce', loginIpRanges: [] },
    });
    expect(run('SELECT Id, FullName FROM Profile LIMIT 1', tooling).totalSize).toBe(1);
    expect(
      run("SELECT Id, FullName FROM Profile WHERE FullName = 'Admin' AND Name != null", tooling)
        .totalSize,
    ).toBe(1);
  });

  it.each([
    'SELECT Id, Metadata FROM Profile',
    'SELECT Id, FullName FROM Profile LIMIT 2',
    "SELECT Id, FullName FROM Profile WHERE Name LIKE 'S%'",
    `SELECT Id, Metadata FROM Profile WHERE Id = '${P.admin}' OR Id = '${P.api}'`,
  ])('refuses %s', (soql) => {
    const err = failure(soql, tooling);
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toBe(
      'When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval.',
    );
  });

  it('refuses a qualified Metadata query that still returns several rows', () => {
    const twins: SObjectRow[] = [
      { Id: '00e8d0000000Tw1AAE', Name: 'Twin', Metadata: null },
      { Id: '00e8d0000000Tw2AAE', Name: 'Twin', Metadata: null },
    ];
    const err = failure("SELECT Id, Metadata FROM Profile WHERE Name = 'Twin'", {
      ...tooling,
      rows: (o) => (o === 'Profile' ? twins : []),
    });
    expect(err.errorCode).toBe('MALFORMED_QUERY');
  });

  it('knows which objects each API serves', () => {
    expect(run('SELECT DeveloperName FROM ExternalClientApplication', tooling).totalSize).toBe(1);
    expect(failure('SELECT DeveloperName FROM ExternalClientApplication').errorCode).toBe(
      'INVALID_TYPE',
    );
    expect(failure('SELECT Name FROM UserLicense', tooling).errorCode).toBe('INVALID_TYPE');
    // Metadata and FullName are Tooling-only fields: the data API has no such column.
    const err = failure(`SELECT Id, Metadata FROM Profile WHERE Id = '${P.admin}'`);
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toContain("No such column 'Metadata' on entity 'Profile'");
  });
});

// ---- errors -----------------------------------------------------------------------------------------

describe('errors', () => {
  const suffix = {
    object:
      " is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    field:
      " If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    relationship:
      " in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
  };

  it.each([
    [
      'SELECT Id FROM Nope__c',
      'INVALID_TYPE',
      `\nSELECT Id FROM Nope__c\n               ^\nERROR at Row:1:Column:16\nsObject type 'Nope__c'${suffix.object}`,
    ],
    [
      'SELECT Id FROM UserLogin',
      'INVALID_TYPE',
      `\nSELECT Id FROM UserLogin\n               ^\nERROR at Row:1:Column:16\nsObject type 'UserLogin'${suffix.object}`,
    ],
    [
      'SELECT Naem FROM Account',
      'INVALID_FIELD',
      `\nSELECT Naem FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Naem' on entity 'Account'.${suffix.field}`,
    ],
    [
      'SELECT Id, Secret__c FROM Account',
      'INVALID_FIELD',
      `\nSELECT Id, Secret__c FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Secret__c' on entity 'Account'.${suffix.field}`,
    ],
    [
      "SELECT Id FROM Account WHERE Secret__c = 'x'",
      'INVALID_FIELD',
      `\nSELECT Id FROM Account WHERE Secret__c = 'x'\n                             ^\nERROR at Row:1:Column:30\nNo such column 'Secret__c' on entity 'Account'.${suffix.field}`,
    ],
    [
      'SELECT Profile.Nme FROM User',
      'INVALID_FIELD',
      `\nSELECT Profile.Nme FROM User\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nme' on entity 'Profile'.${suffix.field}`,
    ],
    [
      'SELECT Id, Profil.Name FROM User',
      'INVALID_FIELD',
      `\nSELECT Id, Profil.Name FROM User\n           ^\nERROR at Row:1:Column:12\nDidn't understand relationship 'Profil'${suffix.relationship}`,
    ],
    [
      "SELECT Id FROM LoginHistory WHERE Status = 'Success'",
      'INVALID_FIELD',
      "\nSELECT Id FROM LoginHistory WHERE Status = 'Success'\n                                  ^\nERROR at Row:1:Column:35\nfield 'Status' can not be filtered in a query call",
    ],
    [
      "SELECT Id FROM Account WHERE Industry = 'a' AND Name = 'b' OR Name = 'c'",
      'MALFORMED_QUERY',
      "\nSELECT Id FROM Account WHERE Industry = 'a' AND Name = 'b' OR Name = 'c'\n                                                           ^\nERROR at Row:1:Column:60\nunexpected token: 'OR'",
    ],
    [
      'SELECT Id, FROM Account',
      'MALFORMED_QUERY',
      "\nSELECT Id, FROM Account\n           ^\nERROR at Row:1:Column:12\nunexpected token: 'FROM'",
    ],
    [
      "SELECT Name FROM Account WHERE Name = 'a' LIMIT 5 Name",
      'MALFORMED_QUERY',
      "\nSELECT Name FROM Account WHERE Name = 'a' LIMIT 5 Name\n                                                  ^\nERROR at Row:1:Column:51\nunexpected token: 'Name'",
    ],
    [
      'SELECT Id FROM Account WHERE',
      'MALFORMED_QUERY',
      "\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'",
    ],
    [
      'SELECT Id\nFROM Account\nWHERE Nme = 1',
      'INVALID_FIELD',
      `\nWHERE Nme = 1\n      ^\nERROR at Row:3:Column:7\nNo such column 'Nme' on entity 'Account'.${suffix.field}`,
    ],
    [
      'SELECT Id FROM User WHERE CreatedDate > 2026-01-01',
      'INVALID_FIELD',
      "\nSELECT Id FROM User WHERE CreatedDate > 2026-01-01\n                          ^\nERROR at Row:1:Column:27\nvalue of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes",
    ],
  ])('%s', (soql, code, message) => {
    const err = failure(soql);
    expect(err).toMatchObject({ errorCode: code, status: 400, message });
    expect(err.body()).toEqual([{ message, errorCode: code }]);
  });

  it.each([
    [
      "SELECT Id FROM User WHERE IsActive = 'true'",
      'INVALID_FIELD',
      'must be of type boolean and should not be enclosed in quotes',
    ],
    [
      'SELECT Id FROM User WHERE Username = 5',
      'INVALID_FIELD',
      'must be of type string and should be enclosed in quotes',
    ],
    [
      "SELECT Id FROM Account WHERE NumberOfEmployees = '5'",
      'INVALID_FIELD',
      'must be of type integer',
    ],
    [
      'SELECT Id FROM User WHERE CreatedDate > 2020-52-12T12:12:00-05:00',
      'MALFORMED_QUERY',
      'Invalid datetime: 2020-52-12T12:12:00-05:00',
    ],
    ['SELECT Id, Id FROM Account', 'INVALID_FIELD', 'duplicate field selected: Id'],
    [
      'SELECT Id, (SELECT Id FROM Assignments) FROM User',
      'INVALID_TYPE',
      "Didn't understand relationship 'Assignments' in FROM part of query call.",
    ],
    [
      'SELECT Name, COUNT(Id) FROM Account',
      'MALFORMED_QUERY',
      'Field must be grouped or aggregated: Name',
    ],
    ['SELECT Id FROM Account WHERE Name = :x', 'MALFORMED_QUERY', "unexpected token: ':'"],
    ['SELECT Id FROM $Account', 'MALFORMED_QUERY', "line 1:15 unexpected token: '$'"],
    ["SELECT Id FROM Account WHERE Name = 'open", 'MALFORMED_QUERY', 'unexpected token'],
    [
      'SELECT Id FROM Account USING everything',
      'MALFORMED_QUERY',
      "unexpected token: 'everything'",
    ],
    ['', 'MALFORMED_QUERY', "unexpected token: '<EOF>'"],
    [
      'SELECT Id FROM User WHERE Profile.UserLicense.Id IN (SELECT Id FROM UserLogin)',
      'INVALID_TYPE',
      "sObject type 'UserLogin'",
    ],
    [
      'SELECT Id, Owner.Name FROM Account',
      'INVALID_FIELD',
      "Didn't understand relationship 'Owner'",
    ],
  ])('%s → %s', (soql, code, text) => {
    const overrides: Partial<SoqlContext> = soql.includes('Owner.Name')
      ? { canReadObject: (o) => o !== 'User' }
      : {};
    const err = failure(soql, overrides);
    expect(err.errorCode).toBe(code);
    expect(err.message).toContain(text);
  });

  it('refuses hostile input with MALFORMED_QUERY, without crashing or hanging', () => {
    expect(failure(`SELECT Id FROM Account WHERE Name = '${'x'.repeat(100_001)}'`).errorCode).toBe(
      'MALFORMED_QUERY',
    );
    for (const depth of [150, 3000]) {
      const nested = `SELECT Id FROM Account WHERE ${'('.repeat(depth)}Name = 'x'${')'.repeat(depth)}`;
      expect(failure(nested).errorCode).toBe('MALFORMED_QUERY');
    }
    const many = `SELECT Id FROM Account WHERE Name LIKE '${'%a'.repeat(200)}%b'`;
    expect(ids(many)).toEqual([]);
  });
});

// ---- what the Salesforce CLI sends (docs/salesforce-behaviour.md 5.5) -----------------------------

describe('the Salesforce CLI queries', () => {
  it('sf org login access-token: ScratchOrgInfo and SandboxProcess are unknown, Organization answers', () => {
    const scratch = failure('SELECT Id FROM ScratchOrgInfo limit 1');
    expect([scratch.errorCode, scratch.status]).toEqual(['INVALID_TYPE', 400]);
    const sandbox = failure(
      "SELECT Id,Status,SandboxName,SandboxInfoId,LicenseType,CreatedDate,CopyProgress,SandboxOrganization,SourceId,Description,EndDate,Features FROM SandboxProcess WHERE SandboxOrganization='00D5g000000EmuO' ORDER BY CreatedDate DESC",
      { api: 'tooling' },
    );
    expect(sandbox.errorCode).toBe('INVALID_TYPE');
    expect(
      run(
        'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
      ).records,
    ).toEqual([
      {
        attributes: {
          type: 'Organization',
          url: '/services/data/v62.0/sobjects/Organization/00D8d000004NwTrEAK',
        },
        Name: 'Northwind Traders',
        InstanceName: 'EMU1',
        IsSandbox: false,
        TrialExpirationDate: null,
        NamespacePrefix: null,
        OrganizationType: 'Enterprise Edition',
      },
    ]);
  });

  it('sf data query: the query and its columns=true body', () => {
    expect(run('SELECT Id, Username FROM User').totalSize).toBe(4);
    expect(queryColumns('SELECT Id, Username FROM User', testContext())).toEqual({
      columnMetadata: [
        {
          aggregate: false,
          apexType: 'Id',
          booleanType: false,
          columnName: 'Id',
          custom: false,
          displayName: 'Id',
          foreignKeyName: null,
          insertable: false,
          joinColumns: [],
          numberType: false,
          textType: false,
          updatable: false,
        },
        {
          aggregate: false,
          apexType: 'String',
          booleanType: false,
          columnName: 'Username',
          custom: false,
          displayName: 'Username',
          foreignKeyName: null,
          insertable: false,
          joinColumns: [],
          numberType: false,
          textType: true,
          updatable: false,
        },
      ],
      entityName: 'User',
      groupBy: false,
      idSelected: true,
      keyPrefix: '005',
    });
  });

  it('sf org display user: the semi-join on Profile and the lower-case Id query', () => {
    expect(
      run(
        "SELECT name FROM Profile WHERE Id IN (SELECT ProfileId FROM User WHERE username='storefront.integration@northwind.test')",
      ).records,
    ).toEqual([
      {
        attributes: { type: 'Profile', url: `/services/data/v62.0/sobjects/Profile/${P.api}` },
        Name: 'Minimum Access - API Only Integrations',
      },
    ]);
    expect(run("SELECT id FROM User WHERE username='grace.okafor@northwind.test'").records).toEqual(
      [
        {
          attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${U.grace}` },
          Id: U.grace,
        },
      ],
    );
  });
});

// ---- columns=true ------------------------------------------------------------------------------------

/** The Salesforce CLI's column-name derivation (plugin-data `retrieveColumns`), ported to check our shape. */
function cliColumnNames(columns: readonly Record<string, unknown>[]): string[] {
  const sub = (c: Record<string, unknown>): string[] => {
    const join = c.joinColumns as Record<string, unknown>[];
    const name = c.columnName as string;
    return join.length ? join.flatMap((j) => sub(j).map((s) => `${name}.${s}`)) : [name];
  };
  return columns.flatMap((c) => {
    const join = c.joinColumns as Record<string, unknown>[];
    if (join.length && c.aggregate)
      return [`${c.columnName as string}(${cliColumnNames(join).join(',')})`];
    if (join.length) return sub(c);
    return [c.aggregate ? (c.displayName as string) : (c.columnName as string)];
  });
}

describe('queryColumns', () => {
  const columns = (soql: string) => queryColumns(soql, testContext());

  it('describes parent paths as nested joinColumns and subqueries as aggregate columns', () => {
    const body = columns(
      'SELECT Username, Profile.UserLicense.Name, (SELECT PermissionSet.Name FROM PermissionSetAssignments) FROM User',
    );
    expect(body.columnMetadata[1]).toMatchObject({
      aggregate: false,
      columnName: 'Profile',
      foreignKeyName: 'ProfileId',
      joinColumns: [
        {
          columnName: 'UserLicense',
          foreignKeyName: 'UserLicenseId',
          joinColumns: [{ columnName: 'Name', textType: true }],
        },
      ],
    });
    expect(body.columnMetadata[2]).toMatchObject({
      aggregate: true,
      columnName: 'PermissionSetAssignments',
    });
    expect(body.idSelected).toBe(false);
    expect(cliColumnNames(body.columnMetadata as unknown as Record<string, unknown>[])).toEqual([
      'Username',
      'Profile.UserLicense.Name',
      'PermissionSetAssignments(PermissionSet.Name)',
    ]);
  });

  it('describes aggregates with exprN or alias names and their function as displayName', () => {
    const body = columns(
      'SELECT UserId, COUNT(Id) LoginCount, MAX(LoginTime) FROM LoginHistory GROUP BY UserId',
    );
    expect(body.groupBy).toBe(true);
    expect(
      body.columnMetadata.map((c) => [c.columnName, c.displayName, c.aggregate, c.apexType]),
    ).toEqual([
      ['UserId', 'UserId', false, 'Id'],
      ['LoginCount', 'count(Id)', true, 'Integer'],
      ['expr0', 'max(LoginTime)', true, 'Datetime'],
    ]);
  });

  it('validates like a query', () => {
    expect(() => columns('SELECT Nope FROM User')).toThrow(SoqlError);
  });
});
