// The wire half of live collection: SOQL with paging, IN lists chunked to keep URIs short, Metadata
// API list/read in batches of 10, describe, and the plain GET whose Date header is the org's clock.
// Every HTTP request is counted through the tracker's RequestContext; nothing here decides anything.

import type { Connection } from '@jsforce/jsforce-node';

import { catalogEntry, renderSoql } from '../catalog.js';
import type { CatalogEntry, CatalogId, SoqlParams } from '../catalog.js';
import { isRecord, text } from '../normalize/values.js';
import type { Raw } from '../normalize/values.js';
import { ResponseError } from '../tracker.js';
import type { RequestContext } from '../tracker.js';

type MetadataTypeName = Parameters<Connection['metadata']['read']>[0];

/** Names per readMetadata call (10, except CustomMetadata and CustomApplication) [DOC meta_readMetadata]. */
export const READ_METADATA_LIMIT = 10;
/** ListMetadataQuery entries per listMetadata call [DOC meta_listmetadata]. */
export const LIST_METADATA_LIMIT = 3;
/** Salesforce refuses URIs over 16,384 bytes; stay well below (path and query string, without the host). */
export const DEFAULT_MAX_URI_BYTES = 8_192;
/** A query that pages this often is not an answer we can trust to end. */
const MAX_PAGES = 2_000;
const DEFAULT_TIMEOUT_MS = 120_000;

export interface LiveIoOptions {
  maxUriBytes?: number;
  requestTimeoutMs?: number;
  /** Re-mints the auditor's token (headless auditor app) when the plain GET answers 401. */
  reauthenticate?: () => Promise<void>;
}

interface QueryPage {
  records: Raw[];
  done: boolean;
  nextRecordsUrl?: string;
}

function asPage(body: unknown): QueryPage {
  if (!isRecord(body) || !Array.isArray(body.records)) {
    throw new ResponseError('MALFORMED_RESPONSE', 'the query answer has no records array');
  }
  const next = text(body.nextRecordsUrl);
  return {
    records: body.records.filter(isRecord),
    done: body.done !== false,
    ...(next === undefined ? {} : { nextRecordsUrl: next }),
  };
}

export class LiveIo {
  readonly maxUriBytes: number;
  readonly #timeoutMs: number;
  readonly #reauthenticate: (() => Promise<void>) | undefined;

  constructor(
    readonly conn: Connection,
    options: LiveIoOptions = {},
  ) {
    this.maxUriBytes = options.maxUriBytes ?? DEFAULT_MAX_URI_BYTES;
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#reauthenticate = options.reauthenticate;
  }

  get version(): string {
    return this.conn.version;
  }

  /** `/services/data/vXX.X` (data API) or its `/tooling` child. */
  basePath(tooling: boolean): string {
    return `/services/data/v${this.version}${tooling ? '/tooling' : ''}`;
  }

  /** The path and query string of a SOQL query, as sent (the part Salesforce's URI limit counts). */
  queryUri(soql: string, tooling: boolean): string {
    return `${this.basePath(tooling)}/query?q=${encodeURIComponent(soql)}`;
  }

  /** Every row of one SOQL query, following nextRecordsUrl; each page is one request. */
  async query(soql: string, tooling: boolean, ctx: RequestContext): Promise<Raw[]> {
    const rows: Raw[] = [];
    let page = asPage(await this.#get(this.queryUri(soql, tooling), ctx));
    rows.push(...page.records);
    const seen = new Set<string>();
    while (!page.done && page.nextRecordsUrl !== undefined) {
      const next = page.nextRecordsUrl;
      // Follow only this org's query locators, never a URL the answer makes up.
      if (
        !/^\/services\/data\/v\d+\.\d+\/(?:tooling\/)?query(?:All)?\/[\w-]+$/.test(next) ||
        seen.has(next)
      ) {
        throw new ResponseError(
          'MALFORMED_RESPONSE',
          'the query answer gave an unusable nextRecordsUrl',
        );
      }
      if (seen.size >= MAX_PAGES)
        throw new ResponseError('TOO_MANY_PAGES', `the query did not end after ${MAX_PAGES} pages`);
      seen.add(next);
      page = asPage(await this.#get(next, ctx));
      rows.push(...page.records);
    }
    return rows;
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
  ): Promise<Raw[]> {
    const { soql, tooling } = queryEntry(catalogEntry(id));
    const render = (chunk: readonly string[]): string =>
      renderSoql(soql, { ...params, lists: { ...params.lists, [chunked]: chunk } });
    const rows: Raw[] = [];
    for (const chunk of chunkBy(
      values,
      (c) => Buffer.byteLength(this.queryUri(render(c), tooling)),
      this.maxUriBytes,
    )) {
      rows.push(...(await this.query(render(chunk), tooling, ctx)));
    }
    return rows;
  }

  /** A catalog query without IN lists to split. */
  async queryEntry(id: CatalogId, params: SoqlParams, ctx: RequestContext): Promise<Raw[]> {
    const { soql, tooling } = queryEntry(catalogEntry(id));
    return this.query(renderSoql(soql, params), tooling, ctx);
  }

  /** GET of a REST path (describe); the parsed JSON body. */
  async getJson(path: string, ctx: RequestContext): Promise<unknown> {
    return this.#get(path.replace('{version}', this.version), ctx);
  }

  /** listMetadata with at most 3 queries; the FileProperties as records. */
  async listMetadata(types: readonly string[], ctx: RequestContext): Promise<Raw[]> {
    if (types.length > LIST_METADATA_LIMIT)
      throw new Error(`listMetadata takes at most ${LIST_METADATA_LIMIT} queries`);
    ctx.sent();
    const result: unknown = await this.#timed(
      this.conn.metadata.list(
        types.map((type) => ({ type })),
        this.version,
      ),
    );
    return (Array.isArray(result) ? result : [result]).filter(isRecord);
  }

  /** readMetadata in batches of 10 names; records in request order (a not-found name reads without fullName). */
  async readMetadata(type: string, names: readonly string[], ctx: RequestContext): Promise<Raw[]> {
    const records: Raw[] = [];
    for (let i = 0; i < names.length; i += READ_METADATA_LIMIT) {
      const batch = names.slice(i, i + READ_METADATA_LIMIT);
      ctx.sent();
      // jsforce types `type` as its 2022 schema's names; newer types (the ECA family) pass through as strings.
      const result: unknown = await this.#timed(
        this.conn.metadata.read(type as MetadataTypeName, [...batch]),
      );
      for (const record of Array.isArray(result) ? result : [result])
        records.push(isRecord(record) ? record : {});
    }
    return records;
  }

  /**
   * The org's clock: a plain GET of `/services/data/vXX.X` (the resources of the API version) with
   * the Bearer token, for its Date header. The body is not read.
   */
  async orgDate(ctx: RequestContext): Promise<string | undefined> {
    const url = `${this.conn.instanceUrl}${this.basePath(false)}`;
    let response = await this.#fetch(url, ctx);
    if (response.status === 401 && this.#reauthenticate !== undefined) {
      await response.body?.cancel();
      await this.#reauthenticate();
      response = await this.#fetch(url, ctx);
    }
    if (!response.ok) throw await httpError(response);
    await response.body?.cancel();
    const date = response.headers.get('date');
    if (date === null || Number.isNaN(Date.parse(date))) return undefined;
    return new Date(Date.parse(date)).toISOString();
  }

  async #fetch(url: string, ctx: RequestContext): Promise<Response> {
    ctx.sent();
    return fetch(url, {
      headers: {
        Authorization: `Bearer ${this.conn.accessToken ?? ''}`,
        Accept: 'application/json',
      },
      redirect: 'error',
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
  }

  async #get(path: string, ctx: RequestContext): Promise<unknown> {
    ctx.sent();
    const body: unknown = await this.#timed(this.conn.request(path));
    // A truncated or non-JSON body reaches us as text: that is a failed request, not data.
    if (typeof body === 'string')
      throw new ResponseError('MALFORMED_RESPONSE', 'the answer is not JSON');
    return body;
  }

  async #timed<T>(promise: PromiseLike<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new ResponseError('REQUEST_TIMEOUT', `no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function queryEntry(entry: CatalogEntry): { soql: string; tooling: boolean } {
  if (entry.request.kind !== 'query') throw new Error(`${entry.id} is not a query`);
  return { soql: entry.request.soql, tooling: entry.api === 'tooling' };
}

/** Greedy chunks whose measured size stays under `max`; a single value too large goes alone. */
export function chunkBy<T>(
  values: readonly T[],
  size: (chunk: readonly T[]) => number,
  max: number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const value of values) {
    const candidate = [...current, value];
    if (current.length > 0 && size(candidate) > max) {
      chunks.push(current);
      current = [value];
    } else current = candidate;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** A failed plain fetch as the error jsforce would raise: Salesforce's code, else ERROR_HTTP_<status>. */
async function httpError(response: Response): Promise<Error> {
  const body = (await response.text().catch(() => '')).slice(0, 4_096);
  let code = `ERROR_HTTP_${response.status}`;
  let message = `HTTP ${response.status}`;
  try {
    const parsed: unknown = JSON.parse(body);
    const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
    if (isRecord(first)) {
      code = text(first.errorCode) ?? code;
      message = text(first.message) ?? message;
    }
  } catch {
    // not JSON: keep the status code
  }
  return new ResponseError(code, message);
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
      else await io.getJson(request.path, ctx);
      return;
    case 'listMetadata':
      await io.listMetadata(request.types, ctx);
      return;
    case 'readMetadata':
      await io.readMetadata(request.type, request.sample, ctx);
      return;
  }
}
