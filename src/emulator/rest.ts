// REST and Tooling resources under /services/data (docs/salesforce-behaviour.md 4): discovery, query with
// nextRecordsUrl paging and columns=true, sObject describe and rows, limits. Access is the calling
// session's user's effective access, as in a real org.

import type { Context } from 'hono';

import type { EffectiveAccess } from '../model/effective/types.js';
import type { SObjectRow } from '../model/org.js';
import { fieldRights, type FieldRights, objectRights } from '../model/policy/index.js';
import {
  type FieldDef,
  findField,
  findObject,
  isPermissionable,
  type ObjectDef,
} from '../model/schema.js';
import { NOT_FOUND, RestError } from './errors.js';
import { executeSoql, queryColumns, type SoqlContext } from './soql/index.js';
import type { EmulatorState } from './state.js';

export const MIN_API_VERSION = 31;

const RELEASES: Readonly<Record<number, string>> = {
  62: "Winter '25",
  63: "Spring '25",
  64: "Summer '25",
  65: "Winter '26",
  66: "Spring '26",
  67: "Summer '26",
  68: "Winter '27",
};

function releaseLabel(major: number): string {
  const known = RELEASES[major];
  if (known !== undefined) return known;
  // Three releases a year; v62.0 is Winter '25 (docs/salesforce-behaviour.md 6).
  const offset = major - 62;
  const season = ['Winter', 'Spring', 'Summer'][((offset % 3) + 3) % 3] ?? 'Winter';
  const year = 25 + Math.floor(offset / 3);
  return `${season} '${String(((year % 100) + 100) % 100).padStart(2, '0')}`;
}

export function apiVersions(maxVersion: string): { label: string; url: string; version: string }[] {
  const max = Math.floor(Number(maxVersion));
  const out = [];
  for (let major = MIN_API_VERSION; major <= max; major++) {
    out.push({
      label: releaseLabel(major),
      url: `/services/data/v${major}.0`,
      version: `${major}.0`,
    });
  }
  return out;
}

/** `v62.0` → `62.0` when served, else undefined. */
export function servedVersion(segment: string, maxVersion: string): string | undefined {
  const match = /^v(\d{2})\.0$/.exec(segment);
  if (match?.[1] === undefined) return undefined;
  const major = Number(match[1]);
  if (major < MIN_API_VERSION || major > Number(maxVersion)) return undefined;
  return `${major}.0`;
}

export function resourcesOf(
  instanceUrl: string,
  version: string,
  orgId: string,
  userId: string,
): Record<string, string> {
  const base = `/services/data/v${version}`;
  const resources: Record<string, string> = { identity: `${instanceUrl}/id/${orgId}/${userId}` };
  for (const name of [
    'tooling',
    'metadata',
    'query',
    'queryAll',
    'sobjects',
    'search',
    'composite',
    'limits',
    'recent',
  ]) {
    resources[name] = `${base}/${name}`;
  }
  return resources;
}

/**
 * Objects every API user reads, but only its own rows (by UserId) unless it holds one of these
 * permissions; Salesforce answers without an error either way (docs/permissions.md,
 * `rest.query.LoginHistory` and `rest.query.OauthToken`).
 */
export const OWN_ROWS_UNLESS: Readonly<Record<string, readonly string[]>> = {
  LoginHistory: ['ManageUsers', 'MonitorLoginHistory'],
  OauthToken: ['CustomizeApplication'],
};

/** The rows of an object the user may see: all of them, or its own for OWN_ROWS_UNLESS objects. */
export function visibleRows(
  state: EmulatorState,
  object: string,
  access: EffectiveAccess,
  userId: string,
): readonly SObjectRow[] {
  const rows = state.view.rows(object);
  const allWith = OWN_ROWS_UNLESS[object];
  if (allWith === undefined || allWith.some((p) => access.systemPermissions.has(p))) return rows;
  const own = (r: SObjectRow): string =>
    typeof r.UserId === 'string' ? `s:${r.UserId.slice(0, 15)}` : '\u0000';
  return state.view.rowsWhere(object, 'OwnUserId15', own, `s:${userId.slice(0, 15)}`);
}

/** Object and field visibility of a user, in the terms the SOQL engine and describe need (model/policy/describe-rights.ts). */
export function accessPredicates(
  state: EmulatorState,
  access: EffectiveAccess,
): Pick<SoqlContext, 'canReadObject' | 'canReadField'> {
  const canReadObject = (object: string): boolean => {
    const def = findObject(state.org.schema, object);
    return def !== undefined && objectRights(def, access).readable;
  };
  const canReadField = (object: string, field: string): boolean => {
    const def = findObject(state.org.schema, object);
    const fieldDef = def === undefined ? undefined : findField(def, field);
    if (def === undefined || fieldDef === undefined) return false;
    return fieldRights(def, fieldDef, access).readable;
  };
  return { canReadObject, canReadField };
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/** Server-side cursors behind `nextRecordsUrl` (`/query/01g...-2000`). */
export class QueryCursors {
  readonly #cursors = new Map<string, { records: Record<string, unknown>[]; totalSize: number }>();
  #counter = 0;

  page(
    records: Record<string, unknown>[],
    totalSize: number,
    offset: number,
    pageSize: number,
    basePath: string,
    locator?: string,
  ): QueryPage {
    const slice = records.slice(offset, offset + pageSize);
    const next = offset + slice.length;
    if (next >= records.length) {
      if (locator !== undefined) this.#cursors.delete(locator);
      return { totalSize, done: true, records: slice };
    }
    const id = locator ?? this.#newLocator(records, totalSize);
    return { totalSize, done: false, nextRecordsUrl: `${basePath}/${id}-${next}`, records: slice };
  }

  /** The records behind a `01g...-N` locator segment, or INVALID_QUERY_LOCATOR. */
  resume(segment: string): {
    locator: string;
    offset: number;
    records: Record<string, unknown>[];
    totalSize: number;
  } {
    const match = /^(01g[0-9A-Za-z]+)-(\d+)$/.exec(segment);
    const cursor = match?.[1] === undefined ? undefined : this.#cursors.get(match[1]);
    if (match?.[1] === undefined || cursor === undefined) {
      throw new RestError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return { locator: match[1], offset: Number(match[2]), ...cursor };
  }

  #newLocator(records: Record<string, unknown>[], totalSize: number): string {
    this.#counter += 1;
    const id = `01g${String(this.#counter).padStart(12, '0')}AAA`;
    this.#cursors.set(id, { records, totalSize });
    return id;
  }
}

/** Page size: emulator.json `pageSize`, narrowed by `Sforce-Query-Options: batchSize=N` (200-2000). */
export function pageSizeOf(c: Context, configured: number): number {
  const header = c.req.header('Sforce-Query-Options');
  const requested = header === undefined ? undefined : /batchSize=(\d+)/i.exec(header)?.[1];
  if (requested === undefined) return configured;
  const clamped = Math.min(2000, Math.max(200, Number(requested)));
  return Math.min(configured, clamped);
}

export function runQuery(
  soql: string,
  ctx: SoqlContext,
  columns: boolean,
): { columns: unknown } | { records: Record<string, unknown>[]; totalSize: number } {
  if (columns) return { columns: queryColumns(soql, ctx) };
  const result = executeSoql(soql, ctx);
  return { records: result.records, totalSize: result.totalSize };
}

/**
 * One field of a describe, with the caller's rights on it (docs/emulator.md, Describe): createable
 * and updateable from effective access, never for system, derived, formula and auto-number fields.
 */
function describeField(
  object: ObjectDef,
  field: FieldDef,
  rights: FieldRights,
): Record<string, unknown> {
  const reference = field.type === 'reference';
  const picklist = field.type === 'picklist' || field.type === 'multipicklist';
  return {
    name: field.name,
    label: field.label ?? field.name,
    type: field.type,
    soapType: soapTypeOf(field.type),
    length: ['string', 'textarea', 'email', 'phone', 'url', 'picklist'].includes(field.type)
      ? 255
      : 0,
    nillable: field.nillable ?? field.name !== 'Id',
    createable: rights.createable,
    updateable: rights.updateable,
    filterable: field.filterable ?? true,
    sortable: field.type !== 'textarea',
    custom: field.custom ?? false,
    idLookup: field.name === 'Id',
    referenceTo: field.referenceTo ?? [],
    relationshipName: reference ? (field.relationshipName ?? null) : null,
    // In the order the value set defines them, the first one not the default unless stated.
    picklistValues: picklist
      ? (field.picklistValues ?? []).map((value) => ({
          active: true,
          defaultValue: false,
          label: value,
          validFor: null,
          value,
        }))
      : [],
    calculated: field.calculated ?? false,
    autoNumber: field.autoNumber ?? false,
    permissionable: isPermissionable(object, field),
    externalId: false,
  };
}

function soapTypeOf(type: string): string {
  switch (type) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    case 'anyType':
    case 'json':
      return 'xsd:anyType';
    default:
      return 'xsd:string';
  }
}

/** The describe of an object as the caller sees it: its flags and the fields it may read. */
export function describeObject(
  object: ObjectDef,
  version: string,
  tooling: boolean,
  access: EffectiveAccess,
): Record<string, unknown> {
  const base = `/services/data/v${version}${tooling ? '/tooling' : ''}/sobjects/${object.name}`;
  const rights = objectRights(object, access);
  const fields = object.fields.flatMap((f) => {
    const fieldRightsOf = fieldRights(object, f, access, rights);
    return fieldRightsOf.readable ? [describeField(object, f, fieldRightsOf)] : [];
  });
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural ?? `${object.label}s`,
    keyPrefix: object.keyPrefix,
    custom: object.custom ?? false,
    queryable: rights.readable,
    retrieveable: rights.readable,
    searchable: object.access === 'crud' && rights.readable,
    createable: rights.createable,
    updateable: rights.updateable,
    deletable: rights.deletable,
    fields,
    childRelationships: (object.childRelationships ?? []).map((r) => ({
      childSObject: r.childSObject,
      field: r.field,
      relationshipName: r.relationshipName,
      cascadeDelete: false,
      deprecatedAndHidden: false,
      restrictedDelete: false,
    })),
    recordTypeInfos: [],
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  };
}

/** A row by Id, with every field the user may read, through the SOQL engine (one formatting path). */
export function retrieveRow(
  object: ObjectDef,
  id: string,
  fieldsParam: string | undefined,
  ctx: SoqlContext,
): Record<string, unknown> {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) throw NOT_FOUND();
  const fields =
    fieldsParam === undefined
      ? object.fields
          .filter((f) => f.type !== 'json' && ctx.canReadField(object.name, f.name))
          .map((f) => f.name)
      : fieldsParam.split(',').map((f) => f.trim());
  const result = executeSoql(
    `SELECT ${fields.join(', ')} FROM ${object.name} WHERE Id = '${id}'`,
    ctx,
  );
  const row = result.records[0];
  if (row === undefined) throw NOT_FOUND();
  return row;
}

export function limitsBody(
  max: number,
  used: number,
): Record<string, { Max: number; Remaining: number }> {
  return {
    DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) },
    DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
    DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
    DataStorageMB: { Max: 5120, Remaining: 5100 },
    FileStorageMB: { Max: 5120, Remaining: 5110 },
    HourlyODataCallout: { Max: 10000, Remaining: 10000 },
    SingleEmail: { Max: 5000, Remaining: 5000 },
  };
}
