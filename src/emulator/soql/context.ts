// What the SOQL engine needs from its caller, and what it answers.

import type { SObjectRow } from '../../model/org.js';
import type { SObjectSchema } from '../../model/schema.js';
import type { ExecutionStats } from './indexes.js';

export interface SoqlContext {
  schema: SObjectSchema;
  /** Objects whose def.api is 'data' are INVALID_TYPE on tooling and vice versa ('both' on both). */
  api: 'data' | 'tooling';
  /** All rows of an object (field → value, lookups as Ids). */
  rows(object: string): readonly SObjectRow[];
  /** The org's clock, for date literals. */
  now: Date;
  /** Org time zone (IANA) for TODAY / LAST_N_DAYS boundaries (see dates.ts for the decisions). */
  timeZone: string;
  /** '62.0', for attributes.url. */
  apiVersion: string;
  /** The querying user's object access (false → INVALID_TYPE, as Salesforce answers). */
  canReadObject(object: string): boolean;
  /** Field-level security (false → INVALID_FIELD); asked only for permissionable fields of crud objects. */
  canReadField(object: string, field: string): boolean;
  /** Tests: counters this query adds to (rows tested against WHERE, rows indexed). */
  stats?: ExecutionStats;
  /** Tests: false answers every WHERE by a full scan, the reference the indexes are checked against. */
  useIndexes?: boolean;
}

export interface SoqlResult {
  totalSize: number;
  records: Record<string, unknown>[];
  entityTypeName: string;
}
