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
  invalidType,
  malformed,
  metadataNeedsOneRow,
  type SoqlError,
  noSuchColumn,
  notFilterable,
  unknownChildRelationship,
  unknownRelationship,
  wrongLiteralType,
} from './errors.js';
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

export function compileQuery(
  soql: string,
  tokens: Token[],
  ctx: SoqlContext,
  query: Query,
): QueryPlan {
  const env: Env = { soql, tokens, ctx };
  const object = resolveObject(env, query);
  const plan = compileBody(env, object, query, query.sObjectAlias, 'top');
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

function visible(env: Env, object: ObjectDef, field: FieldDef): boolean {
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
  const fields = query.fields ?? [];
  if (fields.length === 0)
    throw malformed("unexpected token: 'FROM'", env.soql, locate(env.tokens, 'FROM'));

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
      addField(resolvePath(env, object, raw, alias), fieldAlias);
      continue;
    }
    if (parsed.type === 'FieldSubquery') {
      if (level !== 'top')
        throw malformed("unexpected token: 'SELECT'", env.soql, locate(env.tokens, 'SELECT'));
      select.push(compileChild(env, object, parsed.subquery));
      continue;
    }
    if (parsed.type === 'FieldFunctionExpression') {
      const name = parsed.functionName.toUpperCase();
      if (name === 'FIELDS') {
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

  const where = query.where
    ? buildConditionTree(query.where, (c) => compileRowLeaf(env, object, alias, c))
    : undefined;

  const groupBy = asArray<GroupByClause>(query.groupBy).map((clause) => {
    if (!('field' in clause)) throw unsupported(env, 'GROUP BY functions');
    return resolvePath(env, object, clause.field, alias);
  });
  const aggregate = groupBy.length > 0 || select.some((s) => s.kind === 'aggregate');
  if (aggregate) checkGrouping(env, select, groupBy);
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
  // Salesforce's displayName for AVG(Amount) is 'avg(Amount)' (OBS, plugin-data test exemplars).
  return { fn: name as AggFn, path, display: `${name.toLowerCase()}(${param})` };
}

function compileChild(
  env: Env,
  parent: ObjectDef,
  subquery: QueryBase & { relationshipName: string },
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
  return { kind: 'subquery', relationshipName: rel.relationshipName, childField, plan };
}

function compileSemi(env: Env, query: Query): QueryPlan {
  const object = resolveObject(env, query);
  const plan = compileBody(env, object, query, query.sObjectAlias, 'semi');
  const only = plan.select[0];
  if (plan.select.length !== 1 || only?.kind !== 'field' || plan.aggregate || plan.countOnly) {
    // Salesforce: a semi-join sub-select returns exactly one Id or lookup field. Wording UNCONFIRMED.
    throw malformed(
      'semi join sub-selects must select exactly one Id or reference field',
      env.soql,
      0,
    );
  }
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
    return {
      kind: 'semi',
      path,
      category,
      negate: op === 'NOT IN',
      plan: compileSemi(env, c.valueQuery),
    };
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
      if (op === 'LIKE') return { kind: 'like', pattern: likePattern(text) };
      const s = unquote(text);
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
