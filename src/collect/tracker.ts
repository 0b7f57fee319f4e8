// Every request goes through one tracker (after ScubaGear's CommandTracker): it counts
// the requests (each page of a query is one), catches and classifies failures, records them per
// facet with the permission the catalog names, and answers undefined instead of throwing. Only the
// auditor's own authentication failing stops the run (CollectError AUTH_FAILED, exit 3).

import { FACETS } from '../model/snapshot.js';
import type { CollectionFacet, Facet, FailedRequestEntry, Ledger } from '../model/snapshot.js';
import { redactSessionIds, redactValues } from '../util/redact.js';
import { catalogEntry, NOT_LIVE_FACETS } from './catalog.js';
import type { CatalogId } from './catalog.js';
import { CollectError } from './errors.js';
import { collectProgress } from './progress.js';

/** Handed to a tracked function: call `sent()` once per HTTP request, before sending it. */
export interface RequestContext {
  sent(): void;
  /** Rows of a query page as they arrive (shown as progress on a terminal). */
  received?(rows: number): void;
}

/** An error the collector raises itself for an answer it cannot use (truncated, wrong shape). */
export class ResponseError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = errorCode;
  }
}

export interface ClassifiedError {
  /** Salesforce's code without the SOAP namespace (`sf:INSUFFICIENT_ACCESS` → `INSUFFICIENT_ACCESS`). */
  errorCode: string;
  message: string;
  /** The auditor's own session or credentials were refused: nothing else will work. */
  auth: boolean;
}

/** Codes that mean the auditor's token or credentials are not accepted. */
const AUTH_CODES: ReadonlySet<string> = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
  'invalid_grant',
  'invalid_client',
  'invalid_client_id',
  'invalid_app_access',
  'unsupported_grant_type',
]);

const MAX_MESSAGE = 500;

/** Error class names that say nothing about the cause. */
const GENERIC_NAMES: ReadonlySet<string> = new Set([
  'Error',
  'TypeError',
  'FetchError',
  'SyntaxError',
  'RangeError',
  'AbortError',
]);

/** The Salesforce code and a redacted one-line message of any error jsforce, fetch or we raise. */
export function classifyError(error: unknown, secrets: readonly string[] = []): ClassifiedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    errorCode?: unknown;
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: { code?: unknown };
  };
  const rawMessage = typeof e.message === 'string' ? e.message : String(error);
  let code: string | undefined;
  for (const candidate of [e.errorCode, e.name, e.code, e.cause?.code]) {
    if (
      typeof candidate === 'string' &&
      /^[A-Za-z][\w:.-]{0,79}$/.test(candidate) &&
      !GENERIC_NAMES.has(candidate)
    ) {
      code = candidate;
      break;
    }
  }
  const errorCode = (code ?? 'UNKNOWN_ERROR').replace(/^[A-Za-z]+:(?=[A-Z_]+$)/, '');
  const message = redactSessionIds(redactValues(rawMessage, secrets)).replace(/\s+/g, ' ').trim();
  return {
    errorCode,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    auth: AUTH_CODES.has(errorCode),
  };
}

/**
 * The error a request refused by `--max-requests` raises before it is sent: its facet fails like
 * any other failed request, so the rules needing it are not-evaluated.
 */
export function budgetReached(maxRequests: number): ResponseError {
  return new ResponseError(
    'MAX_REQUESTS_REACHED',
    `--max-requests ${maxRequests} reached: this request was not sent`,
  );
}

/** Whether `error` is a request `--max-requests` did not send (budgetReached). */
export function isBudgetReached(error: unknown): boolean {
  return error instanceof ResponseError && error.errorCode === 'MAX_REQUESTS_REACHED';
}

export interface TrackerOptions {
  /** `--max-requests`: the request that would be the N+1th is not sent. */
  maxRequests?: number;
  /** Requests sent outside `sent()` that count against the budget too (the transport's retries). */
  alreadySent?: () => number;
}

export interface RunOptions {
  /**
   * Another catalog request the collector falls back on, and the facets that fallback cannot
   * provide. The failure is recorded with `recoveredBy`; the request's own facet stays ok (the
   * fallback supplies it), and every facet in `lacks` fails with this failure as its cause, so the
   * rules needing those facts are not-evaluated, never passed on data that was never read.
   */
  fallback?: { request: CatalogId; lacks: readonly Facet[] };
}

interface FacetState {
  requests: number;
  failure?: FailedRequestEntry;
}

export class RequestTracker {
  readonly #secrets: () => readonly string[];
  readonly #facets = new Map<CollectionFacet, FacetState>();
  readonly #failed: FailedRequestEntry[] = [];
  readonly #options: TrackerOptions;
  #apiRequests = 0;

  /** `secrets` is read at each failure: a re-minted token is redacted too. */
  constructor(secrets: () => readonly string[] = () => [], options: TrackerOptions = {}) {
    this.#secrets = secrets;
    this.#options = options;
  }

  get apiRequests(): number {
    return this.#apiRequests;
  }

  get failedRequests(): readonly FailedRequestEntry[] {
    return this.#failed;
  }

  /** Runs one catalog request (possibly several pages or chunks); undefined when it failed. */
  async run<T>(
    id: CatalogId,
    fn: (ctx: RequestContext) => Promise<T>,
    options: RunOptions = {},
  ): Promise<T | undefined> {
    const entry = catalogEntry(id);
    const state = this.#state(entry.facet);
    const progress = collectProgress();
    const ctx: RequestContext = {
      sent: () => {
        const max = this.#options.maxRequests;
        if (max !== undefined && this.#apiRequests + (this.#options.alreadySent?.() ?? 0) >= max)
          throw budgetReached(max);
        this.#apiRequests += 1;
        state.requests += 1;
        progress?.request(id);
      },
      received: (rows) => progress?.rows(rows),
    };
    try {
      return await fn(ctx);
    } catch (error) {
      if (error instanceof CollectError) throw error;
      const classified = classifyError(error, this.#secrets());
      if (classified.auth) {
        throw new CollectError(
          'AUTH_FAILED',
          `The org refused the auditor's own session on ${id} (${classified.errorCode}: ${classified.message})`,
          {
            hints: [
              'Log in again (sf org login ...), or check the auditor app credentials and its run-as user.',
            ],
          },
        );
      }
      const failure: FailedRequestEntry = {
        request: id,
        facet: entry.facet,
        errorCode: classified.errorCode,
        message: classified.message,
        permission: entry.permission,
        ...(options.fallback === undefined ? {} : { recoveredBy: options.fallback.request }),
      };
      this.#failed.push(failure);
      if (options.fallback === undefined) state.failure ??= failure;
      else for (const facet of options.fallback.lacks) this.blocked(facet, failure);
      return undefined;
    }
  }

  /** Marks a facet failed because a request it depends on failed (its own requests were not sent). */
  blocked(facet: CollectionFacet, cause: FailedRequestEntry): void {
    this.#state(facet).failure ??= cause;
  }

  /** The first failure of a facet, if any. */
  failureOf(facet: CollectionFacet): FailedRequestEntry | undefined {
    return this.#facets.get(facet)?.failure;
  }

  /** One entry per facet: `ok` with its request count, the first failure, or `unsupported` for facets no live request feeds. */
  ledger(): Ledger {
    const ledger: Ledger = {};
    for (const facet of FACETS) {
      const reason = NOT_LIVE_FACETS[facet];
      if (reason !== undefined) {
        ledger[facet] = { status: 'unsupported', reason };
        continue;
      }
      const state = this.#facets.get(facet);
      const failure = state?.failure;
      ledger[facet] =
        failure === undefined
          ? { status: 'ok', requests: state?.requests ?? 0 }
          : {
              status: 'failed',
              request: failure.request,
              errorCode: failure.errorCode,
              message: failure.message,
              ...(failure.permission === undefined ? {} : { permission: failure.permission }),
            };
    }
    return ledger;
  }

  #state(facet: CollectionFacet): FacetState {
    let state = this.#facets.get(facet);
    if (state === undefined) {
      state = { requests: 0 };
      this.#facets.set(facet, state);
    }
    return state;
  }
}
