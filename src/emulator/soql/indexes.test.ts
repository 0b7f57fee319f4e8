// Indexed WHERE: a lookup by Id or foreign key examines the rows it returns, not the table
// (counted, not timed), and answers exactly what a full scan comparing each listed value answers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SObjectRow } from '../../model/org.js';
import { caseSafeSuffix } from '../../util/ids.js';
import type { ExecutionStats } from './indexes.js';
import { executeSoql, SoqlError, type SoqlContext } from './index.js';
import { testContext } from './testing/org.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const userId = (n: number): string => `005000000${pad(n, 6)}AAA`;
const setId = (n: number): string => `0PS000000${pad(n, 6)}AAA`;
const psaId = (n: number): string => `0Pa00000${pad(n, 7)}AAA`;

const USERS = 1_000;
const SETS = 50;
const ASSIGNMENTS = 100_000;

/** 100,000 assignments: user n holds the 100 rows n, n + 1000, ...; set m every 50th row. */
function bigTable(): Record<string, SObjectRow[]> {
  const assignments: SObjectRow[] = [];
  for (let i = 0; i < ASSIGNMENTS; i++) {
    assignments.push({
      Id: psaId(i),
      AssigneeId: userId(i % USERS),
      PermissionSetId: setId(i % SETS),
      ExpirationDate: i % 3 === 0 ? '2027-01-01T00:00:00.000+0000' : null,
    });
  }
  const users = Array.from({ length: USERS }, (_, n) => ({
    Id: userId(n),
    Username: `user${n}@big.test`,
    ManagerId: n % 10 === 0 ? null : userId(n - (n % 10)),
  }));
  return { PermissionSetAssignment: assignments, User: users };
}

function counted(tables: Record<string, SObjectRow[]>, overrides: Partial<SoqlContext> = {}) {
  const stats: ExecutionStats = { rowsExamined: 0, rowsIndexed: 0 };
  const ctx = testContext({ rows: (o) => tables[o] ?? [], stats, ...overrides });
  return { stats, run: (soql: string) => executeSoql(soql, ctx).records.map((r) => r.Id) };
}

describe('indexed lookups in a table of 100,000 rows', () => {
  const tables = bigTable();
  const list = (...ns: number[]): string => ns.map((n) => `'${userId(n)}'`).join(', ');

  it('IN on a foreign key examines exactly the rows returned; the index is built once', () => {
    const first = counted(tables);
    const ids = first.run(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId IN (${list(1, 2, 3)})`,
    );
    expect(ids).toHaveLength(300);
    expect(first.stats).toEqual({ rowsExamined: 300, rowsIndexed: ASSIGNMENTS });

    const second = counted(tables);
    const more = second.run(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId IN (${list(7, 8)})`,
    );
    expect(more).toHaveLength(200);
    expect(second.stats).toEqual({ rowsExamined: 200, rowsIndexed: 0 });
    // Table order, as a scan answers: row 7, 8, 1007, 1008, ...
    expect(more.slice(0, 4)).toEqual([psaId(7), psaId(8), psaId(1007), psaId(1008)]);
  });

  it('= on Id examines one row, in its 15- or 18-character form', () => {
    counted(tables).run(`SELECT Id FROM PermissionSetAssignment WHERE Id = '${psaId(0)}'`);
    const { stats, run } = counted(tables);
    expect(run(`SELECT Id FROM PermissionSetAssignment WHERE Id = '${psaId(4242)}'`)).toEqual([
      psaId(4242),
    ]);
    expect(
      run(`SELECT Id FROM PermissionSetAssignment WHERE Id = '${psaId(4243).slice(0, 15)}'`),
    ).toEqual([psaId(4243)]);
    expect(stats).toEqual({ rowsExamined: 2, rowsIndexed: 0 });
  });

  it('serves the most selective top-level conjunct and applies the whole WHERE to it', () => {
    const { stats, run } = counted(tables);
    const ids = run(
      `SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = '${setId(5)}' AND ` +
        `AssigneeId = '${userId(5)}' AND ExpirationDate = null`,
    );
    // User 5 holds rows 5, 1005, ...; all in set 5; those not divisible by 3 have no expiry.
    expect(ids).toEqual(
      Array.from({ length: 100 }, (_, k) => 5 + 1000 * k)
        .filter((i) => i % 3 !== 0)
        .map(psaId),
    );
    expect(stats.rowsExamined).toBe(100);
  });

  it('a semi-join on a key examines the inner rows and the outer rows it selects', () => {
    const { stats, run } = counted(tables);
    const ids = run(
      'SELECT Id FROM PermissionSetAssignment WHERE AssigneeId IN ' +
        `(SELECT Id FROM User WHERE ManagerId = '${userId(10)}')`,
    );
    expect(ids).toHaveLength(900);
    // The inner query reads users 11..19 by the ManagerId index, the outer their 900 rows.
    expect(stats.rowsExamined).toBe(9 + 900);
  });

  it('an OR at the top level is a scan (no conjunct bounds the rows), with the same answer', () => {
    const { stats, run } = counted(tables);
    const soql =
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId(1)}' ` +
      `OR PermissionSetId = '${setId(2)}'`;
    const ids = run(soql);
    expect(stats.rowsExamined).toBe(ASSIGNMENTS);
    expect(ids).toHaveLength(100 + 2000 - 0);
    expect(counted(tables, { useIndexes: false }).run(soql)).toEqual(ids);
  });

  it('indexes rows appended to the table on the next query', () => {
    const own = bigTable();
    const assignments = own.PermissionSetAssignment ?? [];
    const soql = `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId(3)}'`;
    expect(counted(own).run(soql)).toHaveLength(100);
    assignments.push({ Id: psaId(ASSIGNMENTS), AssigneeId: userId(3), PermissionSetId: setId(0) });
    const { stats, run } = counted(own);
    expect(run(soql).at(-1)).toBe(psaId(ASSIGNMENTS));
    expect(stats).toEqual({ rowsExamined: 101, rowsIndexed: 1 });
  });
});

// ---- indexed against full scan on random tables and queries -------------------------------------

/** A few Ids per object, each stored or written in its 15- or 18-character form or a case twin. */
function idForms(prefix: string, n: number): string[] {
  const id15 = `${prefix}00000000000${String.fromCharCode(97 + n)}`;
  const twin = id15.slice(0, -1) + id15.slice(-1).toUpperCase();
  return [id15, id15 + caseSafeSuffix(id15), twin, twin + caseSafeSuffix(twin)];
}
const userForms = Array.from({ length: 4 }, (_, n) => idForms('005', n)).flat();
const setForms = Array.from({ length: 3 }, (_, n) => idForms('0PS', n)).flat();
const psaForms = Array.from({ length: 5 }, (_, n) => idForms('0Pa', n)).flat();

const usernames = ['ada@x.test', 'ADA@x.test', 'bob@x.test', 'b%b@x.test'];

const maybe = (forms: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...forms) },
    { weight: 1, arbitrary: fc.constantFrom(null, '', undefined) },
  );

const tablesArb = fc.record({
  User: fc.array(
    fc.record({
      Id: fc.constantFrom(...userForms),
      ManagerId: maybe(userForms),
      Username: maybe(usernames),
    }),
    {
      maxLength: 12,
    },
  ),
  PermissionSetAssignment: fc.array(
    fc.record({
      Id: fc.constantFrom(...psaForms),
      AssigneeId: maybe(userForms),
      PermissionSetId: maybe(setForms),
    }),
    { maxLength: 40 },
  ),
});

const literals = (forms: string[]) =>
  fc
    .array(fc.constantFrom(...forms), { minLength: 1, maxLength: 4 })
    .map((ids) => ids.map((id) => `'${id}'`).join(', '));

/** One condition on PermissionSetAssignment: indexable or not. */
const leafArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('AssigneeId', 'Assignee.ManagerId'), fc.constantFrom(...userForms))
    .map(([f, id]) => `${f} = '${id}'`),
  fc
    .tuple(
      fc.constantFrom('AssigneeId', 'Id'),
      fc.constantFrom('IN', 'NOT IN'),
      literals(userForms),
    )
    .map(([f, op, l]) => `${f} ${op} (${l})`),
  literals(psaForms).map((l) => `Id IN (${l})`),
  fc
    .tuple(fc.constantFrom('=', '!=', 'IN', 'NOT IN'), literals(usernames))
    .map(([op, l]) =>
      op.endsWith('IN')
        ? `Assignee.Username ${op} (${l})`
        : `Assignee.Username ${op} ${l.split(', ')[0] ?? "''"}`,
    ),
  literals(setForms).map((l) => `PermissionSetId IN (${l})`),
  fc.constantFrom('AssigneeId', 'PermissionSetId').map((f) => `${f} = null`),
  fc.constantFrom('AssigneeId', 'PermissionSetId').map((f) => `${f} != null`),
  fc
    .tuple(fc.constantFrom('IN', 'NOT IN'), fc.constantFrom(...userForms))
    .map(([op, id]) => `AssigneeId ${op} (SELECT Id FROM User WHERE ManagerId = '${id}')`),
);

const whereArb: fc.Arbitrary<string> = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc
      .tuple(
        fc.constantFrom(' AND ', ' OR '),
        fc.array(tie('tree'), { minLength: 2, maxLength: 3 }),
      )
      .map(([op, parts]) => parts.map((p) => `(${p})`).join(op)),
    tie('tree').map((t) => `NOT (${t})`),
  ),
})).tree;

/** The answer or the error, so that both sides are compared whatever happens. */
function outcome(soql: string, tables: Record<string, SObjectRow[]>, useIndexes: boolean) {
  try {
    const ctx = testContext({ rows: (o) => tables[o] ?? [], useIndexes });
    return executeSoql(soql, ctx);
  } catch (err) {
    if (err instanceof SoqlError) return { error: err.message };
    throw err;
  }
}

describe('indexed and full-scan evaluation', () => {
  it('answer the same records in the same order, or the same error', () => {
    fc.assert(
      fc.property(tablesArb, whereArb, fc.boolean(), (raw, where, subquery) => {
        const tables = raw as unknown as Record<string, SObjectRow[]>;
        const soql = `SELECT Id, AssigneeId, Assignee.ManagerId FROM PermissionSetAssignment WHERE ${where}`;
        expect(outcome(soql, tables, true)).toEqual(outcome(soql, tables, false));
        if (!subquery) return;
        const users =
          'SELECT Id, (SELECT Id FROM PermissionSetAssignments) FROM User ' +
          `WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE ${where})`;
        expect(outcome(users, tables, true)).toEqual(outcome(users, tables, false));
      }),
      { numRuns: 400 },
    );
  });
});
