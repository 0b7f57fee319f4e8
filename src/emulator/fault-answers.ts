// What a matched fault rule answers (docs/emulator.md, "Fault injection"). Rules are validated in
// faults.ts, so each answer here is one unambiguous shape. Streamed answers (drips, huge bodies) are
// generated on demand and end when the client goes away or the emulator closes.

import type { Context } from 'hono';

import type { EndlessTemplate, FaultRule, MatchedFault } from './faults.js';
import type { EmulatorState } from './state.js';

/** server.ts destroys the socket of an answer carrying this header; app.request() callers see a 599. */
export const DROP_HEADER = 'x-emulator-drop';

/** Statuses whose answers cannot carry a body. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const JSON_TYPE = 'application/json;charset=UTF-8';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyContext = Context<any, any, any>;

/** The query string as rules match it: `+` as space, percent-decoded (kept raw when malformed). */
export function decodedQuery(search: string): string {
  const spaced = search.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * Applies the matched rule (or none) around the real handler `next`. An endless-page locator the
 * emulator issued is answered here as the real answer, so other rules still apply on top of it.
 */
export async function applyFault(
  c: AnyContext,
  state: EmulatorState,
  fault: MatchedFault | undefined,
  path: string,
  next: () => Promise<void>,
): Promise<void> {
  const endless = state.faults.endlessFor(path);
  const real =
    endless === undefined
      ? next
      : (): Promise<void> => {
          c.res = jsonResponse(endlessPage(state, endless), 200);
          return Promise.resolve();
        };
  if (fault === undefined) return real();
  const { rule, index } = fault;
  const signal = AbortSignal.any([requestSignal(c), state.faults.closing]);

  if (rule.latencyMs !== undefined && !(await wait(rule.latencyMs, signal))) {
    c.res = dropped();
    return;
  }
  if (rule.expireSessions === true) state.sessions.expireAll();
  if (rule.drop === true) {
    c.res = dropped();
    return;
  }
  if (rule.stall === true) {
    await wait(undefined, signal);
    c.res = dropped();
    return;
  }
  if (rule.hugeBodyBytes !== undefined) {
    c.res = answer(junk(rule.hugeBodyBytes, signal), rule.status ?? 200, {
      'Content-Type': JSON_TYPE,
    });
    return;
  }

  if (rule.status !== undefined) {
    c.res = injectedAnswer(rule, rule.status);
  } else {
    await real();
    if (rule.endlessPages === true) {
      const template = state.faults.startEndless(await endlessTemplate(c.res, path, index));
      c.res = jsonResponse(endlessPage(state, template), 200);
    } else if (rule.body !== undefined || rule.jsonBody !== undefined) {
      // The real status and Content-Type, another body (e.g. a SOAP 200 with an unknown shape).
      const type =
        rule.jsonBody !== undefined ? JSON_TYPE : (c.res.headers.get('Content-Type') ?? '');
      c.res = answer(bodyOf(rule), c.res.status, { 'Content-Type': type });
    }
  }
  c.res.headers.delete('Content-Length');

  if (rule.truncate === true) {
    const bytes = new Uint8Array(await c.res.arrayBuffer());
    c.res = answer(bytes.subarray(0, Math.floor(bytes.length / 2)), c.res.status, c.res.headers);
    c.res.headers.delete('Content-Length');
  }
  if (rule.dripMs !== undefined) {
    const bytes = new Uint8Array(await c.res.arrayBuffer());
    c.res = answer(drip(bytes, rule.dripMs, signal), c.res.status, c.res.headers);
  }
}

/** A `status` rule's answer: a redirect, the given body, or a Salesforce error body. */
function injectedAnswer(rule: FaultRule, status: number): Response {
  if (rule.location !== undefined) {
    const headers: Record<string, string> = { Location: rule.location };
    if (rule.jsonBody !== undefined) headers['Content-Type'] = JSON_TYPE;
    return answer(bodyOf(rule), status, headers);
  }
  if (rule.body !== undefined) return answer(rule.body, status, {});
  if (rule.jsonBody !== undefined) return jsonResponse(rule.jsonBody, status);
  return jsonResponse(
    [
      {
        message: rule.message ?? 'Injected fault',
        errorCode: rule.errorCode ?? 'UNKNOWN_EXCEPTION',
      },
    ],
    status,
  );
}

function bodyOf(rule: FaultRule): string | null {
  if (rule.jsonBody !== undefined) return JSON.stringify(rule.jsonBody);
  return rule.body ?? null;
}

function jsonResponse(value: unknown, status: number): Response {
  return answer(JSON.stringify(value), status, { 'Content-Type': JSON_TYPE });
}

type Body = ConstructorParameters<typeof Response>[0];
type HeaderList = NonNullable<NonNullable<ConstructorParameters<typeof Response>[1]>['headers']>;

function answer(body: Body, status: number, headers: HeaderList): Response {
  return new Response(NULL_BODY_STATUSES.has(status) ? null : body, { status, headers });
}

function dropped(): Response {
  return new Response(null, { status: 599, headers: { [DROP_HEADER]: '1' } });
}

/** Aborted when the client goes away (served by server.ts); never for app.request() callers. */
function requestSignal(c: AnyContext): AbortSignal {
  return c.req.raw.signal;
}

/** Resolves true after `ms`, or false as soon as the signal aborts; no `ms` waits for the abort. */
function wait(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer =
      ms === undefined
        ? undefined
        : setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve(true);
          }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The answer, one byte every `ms` milliseconds. */
function drip(bytes: Uint8Array, ms: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const cancelled = new AbortController();
  const stop = AbortSignal.any([signal, cancelled.signal]);
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent >= bytes.length) {
          controller.close();
          return;
        }
        if (!(await wait(ms, stop))) {
          // Closing: server.ts tears the socket down, which cancels this stream. An error here
          // would only be printed by the HTTP adapter.
          await wait(undefined, cancelled.signal);
          return;
        }
        controller.enqueue(bytes.slice(sent, sent + 1));
        sent += 1;
      },
      cancel() {
        cancelled.abort();
      },
    },
    { highWaterMark: 0 },
  );
}

const JUNK_ROW = '{"attributes":{"type":"Account"},"Id":"001000000000001AAA","Name":"junk"},';
const JUNK_CHUNK = Buffer.from(JUNK_ROW.repeat(Math.ceil(65_536 / JUNK_ROW.length)));
const JUNK_HEAD = Buffer.concat([
  Buffer.from('{"totalSize":1,"done":true,"records":['),
  JUNK_CHUNK,
]).subarray(0, JUNK_CHUNK.length);

/** `bytes` of JSON-looking rows, generated as the client reads (back-pressure), never held whole. */
function junk(bytes: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const cancelled = new AbortController();
  let left = bytes;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (signal.aborted) {
          // Closing: wait for the socket teardown to cancel the stream (as in drip).
          await wait(undefined, cancelled.signal);
          return;
        }
        const chunk = left === bytes ? JUNK_HEAD : JUNK_CHUNK;
        const size = Math.min(left, chunk.length);
        controller.enqueue(chunk.subarray(0, size));
        left -= size;
        if (left === 0) controller.close();
      },
      cancel() {
        cancelled.abort();
      },
    },
    { highWaterMark: 0 },
  );
}

const QUERY_PATH = /^(\/services\/data\/v[\d.]+(?:\/tooling)?\/query)(?:All)?(?:\/|$)/;
const VERSION_PATH = /^\/services\/data\/v[\d.]+/;

/** The first page an `endlessPages` rule replays: the real query page, or an empty one. */
async function endlessTemplate(
  res: Response,
  path: string,
  rule: number,
): Promise<EndlessTemplate> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const isPage =
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Array.isArray((body as { records?: unknown }).records);
  const basePath =
    QUERY_PATH.exec(path)?.[1] ?? `${VERSION_PATH.exec(path)?.[0] ?? '/services/data/v62.0'}/query`;
  return {
    rule,
    body: isPage ? (body as Record<string, unknown>) : { totalSize: 0, done: false, records: [] },
    basePath,
  };
}

/** One endless page: the template with `done: false` and a locator never issued before. */
function endlessPage(state: EmulatorState, template: EndlessTemplate): Record<string, unknown> {
  const { records, ...rest } = template.body;
  const pageSize = Array.isArray(records) && records.length > 0 ? records.length : 2000;
  return {
    ...rest,
    done: false,
    nextRecordsUrl: state.faults.nextLocator(template, pageSize),
    records,
  };
}
