// Evaluation of a validated plan over the in-memory rows: filter → sort → slice → project.

import type { SObjectRow } from '../../model/org.js';
import type { FieldDef, ObjectDef } from '../../model/schema.js';
import { evaluateTree, topLevelConjuncts } from './conditions.js';
import type { SoqlContext, SoqlResult } from './context.js';
import { metadataNeedsOneRow } from './errors.js';
import {
  gather,
  gatherSize,
  idFieldIndex,
  readField,
  soqlKey,
  type ExecutionStats,
} from './indexes.js';
import type {
  Aggregate,
  FieldPath,
  GroupLeaf,
  Hop,
  Operand,
  Operator,
  OrderItem,
  QueryPlan,
  RowLeaf,
} from './plan.js';
import {
  asText,
  categoryOf,
  compareValues,
  equalValues,
  likeMatch,
  membershipKey,
  outputValue,
  sortKey,
  toComparable,
  type Category,
  type Comparable,
} from './values.js';

type Out = Record<string, unknown>;

/**
 * Per-query state: the shared indexes of the tables (indexes.ts) for Id lookups, subqueries and
 * indexed WHERE conjuncts, semi-join value sets, and the counters tests read.
 */
class Runtime {
  private readonly semiSets = new Map<RowLeaf, Set<string>>();
  readonly stats: ExecutionStats;
  readonly useIndexes: boolean;

  constructor(readonly ctx: SoqlContext) {
    this.stats = ctx.stats ?? { rowsExamined: 0, rowsIndexed: 0 };
    this.useIndexes = ctx.useIndexes !== false;
  }

  rows(object: ObjectDef): readonly SObjectRow[] {
    return this.ctx.rows(object.name);
  }

  lookup(
    targets: readonly ObjectDef[],
    id: string,
  ): { object: ObjectDef; row: SObjectRow } | undefined {
    const object =
      targets.find((t) => t.keyPrefix !== '' && id.startsWith(t.keyPrefix)) ??
      (targets.length === 1 ? targets[0] : undefined);
    if (!object) return undefined;
    const rows = this.rows(object);
    // The last row of a duplicated Id wins, as it always has here.
    const at = idFieldIndex(rows, 'Id', this.stats).get(soqlKey('id', id))?.at(-1);
    const row = at === undefined ? undefined : rows[at];
    return row ? { object, row } : undefined;
  }

  children(child: ObjectDef, field: FieldDef, parentId: string): readonly SObjectRow[] {
    if (toComparable('id', parentId) === null) return [];
    const rows = this.rows(child);
    const at = idFieldIndex(rows, field.name, this.stats).get(soqlKey('id', parentId)) ?? [];
    return at.flatMap((i) => rows[i] ?? []);
  }

  semiJoinValues(leaf: RowLeaf & { kind: 'semi' }): Set<string> {
    let set = this.semiSets.get(leaf);
    if (!set) {
      const item = leaf.plan.select[0];
      set = new Set();
      if (item?.kind === 'field') {
        for (const row of selectRows(this, leaf.plan, this.rows(leaf.plan.object))) {
          const value = toComparable(leaf.category, pathValue(this, row, item.path));
          if (value !== null) set.add(membershipKey(leaf.category, value));
        }
      }
      this.semiSets.set(leaf, set);
    }
    return set;
  }
}

function follow(
  rt: Runtime,
  hop: Hop,
  row: SObjectRow,
): { object: ObjectDef; row: SObjectRow } | undefined {
  const id = readField(row, hop.ref.name);
  if (id === null || id === undefined || id === '') return undefined;
  return rt.lookup(hop.targets, asText(id));
}

function pathValue(rt: Runtime, row: SObjectRow, path: FieldPath): unknown {
  let current = row;
  for (const hop of path.hops) {
    const next = follow(rt, hop, current);
    if (!next) return undefined;
    current = next.row;
  }
  return readField(current, path.field.name);
}

function inRange(category: Category, v: Comparable, start: Comparable, end: Comparable): boolean {
  return (
    v !== null && compareValues(category, v, start) >= 0 && compareValues(category, v, end) < 0
  );
}

function equalsOperand(category: Category, v: Comparable, operand: Operand): boolean {
  if (operand.kind === 'range') return inRange(category, v, operand.start, operand.end);
  if (operand.kind === 'value') return equalValues(category, v, operand.value);
  return false;
}

function includes(v: Comparable, operands: readonly Operand[]): boolean {
  if (v === null) return false;
  const chosen = new Set(
    String(v)
      .split(';')
      .map((s) => s.trim().toLowerCase()),
  );
  return operands.some(
    (o) =>
      o.kind === 'value' &&
      o.value !== null &&
      String(o.value)
        .split(';')
        .every((part) => chosen.has(part.trim().toLowerCase())),
  );
}

const operandSets = new WeakMap<readonly Operand[], Set<string> | null>();

/**
 * `=`, `!=`, IN and NOT IN of literals on an Id or text field as a set of membership keys: one probe
 * per row instead of one comparison per listed value (a collector's IN list holds hundreds).
 */
function operandSet(category: Category, operands: readonly Operand[]): Set<string> | undefined {
  if (category !== 'id' && category !== 'string') return undefined;
  let set = operandSets.get(operands);
  if (set === undefined) {
    const values = operands.flatMap((o) => (o.kind === 'value' ? [o.value] : []));
    set =
      values.length === operands.length
        ? new Set(values.map((v) => membershipKey(category, v)))
        : null;
    operandSets.set(operands, set);
  }
  return set ?? undefined;
}

function equalsAny(
  category: Category,
  v: Comparable,
  operands: readonly Operand[],
  probe: boolean,
): boolean {
  const set = probe ? operandSet(category, operands) : undefined;
  if (set) return set.has(membershipKey(category, v));
  return operands.some((o) => equalsOperand(category, v, o));
}

/**
 * One comparison. `!=` and NOT IN keep rows whose value is null, as SOQL does (unlike SQL). `probe`
 * false compares each operand in turn: the reference the tests check the sets against.
 */
function test(
  category: Category,
  op: Operator,
  v: Comparable,
  operands: readonly Operand[],
  probe = false,
): boolean {
  const first = operands[0];
  switch (op) {
    case '=':
    case 'IN':
      return equalsAny(category, v, operands, probe);
    case '!=':
    case 'NOT IN':
      return !equalsAny(category, v, operands, probe);
    case 'LIKE':
      return v !== null && first?.kind === 'like' && likeMatch(first.pattern, String(v));
    case 'INCLUDES':
      return includes(v, operands);
    case 'EXCLUDES':
      return !includes(v, operands);
    default: {
      if (v === null || !first || first.kind === 'like') return false;
      if (first.kind === 'range') {
        if (op === '<') return compareValues(category, v, first.start) < 0;
        if (op === '<=') return compareValues(category, v, first.end) < 0;
        if (op === '>') return compareValues(category, v, first.end) >= 0;
        return compareValues(category, v, first.start) >= 0;
      }
      if (first.value === null) return false;
      const c = compareValues(category, v, first.value);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
  }
}

function rowMatches(rt: Runtime, row: SObjectRow, leaf: RowLeaf): boolean {
  const v = toComparable(leaf.category, pathValue(rt, row, leaf.path));
  if (leaf.kind === 'semi') {
    const member = v !== null && rt.semiJoinValues(leaf).has(membershipKey(leaf.category, v));
    return leaf.negate ? !member : member;
  }
  return test(leaf.category, leaf.op, v, leaf.operands, rt.useIndexes);
}

/**
 * The keys an index on the leaf's field answers it with, or undefined when it cannot: `=` or IN of
 * literals, or a semi-join, on an Id or reference field of the queried object itself.
 */
function indexKeys(rt: Runtime, leaf: RowLeaf): Iterable<string> | undefined {
  if (leaf.path.hops.length > 0 || leaf.category !== 'id') return undefined;
  if (leaf.kind === 'semi') return leaf.negate ? undefined : rt.semiJoinValues(leaf);
  if (leaf.op !== '=' && leaf.op !== 'IN') return undefined;
  const keys: string[] = [];
  for (const o of leaf.operands) {
    if (o.kind !== 'value') return undefined;
    keys.push(membershipKey('id', o.value));
  }
  return keys;
}

/**
 * The rows of a table that can match: those of the most selective indexed top-level conjunct, in
 * table order, or undefined (every row). The whole WHERE is still applied to them.
 */
function candidates(
  rt: Runtime,
  plan: QueryPlan,
  table: readonly SObjectRow[],
): SObjectRow[] | undefined {
  let best: { index: ReadonlyMap<string, readonly number[]>; keys: Iterable<string> } | undefined;
  let bestSize = Infinity;
  for (const leaf of topLevelConjuncts(plan.where)) {
    const keys = indexKeys(rt, leaf);
    if (keys === undefined) continue;
    const index = idFieldIndex(table, leaf.path.field.name, rt.stats);
    const size = gatherSize(index, keys);
    if (size < bestSize) [best, bestSize] = [{ index, keys }, size];
  }
  return best && gather(best.index, best.keys).flatMap((i) => table[i] ?? []);
}

/** `source` is the object's table, or (subqueries) a parent's children, which are never indexed. */
function selectRows(
  rt: Runtime,
  plan: QueryPlan,
  source: readonly SObjectRow[],
  isTable = true,
): SObjectRow[] {
  const where = plan.where;
  const indexed = where && isTable && rt.useIndexes ? candidates(rt, plan, source) : undefined;
  const rows = indexed ?? source;
  rt.stats.rowsExamined += rows.length;
  if (!where) return [...rows];
  return rows.filter((row) => evaluateTree(where, (leaf) => rowMatches(rt, row, leaf)));
}

/** Nulls sort first unless NULLS LAST (DOC); text compares case-insensitively. Stable. */
function sortBy<T>(
  items: T[],
  order: readonly OrderItem[],
  keyOf: (item: T, o: OrderItem) => [Category, Comparable],
): T[] {
  if (order.length === 0) return items;
  const decorated = items.map((item) => ({ item, keys: order.map((o) => keyOf(item, o)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const o = order[i];
      const [category, x] = a.keys[i] ?? ['string', null];
      const [, y] = b.keys[i] ?? ['string', null];
      if (!o || (x === null && y === null)) continue;
      if (x === null || y === null) return (x === null) === !o.nullsLast ? -1 : 1;
      const c = compareValues(category, x, y);
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
  return decorated.map((d) => d.item);
}

function slice<T>(items: T[], plan: QueryPlan): T[] {
  const start = plan.offset ?? 0;
  return items.slice(start, plan.limit === undefined ? undefined : start + plan.limit);
}

function attributes(rt: Runtime, object: ObjectDef, id: unknown): Out {
  const tooling = rt.ctx.api === 'tooling' ? '/tooling' : '';
  return {
    type: object.name,
    url: `/services/data/v${rt.ctx.apiVersion}${tooling}/sobjects/${object.name}/${asText(id)}`,
  };
}

function putPath(rt: Runtime, out: Out, row: SObjectRow, path: FieldPath): void {
  let target = out;
  let current = row;
  for (const hop of path.hops) {
    const parent = follow(rt, hop, current);
    if (!Object.hasOwn(target, hop.relationshipName)) {
      target[hop.relationshipName] = parent
        ? { attributes: attributes(rt, parent.object, parent.row.Id) }
        : null;
    }
    const next = target[hop.relationshipName];
    if (!parent || next === null || typeof next !== 'object') return;
    target = next as Out;
    current = parent.row;
  }
  target[path.field.name] = outputValue(path.field.type, readField(current, path.field.name));
}

function project(rt: Runtime, plan: QueryPlan, row: SObjectRow): Out {
  const out: Out = { attributes: attributes(rt, plan.object, row.Id) };
  for (const item of plan.select) {
    if (item.kind === 'field') putPath(rt, out, row, item.path);
    else if (item.kind === 'subquery') {
      const children = rt.children(item.plan.object, item.childField, asText(row.Id));
      const records = recordsOf(rt, item.plan, children, false);
      out[item.relationshipName] = records.length
        ? { totalSize: records.length, done: true, records }
        : null;
    }
  }
  return out;
}

function rowOrderKey(rt: Runtime, row: SObjectRow, o: OrderItem): [Category, Comparable] {
  if (o.target.kind !== 'path') return ['string', null];
  return sortKey(o.target.path.field, pathValue(rt, row, o.target.path));
}

function recordsOf(
  rt: Runtime,
  plan: QueryPlan,
  source: readonly SObjectRow[],
  isTable = true,
): Out[] {
  const rows = sortBy(selectRows(rt, plan, source, isTable), plan.orderBy, (row, o) =>
    rowOrderKey(rt, row, o),
  );
  return slice(rows, plan).map((row) => project(rt, plan, row));
}

function aggregateValue(rt: Runtime, agg: Aggregate, rows: readonly SObjectRow[]): unknown {
  const { field } = agg.path;
  const category = categoryOf(field.type);
  const values = rows
    .map((row) => pathValue(rt, row, agg.path))
    .filter((v) => v !== null && v !== undefined && v !== '');
  switch (agg.fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values.map((v) => membershipKey(category, toComparable(category, v)))).size;
    case 'SUM':
    case 'AVG': {
      const numbers = values.map(Number).filter(Number.isFinite);
      if (numbers.length === 0) return null;
      const sum = numbers.reduce((a, b) => a + b, 0);
      return agg.fn === 'SUM' ? sum : sum / numbers.length;
    }
    case 'MIN':
    case 'MAX': {
      let best: { raw: unknown; key: Comparable } | undefined;
      for (const raw of values) {
        const [keyCategory, key] = sortKey(field, raw);
        if (key === null) continue;
        const c = best ? compareValues(keyCategory, key, best.key) : 0;
        if (!best || (agg.fn === 'MIN' ? c < 0 : c > 0)) best = { raw, key };
      }
      return best ? outputValue(field.type, best.raw) : null;
    }
  }
}

function aggregateKey(
  rt: Runtime,
  agg: Aggregate,
  rows: readonly SObjectRow[],
): [Category, Comparable] {
  const value = aggregateValue(rt, agg, rows);
  if (typeof value === 'number') return ['number', value];
  const category = categoryOf(agg.path.field.type);
  return [category, toComparable(category, value)];
}

function groupMatches(rt: Runtime, group: readonly SObjectRow[], leaf: GroupLeaf): boolean {
  const value =
    leaf.target.kind === 'agg'
      ? aggregateKey(rt, leaf.target.agg, group)[1]
      : toComparable(leaf.category, group[0] ? pathValue(rt, group[0], leaf.target.path) : null);
  return test(leaf.category, leaf.op, value, leaf.operands);
}

function aggregateRecords(rt: Runtime, plan: QueryPlan, rows: readonly SObjectRow[]): Out[] {
  let groups: SObjectRow[][];
  if (plan.groupBy.length === 0) groups = [[...rows]];
  else {
    const byKey = new Map<string, SObjectRow[]>();
    for (const row of rows) {
      const key = plan.groupBy
        .map((p) => {
          const category = categoryOf(p.field.type);
          return membershipKey(category, toComparable(category, pathValue(rt, row, p)));
        })
        .join('\u0001');
      const group = byKey.get(key);
      if (group) group.push(row);
      else byKey.set(key, [row]);
    }
    groups = [...byKey.values()];
  }
  const having = plan.having;
  if (having)
    groups = groups.filter((g) => evaluateTree(having, (leaf) => groupMatches(rt, g, leaf)));
  groups = sortBy(groups, plan.orderBy, (group, o) => {
    if (o.target.kind === 'agg') {
      const value = aggregateValue(rt, o.target.agg, group);
      if (typeof value === 'number') return ['number', value];
      return sortKey(o.target.agg.path.field, value);
    }
    const first = group[0];
    return first ? rowOrderKey(rt, first, o) : ['string', null];
  });
  return slice(groups, plan).map((group) => {
    const out: Out = { attributes: { type: 'AggregateResult' } };
    for (const item of plan.select) {
      if (item.kind === 'aggregate') out[item.key] = aggregateValue(rt, item.agg, group);
      else if (item.kind === 'field') {
        const first = group[0];
        out[item.key] = outputValue(
          item.path.field.type,
          first ? pathValue(rt, first, item.path) : null,
        );
      }
    }
    return out;
  });
}

export function executePlan(plan: QueryPlan, ctx: SoqlContext): SoqlResult {
  const rt = new Runtime(ctx);
  const source = rt.rows(plan.object);
  if (plan.countOnly) {
    const matched = selectRows(rt, plan, source).length;
    const afterOffset = Math.max(0, matched - (plan.offset ?? 0));
    const totalSize = plan.limit === undefined ? afterOffset : Math.min(afterOffset, plan.limit);
    return { totalSize, records: [], entityTypeName: plan.object.name };
  }
  if (plan.aggregate) {
    const records = aggregateRecords(rt, plan, selectRows(rt, plan, source));
    return { totalSize: records.length, records, entityTypeName: 'AggregateResult' };
  }
  const records = recordsOf(rt, plan, source);
  if (plan.oneRowGuard === 'where' && records.length > 1) throw metadataNeedsOneRow();
  return { totalSize: records.length, records, entityTypeName: plan.object.name };
}
