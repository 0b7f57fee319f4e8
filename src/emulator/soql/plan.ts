// Validation: a parsed query checked against the schema and the user's access (names, object and
// field visibility, filterability, literal types) and turned into a plan that execute.ts runs.

import type {
  FieldFunctionExpression,
  FieldType as ParsedField,
  GroupByClause,
  OrderByClause,
  Query,
  QueryBase,
} from '@jetstreamapp/soql-parser-js';
import {
  findField,
  findObject,
  isPermissionable,
  type FieldDef,
  type FieldType,
  type ObjectDef,
} from '../../model/schema.js';
import {
  buildConditionTree,
  topLevelConjuncts,
  type CondTree,
  type LeafCondition,
} from './conditions.js';
import type { SoqlContext } from './context.js';
import {
  civilString,
  dateLiteralRange,
  isDateString,
  localDate,
  parseDateTime,
  startOfDay,
} from './dates.js';
import {
  duplicateField,
  invalidIdFilter,
  invalidType,
  malformed,
  metadataNeedsOneRow,
  type SoqlError,
  noSuchColumn,
  notFilterable,
  offsetOutOfRange,
  unknownChildRelationship,
  unknownRelationship,
  wrongLiteralType,
} from './errors.js';
import { isSalesforceId } from '../../util/ids.js';
import { locate, type Token } from './scan.js';
import {
  categoryOf,
  idKey,
  likePattern,
  unquote,
  type Category,
  type Comparable,
} from './values.js';

export interface Hop {
  /** The lookup field (`ProfileId`). */
  ref: FieldDef;
  /** Canonical relationship name (`Profile`): the output key. */
  relationshipName: string;
  /** Readable target objects (several for polymorphic lookups). */
  targets: ObjectDef[];
}

export interface FieldPath {
  /** As written in the query (for error positions). */
  raw: string;
  hops: Hop[];
  /** The object that holds `field`. */
  object: ObjectDef;
  field: FieldDef;
  /** Canonical, case-folded path: equality of two references to one field. */
  key: string;
}

export type AggFn = 'COUNT' | 'COUNT_DISTINCT' | 'MIN' | 'MAX' | 'SUM' | 'AVG';

export interface Aggregate {
  fn: AggFn;
  path: FieldPath;
  /** `columns=true` displayName: `count(Id)`. */
  display: string;
}

export type SelectItem =
  | { kind: 'field'; path: FieldPath; key: string }
  | { kind: 'subquery'; relationshipName: string; childField: FieldDef; plan: QueryPlan }
  | { kind: 'aggregate'; agg: Aggregate; key: string };

export type Operand =
  | { kind: 'value'; value: Comparable }
  | { kind: 'range'; start: Comparable; end: Comparable }
  | { kind: 'like'; pattern: ReturnType<typeof likePattern> };

export type Operator =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN' | 'INCLUDES' | 'EXCLUDES';

export type RowLeaf =
  | { kind: 'compare'; path: FieldPath; category: Category; op: Operator; operands: Operand[] }
  | { kind: 'semi'; path: FieldPath; category: Category; negate: boolean; plan: QueryPlan };

export interface GroupLeaf {
  target: { kind: 'group'; path: FieldPath } | { kind: 'agg'; agg: Aggregate };
  category: Category;
  op: Operator;
  operands: Operand[];
}

export interface OrderItem {
  target: { kind: 'path'; path: FieldPath } | { kind: 'agg'; agg: Aggregate };
  desc: boolean;
  nullsLast: boolean;
}

export interface QueryPlan {
  object: ObjectDef;
  select: SelectItem[];
  where?: CondTree<RowLeaf>;
  /** GROUP BY or an aggregate function: records are AggregateResult rows. */
  aggregate: boolean;
  /** `SELECT COUNT() ...`: no records, the count in totalSize. */
  countOnly: boolean;
  groupBy: FieldPath[];
  having?: CondTree<GroupLeaf>;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
  /** Tooling query selecting Metadata/FullName, qualified by LIMIT 1 or by a one-row WHERE. */
  oneRowGuard?: 'limit' | 'where';
}

interface Env {
  soql: string;
  tokens: Token[];
  ctx: SoqlContext;
}

type Level = 'top' | 'child' | 'semi';

const AGG_FNS = new Set<string>(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);
/** Field types Salesforce does not group by (DOC: groupable field types; long text, multi-select). */
const NOT_GROUPABLE = new Set<FieldType>(['multipicklist', 'textarea', 'json', 'anyType']);
/** Field types Salesforce does not sort by (DOC: sortable; multi-select picklists). */
const NOT_SORTABLE = new Set<FieldType>(['multipicklist', 'json', 'anyType']);
/** Field types no aggregate function takes (DOC: the aggregate functions' supported types). */
const NOT_AGGREGATABLE = new Set<FieldType>(['boolean', 'multipicklist', 'json', 'anyType']);

const OPERATORS: Record<string, Operator> = {
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
  IN: 'IN',
  'NOT IN': 'NOT IN',
  INCLUDES: 'INCLUDES',
  EXCLUDES: 'EXCLUDES',
};

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Salesforce's largest OFFSET (DOC: a larger one is NUMBER_OUTSIDE_VALID_RANGE). */
export const MAX_OFFSET = 2000;
/** FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of at most this (DOC). */
const FIELDS_LIMIT = 200;
/** At most two semi-joins or anti-joins in one WHERE clause (DOC). */
const MAX_SEMI_JOINS = 2;

export function compileQuery(
  soql: string,
  tokens: Token[],
  ctx: SoqlContext,
  query: Query,
): QueryPlan {
  const env: Env = { soql, tokens, ctx };
  const object = resolveObject(env, query);
  const plan = compileBody(env, object, query, query.sObjectAlias, 'top');
  if (plan.offset !== undefined && plan.offset > MAX_OFFSET) throw offsetOutOfRange(MAX_OFFSET);
  const guard = ctx.api === 'tooling' ? oneRowGuard(plan) : undefined;
  if (guard) plan.oneRowGuard = guard;
  return plan;
}

function resolveObject(env: Env, query: Query): ObjectDef {
  const name = query.sObject;
  if (!name) throw malformed("unexpected token: '<EOF>'", env.soql, env.soql.length);
  const def = findObject(env.ctx.schema, name);
  const onThisApi = def && (def.api === 'both' || def.api === env.ctx.api);
  if (!def || !onThisApi || !env.ctx.canReadObject(def.name)) {
    throw invalidType(env.soql, locate(env.tokens, name, 'FROM'), name);
  }
  return def;
}

/** A field of another endpoint (Tooling-only `Profile.Metadata` on the data API) does not exist here. */
function visible(env: Env, object: ObjectDef, field: FieldDef): boolean {
  if (field.api !== undefined && field.api !== env.ctx.api) return false;
  return !isPermissionable(object, field) || env.ctx.canReadField(object.name, field.name);
}

function segmentsOf(raw: string, alias: string | undefined): string[] {
  const segments = raw.split('.');
  if (segments.length > 1 && alias && segments[0]?.toLowerCase() === alias.toLowerCase()) {
    return segments.slice(1);
  }
  return segments;
}

function resolvePath(env: Env, base: ObjectDef, raw: string, alias: string | undefined): FieldPath {
  const segments = segmentsOf(raw, alias);
  const at = locate(env.tokens, raw);
  let candidates: ObjectDef[] = [base];
  const hops: Hop[] = [];
  for (const segment of segments.slice(0, -1)) {
    let found: FieldDef | undefined;
    for (const object of candidates) {
      const ref = object.fields.find(
        (f) => f.relationshipName?.toLowerCase() === segment.toLowerCase(),
      );
      if (ref && visible(env, object, ref)) {
        found = ref;
        break;
      }
    }
    // A lookup to an object the user cannot read is not understood either (OBS).
    const targets = (found?.referenceTo ?? [])
      .map((name) => findObject(env.ctx.schema, name))
      .filter((t): t is ObjectDef => t !== undefined && env.ctx.canReadObject(t.name));
    if (!found || targets.length === 0) throw unknownRelationship(env.soql, at, segment);
    hops.push({ ref: found, relationshipName: found.relationshipName ?? segment, targets });
    candidates = targets;
  }
  const last = segments.at(-1) ?? raw;
  for (const object of candidates) {
    const field = findField(object, last);
    if (field && visible(env, object, field)) {
      const key = [...hops.map((h) => h.relationshipName), field.name].join('.').toLowerCase();
      return { raw, hops, object, field, key };
    }
  }
  throw noSuchColumn(env.soql, at, last, candidates[0]?.name ?? base.name);
}

function rawOf(field: ParsedField): string | undefined {
  switch (field.type) {
    case 'Field':
      return field.field;
    case 'FieldRelationship':
      return [...field.relationships, field.field].join('.');
    default:
      return undefined;
  }
}

function compileBody(
  env: Env,
  object: ObjectDef,
  query: QueryBase,
  alias: string | undefined,
  level: Level,
): QueryPlan {
  const select: SelectItem[] = [];
  const seen = new Set<string>();
  let countOnly = false;
  let exprIndex = 0;
  rejectUnknownClauses(env, query);
  const fields = query.fields ?? [];
  if (fields.length === 0)
    throw malformed("unexpected token: 'FROM'", env.soql, locate(env.tokens, 'FROM'));
  /** Aliases of plain fields: allowed only on grouped fields of an aggregate query (DOC). */
  const fieldAliases: string[] = [];
  let allOrCustomFields = false;

  const addField = (path: FieldPath, aliasName: string | undefined): void => {
    if (seen.has(path.key)) throw duplicateField(path.raw);
    seen.add(path.key);
    select.push({ kind: 'field', path, key: aliasName ?? path.field.name });
  };

  for (const parsed of fields) {
    const raw = rawOf(parsed);
    if (raw !== undefined) {
      const fieldAlias =
        'alias' in parsed && typeof parsed.alias === 'string' ? parsed.alias : undefined;
      if (fieldAlias !== undefined) fieldAliases.push(fieldAlias);
      addField(resolvePath(env, object, raw, alias), fieldAlias);
      continue;
    }
    if (parsed.type === 'FieldSubquery') {
      if (level !== 'top')
        throw malformed("unexpected token: 'SELECT'", env.soql, locate(env.tokens, 'SELECT'));
      select.push(compileChild(env, object, parsed.subquery, query.limit));
      continue;
    }
    if (parsed.type === 'FieldFunctionExpression') {
      const name = parsed.functionName.toUpperCase();
      if (name === 'FIELDS') {
        const param = parsed.parameters[0];
        const which = typeof param === 'string' ? param.toUpperCase() : '';
        allOrCustomFields ||= which === 'ALL' || which === 'CUSTOM';
        for (const field of expandFields(env, object, parsed)) addField(field, undefined);
      } else if (name === 'COUNT' && parsed.parameters.length === 0) {
        if (fields.length > 1 || level !== 'top') {
          throw malformed("unexpected token: 'COUNT'", env.soql, locate(env.tokens, 'COUNT'));
        }
        countOnly = true;
      } else {
        const agg = compileAggregate(env, object, alias, parsed);
        select.push({ kind: 'aggregate', agg, key: parsed.alias ?? `expr${exprIndex++}` });
      }
      continue;
    }
    throw unsupported(env, parsed.type === 'FieldTypeof' ? 'TYPEOF' : 'this field expression');
  }

  if (allOrCustomFields && (query.limit === undefined || query.limit > FIELDS_LIMIT)) {
    // OBS (several public reports), error code and text.
    throw malformed(`The SOQL FIELDS function must have a LIMIT of at most ${FIELDS_LIMIT}`);
  }

  const where = query.where
    ? buildConditionTree(query.where, (c) => compileRowLeaf(env, object, alias, c))
    : undefined;
  const semiJoinError = where ? semiJoinProblem(where, level) : undefined;
  if (semiJoinError) throw malformed(semiJoinError);

  const groupBy = asArray<GroupByClause>(query.groupBy).map((clause) => {
    if (!('field' in clause)) throw unsupported(env, 'GROUP BY functions');
    const path = resolvePath(env, object, clause.field, alias);
    if (NOT_GROUPABLE.has(path.field.type)) {
      // OBS (several public reports, MALFORMED_QUERY).
      throw malformed(
        `field '${path.field.name}' can not be grouped in a query call`,
        env.soql,
        locate(env.tokens, clause.field),
      );
    }
    return path;
  });
  const aggregate = groupBy.length > 0 || select.some((s) => s.kind === 'aggregate');
  if (aggregate) checkGrouping(env, select, groupBy);
  const firstAlias = fieldAliases[0];
  if (!aggregate && firstAlias !== undefined) {
    // OBS (many public reports): `SELECT Id Name FROM Account`, a missing comma, fails so.
    throw malformed(
      'only aggregate expressions use field aliasing',
      env.soql,
      locate(env.tokens, firstAlias),
    );
  }
  if (countOnly && aggregate)
    throw malformed("unexpected token: 'GROUP'", env.soql, locate(env.tokens, 'GROUP'));

  const having = query.having
    ? buildConditionTree(query.having, (c) => compileGroupLeaf(env, object, alias, groupBy, c))
    : undefined;

  const orderBy = asArray<OrderByClause>(query.orderBy).map((clause): OrderItem => {
    const desc = clause.order === 'DESC';
    const nullsLast = clause.nulls === 'LAST';
    if ('field' in clause) {
      const path = resolvePath(env, object, clause.field, alias);
      if (NOT_SORTABLE.has(path.field.type)) {
        // OBS (public reports; one gives MALFORMED_QUERY as the code).
        throw malformed(
          `field '${path.field.name}' can not be sorted in a query call`,
          env.soql,
          locate(env.tokens, clause.field),
        );
      }
      if (aggregate && !groupBy.some((g) => g.key === path.key)) throw notGrouped(env, path);
      return { target: { kind: 'path', path }, desc, nullsLast };
    }
    if (!aggregate)
      throw malformed(`unexpected token: '${clause.fn.functionName ?? '('}'`, env.soql, 0);
    const agg = compileAggregate(env, object, alias, clause.fn as FieldFunctionExpression);
    return { target: { kind: 'agg', agg }, desc, nullsLast };
  });

  const plan: QueryPlan = { object, select, aggregate, countOnly, groupBy, orderBy };
  if (where) plan.where = where;
  if (having) plan.having = having;
  if (query.limit !== undefined) plan.limit = query.limit;
  if (query.offset !== undefined) plan.offset = query.offset;
  return plan;
}

/** The parts of a parsed query this module evaluates; any other clause would be silently ignored. */
const KNOWN_CLAUSES = new Set([
  'fields',
  'sObject',
  'sObjectAlias',
  'relationshipName',
  'where',
  'groupBy',
  'having',
  'orderBy',
  'limit',
  'offset',
]);

const CLAUSE_NAMES: Record<string, (value: unknown) => string> = {
  usingScope: () => 'USING SCOPE',
  withSecurityEnforced: () => 'WITH SECURITY_ENFORCED',
  withAccessLevel: (v) => `WITH ${String(v)}`,
  withDataCategory: () => 'WITH DATA CATEGORY',
  for: (v) => `FOR ${String(v)}`,
  update: (v) => `UPDATE ${String(v)}`,
  sObjectPrefix: () => 'a relationship path in a subquery FROM',
};

/** Valid SOQL clauses the emulator does not evaluate are refused, never ignored. */
function rejectUnknownClauses(env: Env, query: QueryBase): void {
  for (const [key, value] of Object.entries(query)) {
    if (KNOWN_CLAUSES.has(key) || value === undefined || value === false) continue;
    throw unsupported(env, CLAUSE_NAMES[key]?.(value) ?? `the ${key} clause`);
  }
}

// Semi-join and anti-join limits (DOC: the SOQL reference's semi-join pages); texts OBS in public
// reports, except MAX_SEMI_JOINS_TEXT (one report) and the ones marked UNCONFIRMED below.
const SEMI_JOIN_OR = "Semi join sub-selects are not allowed with the 'OR' operator";
const SEMI_JOIN_TOP_LEVEL =
  'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.';
const SEMI_JOIN_NESTED = 'Nesting of semi join sub-selects is not supported';
const MAX_SEMI_JOINS_TEXT = `Maximum ${MAX_SEMI_JOINS} semi join sub-selects are allowed`;

/**
 * Why Salesforce refuses the semi-joins of this WHERE tree, if it does: inside another semi-join or
 * a child subquery, under NOT or a parenthesised OR, beside a top-level OR, or more than two.
 */
function semiJoinProblem(where: CondTree<RowLeaf>, level: Level): string | undefined {
  const found: { or?: 'top' | 'nested'; not: boolean }[] = [];
  const walk = (
    node: CondTree<RowLeaf>,
    root: boolean,
    or: 'top' | 'nested' | undefined,
    not: boolean,
  ): void => {
    if (node.kind === 'leaf') {
      if (node.leaf.kind === 'semi') found.push(or === undefined ? { not } : { or, not });
    } else if (node.kind === 'not') {
      walk(node.child, false, or, true);
    } else {
      const below = node.kind === 'or' ? (or ?? (root ? 'top' : 'nested')) : or;
      for (const child of node.children) walk(child, false, below, not);
    }
  };
  walk(where, true, undefined, false);
  if (found.length === 0) return undefined;
  if (level === 'semi') return SEMI_JOIN_NESTED;
  // A child subquery's WHERE: DOC forbids it; which text Salesforce answers is UNCONFIRMED.
  if (level === 'child') return SEMI_JOIN_TOP_LEVEL;
  // Under NOT: DOC forbids it (NOT IN is the anti-join); the text is UNCONFIRMED.
  if (found.some((s) => s.or === 'nested' || s.not)) return SEMI_JOIN_TOP_LEVEL;
  if (found.some((s) => s.or === 'top')) return SEMI_JOIN_OR;
  if (found.length > MAX_SEMI_JOINS) return MAX_SEMI_JOINS_TEXT;
  return undefined;
}

function unsupported(env: Env, what: string): SoqlError {
  // Valid SOQL that the emulator does not evaluate: say so rather than answer wrongly.
  return malformed(`The Salesforce emulator does not support ${what} in SOQL.`, env.soql, 0);
}

function notGrouped(env: Env, path: FieldPath): SoqlError {
  // Wording OBS in a public emulator's port of Salesforce's checks; error code UNCONFIRMED.
  return malformed(
    `Field must be grouped or aggregated: ${path.field.name}`,
    env.soql,
    locate(env.tokens, path.raw),
  );
}

function checkGrouping(env: Env, select: SelectItem[], groupBy: FieldPath[]): void {
  for (const item of select) {
    if (item.kind === 'subquery') {
      throw malformed("unexpected token: 'SELECT'", env.soql, locate(env.tokens, 'SELECT'));
    }
    if (item.kind === 'field' && !groupBy.some((g) => g.key === item.path.key))
      throw notGrouped(env, item.path);
  }
}

/** FIELDS(ALL | STANDARD | CUSTOM): the visible fields of the object, in schema order. */
function expandFields(env: Env, object: ObjectDef, fn: FieldFunctionExpression): FieldPath[] {
  const param = fn.parameters[0];
  const which = (typeof param === 'string' ? param : '').toUpperCase();
  if (!['ALL', 'STANDARD', 'CUSTOM'].includes(which)) throw unsupported(env, `FIELDS(${which})`);
  return object.fields
    .filter((f) => visible(env, object, f) && f.type !== 'json')
    .filter((f) => {
      const custom = f.custom ?? f.name.endsWith('__c');
      return which === 'ALL' || (which === 'CUSTOM') === custom;
    })
    .map((field) => ({ raw: field.name, hops: [], object, field, key: field.name.toLowerCase() }));
}

function compileAggregate(
  env: Env,
  object: ObjectDef,
  alias: string | undefined,
  fn: FieldFunctionExpression,
): Aggregate {
  const name = (fn.functionName || '').toUpperCase();
  const param = fn.parameters[0];
  if (!AGG_FNS.has(name) || typeof param !== 'string' || fn.parameters.length !== 1) {
    throw unsupported(env, `${fn.functionName || 'this function'}()`);
  }
  const path = resolvePath(env, object, param, alias);
  const type = path.field.type;
  const numeric = categoryOf(type) === 'number';
  if (((name === 'SUM' || name === 'AVG') && !numeric) || NOT_AGGREGATABLE.has(type)) {
    // OBS (several public reports, MALFORMED_QUERY): "field ActivityDate does not support aggregate operator MAX".
    throw malformed(`field ${path.field.name} does not support aggregate operator ${name}`);
  }
  // Salesforce's displayName for AVG(Amount) is 'avg(Amount)' (OBS, plugin-data test exemplars).
  return { fn: name as AggFn, path, display: `${name.toLowerCase()}(${param})` };
}

function compileChild(
  env: Env,
  parent: ObjectDef,
  subquery: QueryBase & { relationshipName: string },
  parentLimit: number | undefined,
): SelectItem {
  const name = subquery.relationshipName;
  const rel = (parent.childRelationships ?? []).find(
    (r) => r.relationshipName.toLowerCase() === name.toLowerCase(),
  );
  const child = rel ? findObject(env.ctx.schema, rel.childSObject) : undefined;
  const childField = rel && child ? findField(child, rel.field) : undefined;
  if (!rel || !child || !childField || !env.ctx.canReadObject(child.name)) {
    throw unknownChildRelationship(env.soql, locate(env.tokens, name, 'FROM'), name);
  }
  const plan = compileBody(env, child, subquery, undefined, 'child');
  if (plan.aggregate || plan.countOnly) {
    throw malformed("unexpected token: 'COUNT'", env.soql, locate(env.tokens, 'COUNT'));
  }
  if (plan.offset !== undefined && parentLimit !== 1) {
    // DOC: MALFORMED_QUERY unless the parent query has LIMIT 1. The text is UNCONFIRMED.
    throw malformed('OFFSET in a subquery needs LIMIT 1 on the parent query');
  }
  return { kind: 'subquery', relationshipName: rel.relationshipName, childField, plan };
}

const isKey = (field: FieldDef): boolean => field.type === 'id' || field.type === 'reference';

function compileSemi(env: Env, outer: ObjectDef, query: Query): QueryPlan {
  const object = resolveObject(env, query);
  // OBS (public reports and a public emulator), text; MALFORMED_QUERY as the code is UNCONFIRMED.
  if (object.name === outer.name)
    throw malformed('The inner and outer selects should not be on the same object type');
  // DOC: no ORDER BY, LIMIT or OFFSET in a semi-join; the text is UNCONFIRMED.
  const clause =
    query.orderBy !== undefined
      ? 'ORDER BY'
      : query.limit !== undefined
        ? 'LIMIT'
        : query.offset !== undefined
          ? 'OFFSET'
          : undefined;
  if (clause) throw malformed(`semi join sub-selects do not support ${clause}`);
  const plan = compileBody(env, object, query, query.sObjectAlias, 'semi');
  const only = plan.select[0];
  if (
    plan.select.length !== 1 ||
    only?.kind !== 'field' ||
    plan.aggregate ||
    plan.countOnly ||
    !isKey(only.path.field)
  ) {
    // DOC: a semi-join selects exactly one Id or reference field. Wording UNCONFIRMED.
    throw malformed(
      'semi join sub-selects must select exactly one Id or reference field',
      env.soql,
      0,
    );
  }
  // OBS (one public report, for a one-hop path): the inner field is a field of the inner object.
  if (only.path.hops.length > 0)
    throw malformed('inner select field cannot have more than one level of relationships');
  return plan;
}

function compileRowLeaf(
  env: Env,
  object: ObjectDef,
  alias: string | undefined,
  c: LeafCondition,
): RowLeaf {
  if ('fn' in c) throw unsupported(env, 'functions in WHERE');
  if (!('field' in c)) throw malformed("unexpected token: '('", env.soql, 0);
  const path = resolvePath(env, object, c.field, alias);
  if (path.field.filterable === false) {
    throw notFilterable(env.soql, locate(env.tokens, c.field), path.field.name);
  }
  const op = OPERATORS[c.operator.toUpperCase()];
  if (!op) throw malformed(`unexpected token: '${c.operator}'`, env.soql, 0);
  const category = categoryOf(path.field.type);
  if ('valueQuery' in c && c.valueQuery) {
    if (op !== 'IN' && op !== 'NOT IN') throw malformed("unexpected token: 'SELECT'", env.soql, 0);
    const plan = compileSemi(env, object, c.valueQuery);
    if (path.hops.length > 0 || !isKey(path.field)) {
      // DOC: the left operand is one Id or reference field of the queried object, without a
      // relationship path. The text is UNCONFIRMED.
      throw malformed(
        'semi join sub-selects are only allowed on an Id or reference field of the queried object',
        env.soql,
        locate(env.tokens, c.field),
      );
    }
    return { kind: 'semi', path, category, negate: op === 'NOT IN', plan };
  }
  if (!('value' in c)) throw malformed("unexpected token: '<EOF>'", env.soql, env.soql.length);
  const operands = literalOperands(env, path.field, c.field, op, c.value, c.literalType);
  return { kind: 'compare', path, category, op, operands };
}

function compileGroupLeaf(
  env: Env,
  object: ObjectDef,
  alias: string | undefined,
  groupBy: FieldPath[],
  c: LeafCondition,
): GroupLeaf {
  if (!('operator' in c) || 'valueQuery' in c || !('value' in c)) {
    throw unsupported(env, 'this HAVING condition');
  }
  const op = OPERATORS[c.operator.toUpperCase()];
  if (!op) throw unsupported(env, 'this HAVING condition');
  if ('fn' in c) {
    const agg = compileAggregate(env, object, alias, c.fn as FieldFunctionExpression);
    const numeric =
      agg.fn === 'COUNT' || agg.fn === 'COUNT_DISTINCT' || agg.fn === 'SUM' || agg.fn === 'AVG';
    const type: FieldType = numeric ? 'double' : agg.path.field.type;
    const pseudo: FieldDef = { name: c.fn.rawValue ?? agg.display, type };
    const operands = literalOperands(env, pseudo, pseudo.name, op, c.value, c.literalType);
    return { target: { kind: 'agg', agg }, category: categoryOf(type), op, operands };
  }
  const path = resolvePath(env, object, c.field, alias);
  if (!groupBy.some((g) => g.key === path.key)) throw notGrouped(env, path);
  const operands = literalOperands(env, path.field, c.field, op, c.value, c.literalType);
  return { target: { kind: 'group', path }, category: categoryOf(path.field.type), op, operands };
}

const LIST_OPERATORS = new Set<Operator>(['IN', 'NOT IN', 'INCLUDES', 'EXCLUDES']);

function literalOperands(
  env: Env,
  field: FieldDef,
  raw: string,
  op: Operator,
  value: string | string[],
  literalType: string | string[] | undefined,
): Operand[] {
  const values = asArray(value);
  const types = asArray(literalType);
  if (!LIST_OPERATORS.has(op) && values.length !== 1) {
    throw malformed(`unexpected token: '('`, env.soql, locate(env.tokens, raw));
  }
  return values.map((v, i) =>
    literalOperand(env, field, raw, op, v, types[i] ?? types[0] ?? 'STRING'),
  );
}

function typeName(type: FieldType): string {
  switch (type) {
    case 'datetime':
      return 'dateTime';
    case 'int':
      return 'integer';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'id':
    case 'reference':
      return 'id';
    default:
      return type === 'boolean' || type === 'date' ? type : 'string';
  }
}

function literalOperand(
  env: Env,
  field: FieldDef,
  raw: string,
  op: Operator,
  text: string,
  type: string,
): Operand {
  const category = categoryOf(field.type);
  const at = locate(env.tokens, raw);
  const wrongType = (): never => {
    throw wrongLiteralType(
      env.soql,
      at,
      field.name,
      typeName(field.type),
      category === 'string' || category === 'id',
    );
  };
  const expect = (...allowed: Category[]): void => {
    if (category !== 'other' && !allowed.includes(category)) wrongType();
  };
  switch (type) {
    case 'NULL':
      return { kind: 'value', value: null };
    case 'STRING': {
      expect('string', 'id');
      if (category === 'id' && op === 'LIKE')
        throw invalidIdFilter(env.soql, at, 'invalid operator on id field');
      if (op === 'LIKE') return { kind: 'like', pattern: likePattern(text) };
      const s = unquote(text);
      if (category === 'id' && s !== '' && !isSalesforceId(s))
        throw invalidIdFilter(env.soql, at, `invalid ID field: ${s}`);
      return { kind: 'value', value: category === 'id' ? idKey(s) : s };
    }
    case 'BOOLEAN':
      expect('boolean');
      return { kind: 'value', value: text.toUpperCase() === 'TRUE' };
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX': {
      expect('number');
      const n = Number(text.replace(/^[A-Za-z]{3}/, ''));
      if (!Number.isFinite(n)) throw malformed(`unexpected token: '${text}'`, env.soql, at);
      return { kind: 'value', value: n };
    }
    case 'DATE':
      expect('date');
      if (!isDateString(text)) throw malformed(`Invalid date: ${text}`, env.soql, at);
      return { kind: 'value', value: text };
    case 'DATETIME': {
      expect('datetime');
      // Summer '24 release notes (OBS): "Invalid datetime: 2020-12-12t12:12:00-25:00".
      const ms = parseDateTime(text);
      if (ms === undefined) throw malformed(`Invalid datetime: ${text}`, env.soql, at);
      return { kind: 'value', value: ms };
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL': {
      expect('date', 'datetime');
      const range = dateLiteralRange(text, localDate(env.ctx.now, env.ctx.timeZone));
      if (!range) throw malformed(`unexpected token: '${text}'`, env.soql, at);
      if (category === 'datetime') {
        return {
          kind: 'range',
          start: startOfDay(range.start, env.ctx.timeZone),
          end: startOfDay(range.end, env.ctx.timeZone),
        };
      }
      return { kind: 'range', start: civilString(range.start), end: civilString(range.end) };
    }
    default:
      throw malformed(`unexpected token: '${text}'`, env.soql, at);
  }
}

const ONE_ROW_FIELDS = new Set(['id', 'fullname', 'developername', 'name']);

/** docs/salesforce-behaviour.md 2.4: a Tooling query selecting Metadata or FullName must qualify one row. */
function oneRowGuard(plan: QueryPlan): 'limit' | 'where' | undefined {
  const selectsMetadata = plan.select.some(
    (s) =>
      s.kind === 'field' &&
      s.path.hops.length === 0 &&
      ['metadata', 'fullname'].includes(s.path.field.name.toLowerCase()),
  );
  if (!selectsMetadata) return undefined;
  if (plan.limit !== undefined && plan.limit <= 1) return 'limit';
  const qualified = topLevelConjuncts(plan.where).some(
    (leaf) =>
      leaf.kind === 'compare' &&
      leaf.op === '=' &&
      leaf.path.hops.length === 0 &&
      ONE_ROW_FIELDS.has(leaf.path.field.name.toLowerCase()) &&
      leaf.operands[0]?.kind === 'value' &&
      leaf.operands[0].value !== null,
  );
  if (qualified) return 'where';
  throw metadataNeedsOneRow();
}
