// The probe's HTTP plumbing: one request at a time through the shared transport policy
// (src/transport/http.ts: never follow a redirect — a token request body carries the consumer
// secret —, timeouts, a size cap), network failures as data, and Salesforce's two error shapes
// turned into ProbeErrors.

import { HttpFailure, Transport } from '../transport/http.js';
import type { ProbeError } from './types.js';

/** Answers larger than this are refused: a describe of a large object stays well below it. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface Answer {
  status: number;
  text: string;
}

export interface HttpOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes?: number;
}

/**
 * Sends one request, never retried (the probe shows what the org answered first); a redirect comes
 * back as its 3xx answer, unfollowed. A network failure, a timeout or an oversized answer comes
 * back as a ProbeError.
 */
export async function send(
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  options: HttpOptions,
): Promise<Answer | ProbeError> {
  const transport = new Transport({
    fetch: options.fetch as typeof fetch,
    limits: {
      idleTimeoutMs: options.timeoutMs,
      requestTimeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBytes ?? MAX_ANSWER_BYTES,
      retries: 0,
    },
  });
  try {
    const answer = await transport.send({
      method: init.method,
      url,
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: init.body }),
      idempotent: false,
      redirectAsAnswer: true,
    });
    return { status: answer.status, text: answer.text };
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error;
    return probeErrorOf(error, options.timeoutMs);
  }
}

function probeErrorOf(error: HttpFailure, timeoutMs: number): ProbeError {
  switch (error.code) {
    case 'RESPONSE_TOO_LARGE':
      return { kind: 'rest', status: 0, code: 'RESPONSE_TOO_LARGE', message: error.message };
    case 'IDLE_TIMEOUT':
    case 'REQUEST_TIMEOUT':
    case 'DEADLINE_EXCEEDED':
      return {
        kind: 'network',
        status: 0,
        code: 'TIMEOUT',
        message: `no answer within ${timeoutMs} ms`,
      };
    default:
      return {
        kind: 'network',
        status: 0,
        code: error.systemCode ?? 'NETWORK_ERROR',
        message: error.message,
      };
  }
}

export function isProbeError(value: Answer | ProbeError): value is ProbeError {
  return 'kind' in value;
}

/** JSON, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The token endpoint's `{error, error_description}`; like jsforce, `ERROR_HTTP_<status>` when not JSON. */
export function oauthError(answer: Answer): ProbeError {
  const body = parseJson(answer.text);
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const code = str(record.error);
    if (code !== undefined)
      return {
        kind: 'oauth',
        status: answer.status,
        code,
        message: str(record.error_description) ?? '',
      };
  }
  return {
    kind: 'oauth',
    status: answer.status,
    code: `ERROR_HTTP_${answer.status}`,
    message: shorten(answer.text),
  };
}

/**
 * A REST error `[{message, errorCode}]`; identity endpoints answer plain text (`Bad_OAuth_Token`);
 * anything else is `ERROR_HTTP_<status>` as jsforce names it.
 */
export function restError(answer: Answer): ProbeError {
  const body = parseJson(answer.text);
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (first !== null && typeof first === 'object') {
    const record = first as Record<string, unknown>;
    const code = str(record.errorCode) ?? str(record.error);
    if (code !== undefined)
      return {
        kind: 'rest',
        status: answer.status,
        code,
        message: str(record.message) ?? str(record.error_description) ?? '',
      };
  }
  const plain = answer.text.trim();
  if (/^[A-Za-z][A-Za-z_]{2,63}$/.test(plain))
    return { kind: 'rest', status: answer.status, code: plain, message: plain };
  return {
    kind: 'rest',
    status: answer.status,
    code: `ERROR_HTTP_${answer.status}`,
    message: shorten(answer.text),
  };
}

export function malformed(kind: 'oauth' | 'rest', status: number, message: string): ProbeError {
  return { kind, status, code: 'MALFORMED_RESPONSE', message };
}
