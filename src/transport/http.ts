// The transport policy of every request runas-guard sends to an org, in one place (ADR 0007):
// - redirects are never followed: an answer in 3xx is a failed request (a token or a session
//   must never travel to a host the org's answer names);
// - each request has an idle timeout (no byte for this long) and a whole-request timeout, and every
//   request of a run shares one overall deadline (`--timeout`), so the process always ends;
// - idempotent reads are retried a bounded number of times, with exponential backoff and full
//   jitter, on connection failures and on 429/500/502/503/504; nothing else is retried;
// - an answer's body is read up to a size cap, never further.

/** Why a request failed before a usable answer arrived. */
export type HttpFailureCode =
  | 'REDIRECT_REFUSED'
  | 'REQUEST_TIMEOUT'
  | 'IDLE_TIMEOUT'
  | 'DEADLINE_EXCEEDED'
  | 'RESPONSE_TOO_LARGE'
  | 'CONNECTION_FAILED';

export class HttpFailure extends Error {
  constructor(
    readonly code: HttpFailureCode,
    message: string,
    /** The system error code of a connection failure (ECONNREFUSED, ECONNRESET, ENOTFOUND, ...). */
    readonly systemCode?: string,
  ) {
    super(message);
    this.name = code;
  }
}

export interface TransportLimits {
  /** No byte of the answer for this long ends the request. */
  idleTimeoutMs: number;
  /** One request, its answer read to the end, takes at most this long. */
  requestTimeoutMs: number;
  /** The largest answer body read. */
  maxBodyBytes: number;
  /** The most bytes read over all answers of a run (the heap holds what is read). */
  maxTotalBytes: number;
  /** Extra attempts of an idempotent request after a transient failure. */
  retries: number;
  /** The first backoff's upper bound; each retry doubles it (full jitter), capped at 8 s. */
  backoffMs: number;
}

/**
 * Documented in docs/adr/0007-transport-policy.md. A query page of 2,000 rows is a few MB, far
 * below the body cap; the run's budget admits a 1,000,000-row answer of up to ~500 bytes a row.
 */
export const DEFAULT_LIMITS: TransportLimits = {
  idleTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
  maxBodyBytes: 64 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  retries: 2,
  backoffMs: 500,
};

const MAX_BACKOFF_MS = 8_000;
const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export function isTransientStatus(answer: HttpAnswer): boolean {
  return RETRIED_STATUSES.has(answer.status);
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** A read that may be sent again (GET, SOAP reads); token requests are not retried. */
  idempotent: boolean;
  /** Which answers of an idempotent request are worth sending again (default: 429, 500, 502-504). */
  transient?: (answer: HttpAnswer) => boolean;
  /**
   * Return a 3xx as an answer (still never followed) instead of failing: the probe reports what
   * the org answered.
   */
  redirectAsAnswer?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** One deadline for a whole run: every request of the run ends when it passes. */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    if (Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.#controller.abort();
      }, timeoutMs);
      // The deadline never keeps the process alive by itself.
      this.#timer.unref();
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Ends the run now: pending requests are aborted. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

export interface TransportOptions {
  deadline?: Deadline;
  limits?: Partial<TransportLimits>;
  /** Randomness of the jitter (tests fix it). */
  random?: () => number;
  /** The fetch implementation (Node's). */
  fetch?: typeof fetch;
}

export class Transport {
  readonly limits: TransportLimits;
  readonly deadline: Deadline;
  readonly #random: () => number;
  readonly #fetch: typeof fetch;
  #retries = 0;
  #bytesRead = 0;
  #apiUsage: ApiUsage | undefined;

  constructor(options: TransportOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.deadline = options.deadline ?? new Deadline(Number.POSITIVE_INFINITY);
    this.#random = options.random ?? Math.random;
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * Whether one more request may go out (`--max-requests`): a retry the budget does not admit is
   * not sent, and the request ends with its last transient failure.
   */
  #mayRetry: () => boolean = () => true;

  /** Sets the budget check retries obey (collection's `--max-requests`). */
  limitRetries(mayRetry: () => boolean): void {
    this.#mayRetry = mayRetry;
  }

  /** How many times a request was sent again after a transient failure. */
  get retries(): number {
    return this.#retries;
  }

  /** The org's daily API usage from the last answer carrying `Sforce-Limit-Info` (no request of its own). */
  get apiUsage(): ApiUsage | undefined {
    return this.#apiUsage;
  }

  /**
   * Sends a request; resolves with any answer that is not a redirect (4xx and 5xx included, after
   * the retries an idempotent request is allowed), rejects with an HttpFailure otherwise.
   */
  async send(request: HttpRequest): Promise<HttpAnswer> {
    const attempts = request.idempotent ? this.limits.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      let outcome: HttpAnswer | HttpFailure;
      try {
        outcome = await this.#once(request);
      } catch (error) {
        if (!(error instanceof HttpFailure)) throw error;
        outcome = error;
      }
      if (attempt >= attempts || !this.#transient(request, outcome) || !this.#mayRetry()) {
        if (outcome instanceof HttpFailure) throw outcome;
        return outcome;
      }
      this.#retries += 1;
      await this.#backoff(attempt);
    }
  }

  #transient(request: HttpRequest, outcome: HttpAnswer | HttpFailure): boolean {
    if (outcome instanceof HttpFailure) return outcome.code === 'CONNECTION_FAILED';
    return (request.transient ?? isTransientStatus)(outcome);
  }

  async #backoff(attempt: number): Promise<void> {
    const bound = Math.min(MAX_BACKOFF_MS, this.limits.backoffMs * 2 ** (attempt - 1));
    const delay = Math.floor(this.#random() * bound);
    if (this.deadline.expired) throw this.#deadlineFailure();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      const signal = this.deadline.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
    if (this.deadline.expired) throw this.#deadlineFailure();
  }

  #deadlineFailure(): HttpFailure {
    return new HttpFailure(
      'DEADLINE_EXCEEDED',
      `the run's deadline of ${formatMs(this.deadline.timeoutMs)} passed (--timeout)`,
    );
  }

  async #once(request: HttpRequest): Promise<HttpAnswer> {
    if (this.deadline.expired) throw this.#deadlineFailure();
    const idle = new AbortController();
    const whole = AbortSignal.timeout(this.limits.requestTimeoutMs);
    const signal = AbortSignal.any([this.deadline.signal, idle.signal, whole]);
    let idleTimer = setTimeout(() => {
      idle.abort();
    }, this.limits.idleTimeoutMs);
    const touch = (): void => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        idle.abort();
      }, this.limits.idleTimeoutMs);
    };
    const why = (error: unknown): HttpFailure => {
      if (this.deadline.expired) return this.#deadlineFailure();
      if (idle.signal.aborted)
        return new HttpFailure(
          'IDLE_TIMEOUT',
          `no data for ${formatMs(this.limits.idleTimeoutMs)} from ${originOf(request.url)}`,
        );
      if (whole.aborted)
        return new HttpFailure(
          'REQUEST_TIMEOUT',
          `no complete answer within ${formatMs(this.limits.requestTimeoutMs)} from ${originOf(request.url)}`,
        );
      if (error instanceof HttpFailure) return error;
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const systemCode = typeof cause?.code === 'string' ? cause.code : undefined;
      const detail =
        systemCode ??
        (typeof cause?.message === 'string' ? cause.message : (error as Error).message);
      return new HttpFailure(
        'CONNECTION_FAILED',
        `the connection to ${originOf(request.url)} failed (${detail})`,
        systemCode,
      );
    };
    try {
      const response = await this.#fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal,
      });
      touch();
      if (response.status >= 300 && response.status < 400 && request.redirectAsAnswer !== true) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        throw new HttpFailure(
          'REDIRECT_REFUSED',
          `${originOf(request.url)} answered ${response.status} with a redirect${location === null ? '' : ` to ${originOf(location, request.url)}`}; redirects are never followed with credentials`,
        );
      }
      const budget = Math.max(0, this.limits.maxTotalBytes - this.#bytesRead);
      const cap =
        budget < this.limits.maxBodyBytes
          ? { bytes: budget, what: `the ${this.limits.maxTotalBytes} bytes a run reads in all` }
          : {
              bytes: this.limits.maxBodyBytes,
              what: `the ${this.limits.maxBodyBytes} bytes one answer may have`,
            };
      const usage = parseLimitInfo(response.headers.get('sforce-limit-info'));
      // Answers of concurrent requests may arrive out of order: the highest count is the latest.
      if (
        usage !== undefined &&
        (this.#apiUsage === undefined || usage.used >= this.#apiUsage.used)
      )
        this.#apiUsage = usage;
      const body = await readCapped(response, cap, touch);
      this.#bytesRead += body.byteLength;
      return { status: response.status, headers: response.headers, text: body.toString('utf8') };
    } catch (error) {
      throw why(error);
    } finally {
      clearTimeout(idleTimer);
    }
  }
}

/** The body, read chunk by chunk up to `cap.bytes`. */
async function readCapped(
  response: Response,
  cap: { bytes: number; what: string },
  onData: () => void,
): Promise<Buffer> {
  const maxBytes = cap.bytes;
  const tooLarge = (): HttpFailure =>
    new HttpFailure('RESPONSE_TOO_LARGE', `the answer is larger than ${cap.what}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || value === undefined) break;
    onData();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The origin of a URL for messages (never its path or query, which may hold a token). */
export function originOf(url: string, base?: string): string {
  try {
    return new URL(url, base).origin;
  } catch {
    return 'an unparseable URL';
  }
}

export function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** `--timeout` values: `90s`, `30m`, `1h`, `500ms`, or a number of seconds. */
export function parseDuration(value: string): number | undefined {
  const match = /^(\d{1,9})(ms|s|m|h)?$/.exec(value.trim());
  if (match === null) return undefined;
  const n = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  return ms > 0 ? ms : undefined;
}

/** The org's daily API requests: used so far and the allowance. */
export interface ApiUsage {
  used: number;
  max: number;
}

/** `api-usage=USED/MAX` of a `Sforce-Limit-Info` header (other fields, like `api-bursts`, ignored). */
export function parseLimitInfo(header: string | null): ApiUsage | undefined {
  const match =
    header === null
      ? null
      : /(?:^|[;,\s])api-usage=(\d{1,12})\/(\d{1,12})(?=$|[;,\s])/.exec(header);
  if (match === null) return undefined;
  return { used: Number(match[1]), max: Number(match[2]) };
}
