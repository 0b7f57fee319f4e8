// The one place `doctor` touches the live transport (LiveSource, Transport, LiveIo,
// runSampleRequest): when the transport changes, only this file adapts. Everything doctor sends is
// a catalog request, the identity read, or a token request; all are reads.

import type { CatalogEntry, CatalogId, SoqlParams } from '../collect/catalog.js';
import { CollectError } from '../collect/errors.js';
import { collectProgress } from '../collect/progress.js';
import type { LiveSession, LiveSource } from '../collect/live/connect.js';
import { LiveIo, runSampleRequest } from '../collect/live/requests.js';
import type { Raw } from '../collect/normalize/values.js';
import {
  budgetReached,
  classifyError,
  type ClassifiedError,
  type RequestContext,
} from '../collect/tracker.js';
import { Deadline, formatMs, Transport, type TransportLimits } from '../transport/http.js';

/** What doctor asks of the org. Failures are thrown; `classify` turns them into Salesforce's code. */
export interface DoctorWire {
  instanceUrl: string;
  /** Requests sent so far (each page and each Metadata call is one). */
  readonly requests: number;
  /** The org's clock (the Date header of its first accepted answer), once it answered. */
  clock(): string | undefined;
  /** `/services/oauth2/userinfo`: who the token belongs to. */
  userinfo(): Promise<unknown>;
  /** `/services/data/vXX.X`: its `identity` URL names the user when userinfo is refused. */
  versionResources(): Promise<unknown>;
  /** A catalog query, the list `chunked` split to keep URIs short. */
  query(
    id: CatalogId,
    params: SoqlParams,
    chunked: string,
    values: readonly string[],
  ): Promise<Raw[]>;
  /** A REST GET of a catalog path (`/services/data/v{version}/sobjects/X/describe`). */
  getJson(path: string): Promise<unknown>;
  /** A describe; one this connection already read (the audit's collection) is reused, not sent. */
  describe(path: string): Promise<{ fields: Raw[] }>;
  /** A container query with every Permissions* column, columns split only when one URI cannot hold them. */
  queryWithFields(
    id: 'rest.query.PermissionSet' | 'rest.query.MutingPermissionSet',
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<Raw[]>;
  /** The catalog entry's harmless sample request. */
  trySample(entry: CatalogEntry): Promise<void>;
  /**
   * Salesforce's code and a redacted one-line message of a failure; the overall deadline passed is
   * CollectError UNREACHABLE (exit 3), not one more refused request.
   */
  classify(error: unknown): ClassifiedError;
  /** Ends the deadline's timer. */
  close(): void;
}

export interface WireOptions {
  /** The overall deadline of the token request and every read, in ms (`--timeout`). */
  timeoutMs: number;
  /** Transport limits (idle timeout, retries); tests shorten them. */
  limits?: Partial<TransportLimits>;
  /** `--max-requests`: at most this many requests (retries included); the rest are not sent. */
  maxRequests?: number;
}

/** Connects the live source (token request for the auditor app) and wraps its connection. */
export async function connectWire(source: LiveSource, options: WireOptions): Promise<DoctorWire> {
  const deadline = new Deadline(options.timeoutMs);
  const transport = new Transport({
    deadline,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const expired = (): CollectError =>
    new CollectError(
      'UNREACHABLE',
      `runas-guard doctor did not finish within --timeout ${formatMs(options.timeoutMs)}`,
      { hints: ['Check the network path to the org, or give a longer --timeout.'] },
    );
  let session;
  try {
    session = await source.connect(transport);
  } catch (error) {
    deadline.dispose();
    throw deadline.expired ? expired() : error;
  }
  const max = options.maxRequests;
  const retriesBefore = transport.retries;
  const wire = sessionWire(session, transport, {
    classify: (error, classify) => {
      if (deadline.expired) throw expired();
      return classify(error);
    },
    close: () => {
      deadline.dispose();
    },
    ...(max === undefined ? {} : { budget: { max, left: max } }),
  });
  // A retry is a request too: one the budget does not admit is not sent.
  if (max !== undefined)
    transport.limitRetries(() => wire.requests + transport.retries - retriesBefore < max);
  return wire;
}

/**
 * A wire over a session that is already connected (the audit's own, to read the auditor's
 * permissions); `hooks` adapt how failures are classified and what closing does.
 */
export function sessionWire(
  session: LiveSession,
  transport: Transport,
  hooks: {
    classify?: (error: unknown, classify: (e: unknown) => ClassifiedError) => ClassifiedError;
    close?: () => void;
    /** `--max-requests` (`max`) and the requests this wire may still send under it (`left`). */
    budget?: { max: number; left: number };
  } = {},
): DoctorWire {
  const { conn } = session;
  const io = new LiveIo(conn, { transport });
  let requests = 0;
  // Retries this wire's requests cause count against its budget (not those sent before it).
  const retriesBefore = transport.retries;
  const progress = collectProgress();
  // Each call names its requests for the progress line: a catalog id, never a path or a value.
  const ctx = (name: string): RequestContext => ({
    sent: () => {
      if (
        hooks.budget !== undefined &&
        requests + transport.retries - retriesBefore >= hooks.budget.left
      )
        throw budgetReached(hooks.budget.max);
      requests += 1;
      progress?.request(name);
    },
    received: (rows) => progress?.rows(rows),
  });
  const secrets = (): string[] => [...session.secrets(), conn.accessToken];
  const classify = (error: unknown): ClassifiedError => classifyError(error, secrets());
  return {
    instanceUrl: conn.instanceUrl,
    get requests() {
      return requests;
    },
    clock: () => io.clock,
    userinfo: () => io.getJson('/services/oauth2/userinfo', ctx('http.userinfo')),
    versionResources: () => io.getJson('/services/data/v{version}', ctx('http.versionResources')),
    query: (id, params, chunked, values) => io.queryChunked(id, params, chunked, values, ctx(id)),
    getJson: (path) => io.getJson(path, ctx(describeName(path))),
    describe: (path) => io.describe(path, ctx(describeName(path)), { reuse: true }),
    queryWithFields: (id, ids, fields) => io.queryWithFields(id, ids, fields, ctx(id)),
    trySample: (entry) => runSampleRequest(io, entry, ctx(entry.id)),
    classify: (error) =>
      hooks.classify === undefined ? classify(error) : hooks.classify(error, classify),
    close: () => hooks.close?.(),
  };
}

/** `/services/data/v{version}/sobjects/X/describe` → `rest.describe.X` (the catalog's name). */
function describeName(path: string): string {
  const object = /\/sobjects\/(\w+)\/describe$/.exec(path)?.[1];
  return object === undefined ? 'rest.get' : `rest.describe.${object}`;
}
