// The wire half of live collection: SOQL with paging (page by page), IN lists filled up to the URI limit, Metadata
// API list/read in batches of 10, describe, and the plain GET whose Date header is the org's clock.
// Every HTTP request goes through the Transport (its policy: src/transport/http.ts) and is counted
// through the tracker's RequestContext; every answer is checked against its shape (answers.ts).
// Nothing here decides what the data means.

import { HttpFailure, Transport } from '../../transport/http.js';
import type { HttpAnswer } from '../../transport/http.js';
import { catalogEntry, renderSoql, ROW_FIELDS, soqlTemplate } from '../catalog.js';
import type { CatalogEntry, CatalogId, SoqlParams } from '../catalog.js';
import { CollectError } from '../errors.js';
import { idKey, text } from '../normalize/values.js';
import type { Raw } from '../normalize/values.js';
import { ResponseError } from '../tracker.js';
import type { RequestContext } from '../tracker.js';
import {
  parseDescribe,
  parseJsonAnswer,
  parseListMetadata,
  parseQueryPage,
  parseReadMetadata,
  restError,
} from './answers.js';
import type { QueryPage } from './answers.js';
import type { OrgConnection } from './connect.js';

/** Names per readMetadata call (10, except CustomMetadata and CustomApplication) [DOC meta_readMetadata]. */
export const READ_METADATA_LIMIT = 10;
/** ListMetadataQuery entries per listMetadata call [DOC meta_listmetadata]. */
export const LIST_METADATA_LIMIT = 3;
/**
 * Salesforce caps the request URI and headers of one REST call at 16,384 bytes together (414 or 431
 * beyond; docs/performance.md). The path and query string may take all of it but what our headers
 * need: HEADER_RESERVE_BYTES is a guess that covers Authorization with a long token, Accept, Host
 * and the client's own headers. Switchable through `maxUriBytes` (a lower value if an org answers
 * 414 or 431, or QUERY_TOO_COMPLICATED for a long IN list).
 */
export const SALESFORCE_URI_AND_HEADERS_BYTES = 16_384;
export const HEADER_RESERVE_BYTES = 2_048;
export const DEFAULT_MAX_URI_BYTES = SALESFORCE_URI_AND_HEADERS_BYTES - HEADER_RESERVE_BYTES;
/**
 * Pages of one query: Salesforce pages REST answers by up to 2,000 rows, so 1,000 pages admit a
 * 2,000,000-row answer; a query that goes on longer is not an answer we can trust to end.
 */
export const DEFAULT_MAX_PAGES = 1_000;

export interface LiveIoOptions {
  transport?: Transport;
  maxUriBytes?: number;
  maxPages?: number;
}

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

/**
 * Describe answers per connection and path: an sObject's fields do not change within a run, so the
 * auditor's own-permission check after collection (src/audit/silent-partial.ts) reuses the
 * collection's describe instead of sending it again (`describe(path, ctx, { reuse: true })`).
 */
const DESCRIBES = new WeakMap<OrgConnection, Map<string, { fields: Raw[] }>>();

export class LiveIo {
  readonly maxUriBytes: number;
  readonly maxPages: number;
  readonly transport: Transport;
  /** The org's clock: the Date header of the first answer the org accepted. */
  #clock: string | undefined;

  constructor(
    readonly conn: OrgConnection,
    options: LiveIoOptions = {},
  ) {
    this.maxUriBytes = options.maxUriBytes ?? DEFAULT_MAX_URI_BYTES;
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.transport = options.transport ?? new Transport();
  }

  get version(): string {
    return this.conn.version;
  }

  /** The Date header of the first accepted answer, as ISO-8601 UTC; undefined before one came. */
  get clock(): string | undefined {
    return this.#clock;
  }

  /** `/services/data/vXX.X` (data API) or its `/tooling` child. */
  basePath(tooling: boolean): string {
    return `/services/data/v${this.version}${tooling ? '/tooling' : ''}`;
  }

  /**
   * The path and query string of a SOQL query, as sent (the part Salesforce's URI limit counts).
   * Encoded as the WHATWG URL serialiser would leave it (`'` is percent-encoded in a query), so the
   * length measured here is the length on the wire.
   */
  queryUri(soql: string, tooling: boolean): string {
    return `${this.basePath(tooling)}/query?q=${encodeQuery(soql)}`;
  }

  /**
   * Every row of one SOQL query, following nextRecordsUrl; each page is one request. Each row must
   * carry `rowFields` (a catalog query's ROW_FIELDS).
   */
  async query(
    soql: string,
    tooling: boolean,
    ctx: RequestContext,
    rowFields: readonly string[] = [],
  ): Promise<Raw[]> {
    const rows: Raw[] = [];
    await this.eachPage(soql, tooling, ctx, rowFields, (page) => {
      for (const row of page) rows.push(row);
    });
    return rows;
  }

  /**
   * One SOQL query, page by page: `onPage` gets each page's rows as they arrive (at most 2,000), so
   * a caller that keeps only a compact form of them never holds the whole answer. Returns the count.
   */
  async eachPage(
    soql: string,
    tooling: boolean,
    ctx: RequestContext,
    rowFields: readonly string[],
    onPage: (rows: readonly Raw[]) => void,
  ): Promise<number> {
    let count = 0;
    const take = (page: QueryPage): void => {
      checkRows(page.records, rowFields, count);
      count += page.records.length;
      ctx.received?.(page.records.length);
      onPage(page.records);
    };
    let page = parseQueryPage(await this.#getJson(this.queryUri(soql, tooling), ctx));
    take(page);
    const seen = new Set<string>();
    while (!page.done && page.nextRecordsUrl !== undefined) {
      const next = page.nextRecordsUrl;
      // Follow only this org's query locators, never a URL (or another origin) the answer makes up.
      if (
        !/^\/services\/data\/v\d+\.\d+\/(?:tooling\/)?query(?:All)?\/[\w-]+$/.test(next) ||
        seen.has(next)
      ) {
        throw new ResponseError(
          'MALFORMED_RESPONSE',
          'the query answer gave an unusable nextRecordsUrl (another origin, a made-up path or a loop)',
        );
      }
      if (seen.size + 1 >= this.maxPages)
        throw new ResponseError(
          'TOO_MANY_PAGES',
          `the query did not end after ${this.maxPages} pages (the most runas-guard follows)`,
        );
      seen.add(next);
      page = parseQueryPage(await this.#getJson(next, ctx));
      take(page);
    }
    return count;
  }

  /**
   * A catalog query with IN lists: the values of `chunked` are split so that each URI stays under
   * `maxUriBytes`, the other params repeat in each chunk. Rows of all chunks, in order.
   */
  async queryChunked(
    id: CatalogId,
    params: SoqlParams,
    chunked: string,
    values: readonly string[],
    ctx: RequestContext,
    variant: QueryVariant = 'window',
  ): Promise<Raw[]> {
    const rows: Raw[] = [];
    await this.eachChunkedPage(
      id,
      params,
      chunked,
      values,
      ctx,
      (page) => {
        for (const row of page) rows.push(row);
      },
      variant,
    );
    return rows;
  }

  /** queryChunked page by page (see eachPage); the row count. */
  async eachChunkedPage(
    id: CatalogId,
    params: SoqlParams,
    chunked: string,
    values: readonly string[],
    ctx: RequestContext,
    onPage: (rows: readonly Raw[]) => void,
    variant: QueryVariant = 'window',
  ): Promise<number> {
    const { soql, tooling } = queryEntry(catalogEntry(id), variant);
    const rowFields = ROW_FIELDS[id] ?? [];
    const render = (chunk: readonly string[]): string =>
      renderSoql(soql, { ...params, lists: { ...params.lists, [chunked]: chunk } });
    let count = 0;
    for (const chunk of this.idBatches(values, render, tooling))
      count += await this.eachPage(render(chunk), tooling, ctx, rowFields, onPage);
    return count;
  }

  /** `values` cut into the fewest in-order batches whose query URI fits `maxUriBytes`. */
  idBatches<T>(
    values: readonly T[],
    render: (chunk: readonly T[]) => string,
    tooling: boolean,
  ): T[][] {
    return chunkBy(
      values,
      (c) => Buffer.byteLength(this.queryUri(render(c), tooling)),
      this.maxUriBytes,
    );
  }

  /** A catalog query without IN lists to split. */
  async queryEntry(
    id: CatalogId,
    params: SoqlParams,
    ctx: RequestContext,
    variant: QueryVariant = 'window',
  ): Promise<Raw[]> {
    const { soql, tooling } = queryEntry(catalogEntry(id), variant);
    return this.query(renderSoql(soql, params), tooling, ctx, ROW_FIELDS[id]);
  }

  /** queryEntry page by page (see eachPage); the row count. */
  async eachEntryPage(
    id: CatalogId,
    params: SoqlParams,
    ctx: RequestContext,
    onPage: (rows: readonly Raw[]) => void,
    variant: QueryVariant = 'window',
  ): Promise<number> {
    const { soql, tooling } = queryEntry(catalogEntry(id), variant);
    return this.eachPage(renderSoql(soql, params), tooling, ctx, ROW_FIELDS[id] ?? [], onPage);
  }

  /**
   * An sObject describe (`/services/data/v{version}/sobjects/X/describe`), its fields checked. With
   * `reuse`, an answer this connection already had is returned without a request.
   */
  async describe(
    path: string,
    ctx: RequestContext,
    options: { reuse?: boolean } = {},
  ): Promise<{ fields: Raw[] }> {
    const full = path.replace('{version}', this.version);
    let cache = DESCRIBES.get(this.conn);
    const known = cache?.get(full);
    if (options.reuse === true && known !== undefined) return known;
    const answer = { fields: parseDescribe(await this.#getJson(full, ctx)) };
    if (cache === undefined)
      DESCRIBES.set(this.conn, (cache = new Map<string, { fields: Raw[] }>()));
    cache.set(full, answer);
    return answer;
  }

  /**
   * Rows of a container query with `{fields}` (every Permissions* column) over `ids`, merged by Id.
   * The columns are split over several queries only when they do not fit one URI: one with the
   * columns and one Id takes at most 60% of the URI budget, more Ids fill the rest; when all the
   * columns and every Id fit one URI, one query reads them.
   */
  async queryWithFields(
    id: 'rest.query.PermissionSet' | 'rest.query.MutingPermissionSet',
    ids: readonly string[],
    fields: readonly string[],
    ctx: RequestContext,
  ): Promise<Raw[]> {
    if (ids.length === 0) return [];
    if (fields.length === 0)
      throw new ResponseError('MALFORMED_RESPONSE', 'the describe listed no Permissions fields');
    const template = soqlTemplate(id);
    const size = (columns: readonly string[], list: readonly string[]): number =>
      Buffer.byteLength(
        this.queryUri(renderSoql(template, { fields: columns, lists: { ids: list } }), false),
      );
    const fieldChunks =
      size(fields, ids) <= this.maxUriBytes
        ? [[...fields]]
        : chunkBy(fields, (c) => size(c, ids.slice(0, 1)), this.maxUriBytes * 0.6);
    const merged = new Map<string, Raw>();
    for (const chunk of fieldChunks) {
      const part = await this.queryChunked(id, { fields: chunk }, 'ids', ids, ctx);
      for (const row of part) {
        const key = idKey(text(row.Id) ?? '');
        merged.set(key, { ...merged.get(key), ...row });
      }
    }
    return [...merged.values()];
  }

  /** listMetadata with at most 3 queries; the FileProperties. */
  async listMetadata(types: readonly string[], ctx: RequestContext): Promise<Raw[]> {
    if (types.length > LIST_METADATA_LIMIT)
      throw new Error(`listMetadata takes at most ${LIST_METADATA_LIMIT} queries`);
    const queries = types.map((t) => `<queries><type>${escapeXml(t)}</type></queries>`).join('');
    const xml = await this.#soap(
      'listMetadata',
      `${queries}<asOfVersion>${escapeXml(this.version)}</asOfVersion>`,
      ctx,
    );
    return parseListMetadata(xml);
  }

  /** readMetadata in batches of 10 names; records in request order (a not-found name reads as `{}`). */
  async readMetadata(type: string, names: readonly string[], ctx: RequestContext): Promise<Raw[]> {
    const records: Raw[] = [];
    for (let i = 0; i < names.length; i += READ_METADATA_LIMIT) {
      const batch = names.slice(i, i + READ_METADATA_LIMIT);
      const fullNames = batch.map((n) => `<fullNames>${escapeXml(n)}</fullNames>`).join('');
      const xml = await this.#soap(
        'readMetadata',
        `<type>${escapeXml(type)}</type>${fullNames}`,
        ctx,
      );
      for (const record of parseReadMetadata(xml, batch)) records.push(record);
    }
    return records;
  }

  /**
   * The org's clock: a plain GET of `/services/data/vXX.X` (the resources of the API version) with
   * the Bearer token, for its Date header.
   */
  async orgDate(ctx: RequestContext): Promise<string | undefined> {
    const answer = await this.#authorized(ctx, (token) => ({
      method: 'GET',
      url: `${this.conn.instanceUrl}${this.basePath(false)}`,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      idempotent: true,
    }));
    return dateOf(answer);
  }

  /** GET of a REST path (`{version}` filled in); the parsed JSON body. */
  async getJson(path: string, ctx: RequestContext): Promise<unknown> {
    return this.#getJson(path.replace('{version}', this.version), ctx);
  }

  async #getJson(path: string, ctx: RequestContext): Promise<unknown> {
    const answer = await this.#authorized(ctx, (token) => ({
      method: 'GET',
      url: `${this.conn.instanceUrl}${path}`,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      idempotent: true,
    }));
    return parseJsonAnswer(answer.text, 'the answer');
  }

  async #soap(operation: string, inner: string, ctx: RequestContext): Promise<string> {
    const answer = await this.#authorized(ctx, (token) => ({
      method: 'POST',
      url: `${this.conn.instanceUrl}/services/Soap/m/${this.version}`,
      headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>' +
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${METADATA_NS}">` +
        `<soapenv:Header><SessionHeader><sessionId>${escapeXml(token)}</sessionId></SessionHeader></soapenv:Header>` +
        `<soapenv:Body><${operation}>${inner}</${operation}></soapenv:Body></soapenv:Envelope>`,
      // listMetadata and readMetadata only read. An `sf:` fault is an answer, not a transient failure.
      idempotent: true,
      transient: (a) => [502, 503, 504].includes(a.status) || (a.status === 500 && !isSoap(a.text)),
    }));
    return answer.text;
  }

  /**
   * Sends a request with the current token; a refused session (401, or the SOAP fault
   * INVALID_SESSION_ID) is sent once more when the connection gets a new token, per its re-mint
   * policy. A 2xx answer (or a SOAP answer, faults included) comes back; anything else is a
   * ResponseError with Salesforce's code, or ERROR_HTTP_<status>.
   */
  async #authorized(
    ctx: RequestContext,
    build: (token: string) => Parameters<Transport['send']>[0],
  ): Promise<HttpAnswer> {
    for (;;) {
      const token = this.conn.accessToken;
      const request = build(token);
      ctx.sent();
      let answer: HttpAnswer;
      try {
        answer = await this.transport.send(request);
      } catch (error) {
        if (error instanceof HttpFailure) throw new ResponseError(error.code, error.message);
        throw error;
      }
      const soap = request.method === 'POST' && isSoap(answer.text);
      const refused =
        answer.status === 401 || (soap && /<faultcode>[^<]*INVALID_SESSION_ID</.test(answer.text));
      if (refused) {
        if (await this.conn.renew(token)) continue;
        throw sessionRefused(answer);
      }
      if (answer.status >= 200 && answer.status < 300) {
        this.conn.accepted();
        this.#clock ??= dateOf(answer);
        return answer;
      }
      if (soap) return answer;
      throw httpError(answer);
    }
  }
}

/** Every row carries each of `fields` as a non-empty value (a string, number or object). */
function checkRows(rows: readonly Raw[], fields: readonly string[], offset: number): void {
  rows.forEach((row, index) => {
    for (const field of fields) {
      const value = row[field];
      if (value === undefined || value === null || value === '')
        throw new ResponseError(
          'MALFORMED_RESPONSE',
          `row ${offset + index + 1} of the answer has no ${field}`,
        );
    }
  });
}

function isSoap(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:\w+:)?Envelope[\s>]/.test(text);
}

function dateOf(answer: HttpAnswer): string | undefined {
  const date = answer.headers.get('date');
  if (date === null) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A non-2xx answer as Salesforce's code, else ERROR_HTTP_<status> with the start of the body. */
function httpError(answer: HttpAnswer): ResponseError {
  const error = restError(answer.text);
  if (error !== undefined) return new ResponseError(error.errorCode, error.message);
  const flat = answer.text
    .slice(0, 2_000)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return new ResponseError(
    `ERROR_HTTP_${answer.status}`,
    `HTTP ${answer.status}${flat === '' ? '' : `: ${flat.slice(0, 200)}`}`,
  );
}

/** The auditor's own session refused for good: the run stops (exit 3). */
function sessionRefused(answer: HttpAnswer): CollectError {
  const error = restError(answer.text);
  const code = error?.errorCode ?? 'INVALID_SESSION_ID';
  return new CollectError(
    'AUTH_FAILED',
    `The org refused the auditor's own session (${code}${error?.message ? `: ${error.message}` : ''})`,
    {
      hints: [
        'Log in again (sf org login ...), or check the auditor app credentials and its run-as user.',
      ],
    },
  );
}

/** A query's SOQL as catalogued (`window`), or its read after a high-water mark (`incremental`). */
export type QueryVariant = 'window' | 'incremental';

function queryEntry(
  entry: CatalogEntry,
  variant: QueryVariant = 'window',
): { soql: string; tooling: boolean } {
  const { request } = entry;
  if (request.kind !== 'query') throw new Error(`${entry.id} is not a query`);
  const soql = variant === 'window' ? request.soql : request.incremental;
  if (soql === undefined) throw new Error(`${entry.id} has no incremental read`);
  return { soql, tooling: entry.api === 'tooling' };
}

/**
 * Greedy chunks whose measured size stays under `max`; a single value too large goes alone. `size`
 * must grow with the chunk (a longer IN list renders longer). Each chunk is found by doubling and
 * then bisecting its length, so a chunk of k values costs about 2·log2(k) measurements, not k
 * (50,000 Ids would otherwise render one growing query per Id). Greedy is the fewest chunks: no
 * chunk could take a value more and still fit.
 */
export function chunkBy<T>(
  values: readonly T[],
  size: (chunk: readonly T[]) => number,
  max: number,
): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  const fits = (n: number): boolean => size(values.slice(start, start + n)) <= max;
  while (start < values.length) {
    const left = values.length - start;
    // The largest n in [1, left] with fits(n); 1 when even one value does not fit.
    let good = 1;
    let bad = left + 1;
    if (fits(1)) {
      let probe = 2;
      while (probe <= left && fits(probe)) {
        good = probe;
        probe *= 2;
      }
      bad = Math.min(probe, left + 1);
      while (bad - good > 1) {
        const mid = Math.floor((good + bad) / 2);
        if (fits(mid)) good = mid;
        else bad = mid;
      }
    }
    chunks.push(values.slice(start, start + good));
    start += good;
  }
  return chunks;
}

/**
 * encodeURIComponent with `'` percent-encoded, as the WHATWG URL serialiser (fetch) sends it in a
 * query: what is measured is what is sent, byte for byte.
 */
export function encodeQuery(value: string): string {
  return encodeURIComponent(value).replace(/'/g, '%27');
}

/** Runs a catalog entry's sample request (the catalog test; `doctor` can use it to check access). */
export async function runSampleRequest(
  io: LiveIo,
  entry: CatalogEntry,
  ctx: RequestContext,
): Promise<void> {
  const request = entry.request;
  switch (request.kind) {
    case 'query':
      await io.query(renderSoql(request.soql, request.sample), entry.api === 'tooling', ctx);
      return;
    case 'get':
      if (entry.api === 'http') await io.orgDate(ctx);
      else await io.describe(request.path, ctx);
      return;
    case 'listMetadata':
      await io.listMetadata(request.types, ctx);
      return;
    case 'readMetadata':
      await io.readMetadata(request.type, request.sample, ctx);
      return;
  }
}
