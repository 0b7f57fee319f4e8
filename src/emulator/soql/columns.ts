// The undocumented "query columns" body (`/query?q=...&columns=true`) that `sf data query` asks for
// whenever a query returned rows (docs/salesforce-behaviour.md 5.5). Shape from the Salesforce CLI's own
// test exemplars (plugin-data `test/test-files/queryFields.exemplars.ts`, OBS): a parent path is a
// non-aggregate column named after the relationship with nested joinColumns, a child subquery an
// aggregate column with its columns as joinColumns, a function an aggregate column named exprN or
// its alias. `insertable`/`updatable` are not modelled and approximate (UNCONFIRMED).

import type { FieldDef, FieldType, ObjectDef } from '../../model/schema.js';
import type { Aggregate, FieldPath, QueryPlan, SelectItem } from './plan.js';
import { categoryOf } from './values.js';

export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface QueryColumns {
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string | null;
}

const APEX_TYPES: Partial<Record<FieldType, string>> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  currency: 'Decimal',
  percent: 'Double',
  date: 'Date',
  datetime: 'Datetime',
  anyType: 'Object',
};

function apexType(type: FieldType): string | null {
  if (type === 'json') return null;
  return APEX_TYPES[type] ?? 'String';
}

function column(partial: Partial<ColumnMetadata> & { columnName: string }): ColumnMetadata {
  return {
    aggregate: false,
    apexType: null,
    booleanType: false,
    custom: false,
    displayName: partial.columnName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: false,
    updatable: false,
    ...partial,
  };
}

function fieldColumn(object: ObjectDef, field: FieldDef, name = field.name): ColumnMetadata {
  const category = categoryOf(field.type);
  const editable =
    object.access === 'crud' && field.type !== 'id' && field.permissionable !== false;
  return column({
    apexType: apexType(field.type),
    booleanType: category === 'boolean',
    columnName: name,
    custom: field.custom ?? field.name.endsWith('__c'),
    insertable: editable,
    numberType: category === 'number',
    textType: category === 'string',
    updatable: editable,
  });
}

function pathColumn(path: FieldPath, depth = 0): ColumnMetadata {
  const hop = path.hops[depth];
  if (!hop) return fieldColumn(path.object, path.field);
  return column({
    columnName: hop.relationshipName,
    custom: hop.ref.custom ?? hop.ref.name.endsWith('__c'),
    foreignKeyName: hop.ref.name,
    joinColumns: [pathColumn(path, depth + 1)],
  });
}

function aggregateColumn(agg: Aggregate, key: string): ColumnMetadata {
  const numeric = agg.fn !== 'MIN' && agg.fn !== 'MAX';
  const type = agg.path.field.type;
  return column({
    aggregate: true,
    apexType:
      agg.fn === 'COUNT' || agg.fn === 'COUNT_DISTINCT'
        ? 'Integer'
        : numeric
          ? 'Double'
          : apexType(type),
    columnName: key,
    displayName: agg.display,
    numberType: numeric || categoryOf(type) === 'number',
    textType: !numeric && categoryOf(type) === 'string',
  });
}

function itemColumn(plan: QueryPlan, item: SelectItem): ColumnMetadata {
  switch (item.kind) {
    case 'aggregate':
      return aggregateColumn(item.agg, item.key);
    case 'subquery':
      return column({
        aggregate: true,
        columnName: item.relationshipName,
        joinColumns: item.plan.select.map((child) => itemColumn(item.plan, child)),
      });
    case 'field':
      // Aggregate rows are flat: a grouped parent field is a plain column named by its key.
      return plan.aggregate
        ? fieldColumn(item.path.object, item.path.field, item.key)
        : pathColumn(item.path);
  }
}

export function columnsOf(plan: QueryPlan): QueryColumns {
  return {
    columnMetadata: plan.select.map((item) => itemColumn(plan, item)),
    entityName: plan.object.name,
    groupBy: plan.groupBy.length > 0,
    idSelected: plan.select.some(
      (s) => s.kind === 'field' && s.path.hops.length === 0 && s.path.field.type === 'id',
    ),
    keyPrefix: plan.object.keyPrefix || null,
  };
}
