// Bare jsforce against the emulator: what a user's own script would send. The benchmark's
// transfer, table dump and per-app script go through these few helpers, so each counts rows the
// same way and none holds a whole answer.

import { Connection } from '@jsforce/jsforce-node';

import { soqlLiteral } from '../src/collect/catalog.js';
import { encodeQuery } from '../src/collect/live/requests.js';

export const API_VERSION = '62.0';
/** Rows per REST query page (Salesforce's and the emulator's default and maximum). */
export const PAGE_ROWS = 2_000;
/** Names per readMetadata call. */
export const READ_METADATA_BATCH = 10;
/** Path and query string per request: below Salesforce's 16,384 bytes for URI and headers together. */
const MAX_URI_BYTES = 14_000;

export type Row = Record<string, unknown>;

export function connect(instanceUrl: string, accessToken: string): Connection {
  return new Connection({ instanceUrl, accessToken, version: API_VERSION });
}

/**
 * Every row of one SOQL query, page by page (jsforce follows nextRecordsUrl); `onRow` sees each row
 * as it arrives and nothing is kept. The row count.
 */
export function eachRow(
  conn: Connection,
  soql: string,
  tooling: boolean,
  onRow: (row: Row) => void = () => undefined,
): Promise<number> {
  const api = tooling ? conn.tooling : conn;
  return new Promise((resolve, reject) => {
    let n = 0;
    api
      .query(soql)
      .on('record', (row: Row) => {
        n++;
        onRow(row);
      })
      .on('end', () => {
        resolve(n);
      })
      .on('error', reject)
      .run({ autoFetch: true, maxFetch: Number.MAX_SAFE_INTEGER });
  });
}

/** `SOQL ... IN (values)` cut into in-order batches whose URI stays under the limit (greedy). */
export function inBatches(
  values: readonly string[],
  render: (list: string) => string,
  tooling = false,
): string[] {
  const base = uriBytes(render(''), tooling);
  const out: string[] = [];
  let batch: string[] = [];
  let bytes = base;
  for (const value of values) {
    const literal = soqlLiteral(value);
    const cost = encodeQuery(`${literal}, `).length;
    if (batch.length > 0 && bytes + cost > MAX_URI_BYTES) {
      out.push(render(batch.join(', ')));
      batch = [];
      bytes = base;
    }
    batch.push(literal);
    bytes += cost;
  }
  if (batch.length > 0) out.push(render(batch.join(', ')));
  return out;
}

function uriBytes(soql: string, tooling: boolean): number {
  return `/services/data/v${API_VERSION}${tooling ? '/tooling' : ''}/query?q=${encodeQuery(soql)}`
    .length;
}

/** Rows of `render(list)` over every batch of `values`; none when `values` is empty. */
export async function eachRowIn(
  conn: Connection,
  values: readonly string[],
  render: (list: string) => string,
  onRow?: (row: Row) => void,
  tooling = false,
): Promise<number> {
  let n = 0;
  for (const soql of inBatches(values, render, tooling))
    n += await eachRow(conn, soql, tooling, onRow);
  return n;
}

/** Column lists that keep `SELECT <columns>, <rest>` short enough to leave room for an IN list. */
export function columnChunks(fields: readonly string[], maxBytes = 6_000): string[][] {
  const out: string[][] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const field of fields) {
    if (chunk.length > 0 && bytes + field.length + 4 > maxBytes) {
      out.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(field);
    bytes += field.length + 4;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

/** readMetadata of `names`, 10 per call; each record (a missing name reads as an empty record). */
export async function readMetadata(
  conn: Connection,
  type: string,
  names: readonly string[],
): Promise<Row[]> {
  const out: Row[] = [];
  for (let i = 0; i < names.length; i += READ_METADATA_BATCH) {
    const read = (await conn.metadata.read(
      type as never,
      names.slice(i, i + READ_METADATA_BATCH),
    )) as unknown;
    for (const record of Array.isArray(read) ? read : [read]) out.push(record as Row);
  }
  return out;
}

/** listMetadata of up to three types in one call. */
export async function listMetadata(
  conn: Connection,
  types: readonly string[],
): Promise<{ type: string; fullName: string; id?: string }[]> {
  const listed = (await conn.metadata.list(
    types.map((type) => ({ type })),
    API_VERSION,
  )) as unknown;
  return (Array.isArray(listed) ? listed : listed === undefined ? [] : [listed]) as {
    type: string;
    fullName: string;
    id?: string;
  }[];
}

/** GET of a REST path under /services/data/vXX.X (`''` for the version's resources). */
export function getRest(conn: Connection, path: string): Promise<unknown> {
  return conn.request(`/services/data/v${API_VERSION}${path}`);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** First 15 characters: SOQL compares Ids that way, so 15- and 18-character forms are one key. */
export function idKey(id: string): string {
  return id.slice(0, 15);
}
