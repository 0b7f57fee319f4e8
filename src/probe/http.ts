// The probe's HTTP plumbing on plain fetch: one request at a time, a timeout, no redirects (a token
// request body carries the consumer secret), answers read up to a size cap, and Salesforce's two
// error shapes turned into ProbeErrors.

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

/** Sends one request; a network failure, a timeout or an oversized answer comes back as a ProbeError. */
export async function send(
  url: string,
  init: RequestInit,
  options: HttpOptions,
): Promise<Answer | ProbeError> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return networkError(error, options.timeoutMs);
  }
  try {
    const text = await readCapped(response, options.maxBytes ?? MAX_ANSWER_BYTES);
    if (text === undefined)
      return {
        kind: 'rest',
        status: response.status,
        code: 'RESPONSE_TOO_LARGE',
        message: `the answer exceeds ${options.maxBytes ?? MAX_ANSWER_BYTES} bytes`,
      };
    return { status: response.status, text };
  } catch (error) {
    // The connection broke while the answer was arriving.
    return networkError(error, options.timeoutMs);
  }
}

export function isProbeError(value: Answer | ProbeError): value is ProbeError {
  return 'kind' in value;
}

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || value === undefined) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function networkError(error: unknown, timeoutMs: number): ProbeError {
  const err = error instanceof Error ? error : new Error(String(error));
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return {
      kind: 'network',
      status: 0,
      code: 'TIMEOUT',
      message: `no answer within ${timeoutMs} ms`,
    };
  // undici wraps the system error: `fetch failed` with cause { code: 'ECONNREFUSED', message }.
  const cause = err.cause instanceof Error ? (err.cause as Error & { code?: unknown }) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : 'NETWORK_ERROR';
  return { kind: 'network', status: 0, code, message: cause?.message ?? err.message };
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
