// Fault injection (`--faults FILE`, docs/emulator.md): per-route status codes, Salesforce error
// bodies, latency, dropped connections, truncated bodies, expired sessions, redirects, odd headers and
// hostile answers (stalls, drips, huge bodies, endless query pages, malformed JSON), so collectors and
// probes can be tested against what real orgs and hostile servers send. Rules are validated (and
// their regular expressions compiled) before the emulator listens.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

import { z } from 'zod';

/** Redirect statuses a `location` may go with. */
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;

/** Largest fault file read: rules are a few lines each. */
export const MAX_FAULT_FILE_BYTES = 1024 * 1024;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header value characters Node sends; CR, LF and other controls would break the answer. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The rule's fields, unrefined (a generator can walk `.shape`); FaultRuleSchema adds the checks. */
export const FaultRuleFieldsSchema = z
  .object({
    /** HTTP method to match; any when absent. */
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, 'expected an HTTP method such as GET')
      .optional(),
    /** Regular expression matched against the path (double slashes collapsed), e.g. `/query$`. */
    path: z.string(),
    /** Regular expression matched against the decoded query string (e.g. the SOQL), case-insensitive. */
    query: z.string().optional(),
    /** Answer with this status: a Salesforce error body unless `body`, `jsonBody` or a redirect. */
    status: z.number().int().min(200).max(599).optional(),
    errorCode: z.string().optional(),
    message: z.string().optional(),
    /** Raw body: with `status` sent as text/plain; without it, replaces the real answer's body. */
    body: z.string().optional(),
    /** This JSON value as the body, with `status` or the real answer's status. */
    jsonBody: z.json().optional(),
    /** Headers set on the answer (after the emulator's own, so `Date` and `Content-Length` win). */
    headers: z
      .record(
        z.string().regex(HEADER_NAME, 'invalid header name'),
        z.string().regex(HEADER_VALUE, 'invalid header value (control characters)'),
      )
      .optional(),
    /** Redirect target (absolute or relative URL); needs a 301/302/303/307/308 `status`. */
    location: z.string().optional(),
    /** Delay before answering, in milliseconds. */
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    /** Close the connection without an answer. */
    drop: z.boolean().optional(),
    /** Never answer; the connection ends when the client gives up or the emulator closes. */
    stall: z.boolean().optional(),
    /** Send the answer one byte every N milliseconds. */
    dripMs: z.number().int().min(1).max(60_000).optional(),
    /** Stream N bytes of JSON-looking junk (never held in memory), with `status` or 200. */
    hugeBodyBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    /** A query answers `done: false` with a fresh, unique `nextRecordsUrl`, served forever. */
    endlessPages: z.boolean().optional(),
    /** Send only the first half of the answer's body (bytes). */
    truncate: z.boolean().optional(),
    /** End every session before answering (the caller then gets INVALID_SESSION_ID). */
    expireSessions: z.boolean().optional(),
    /** Skip the first N matching requests. */
    after: z.number().int().min(0).optional(),
    /** Apply to at most N matching requests. */
    times: z.number().int().min(1).optional(),
  })
  .strict();

type FaultRuleShape = z.infer<typeof FaultRuleFieldsSchema>;

/** A fault rule: fields, valid regular expressions, and only combinations that make one answer. */
export const FaultRuleSchema = FaultRuleFieldsSchema.superRefine((rule, ctx) => {
  const bad = (field: string, message: string): void => {
    ctx.addIssue({ code: 'custom', path: [field], message });
  };
  regexIssue(rule.path, '', (m) => {
    bad('path', m);
  });
  if (rule.query !== undefined)
    regexIssue(rule.query, 'i', (m) => {
      bad('query', m);
    });

  const set = (field: keyof FaultRuleShape): boolean => {
    const value = rule[field];
    return value !== undefined && value !== false;
  };
  const exclusive = (field: keyof FaultRuleShape, others: (keyof FaultRuleShape)[]): void => {
    if (!set(field)) return;
    for (const other of others) if (set(other)) bad(other, `cannot be combined with ${field}`);
  };
  // A rule that gives no answer takes no answer-shaping field.
  const shaping: (keyof FaultRuleShape)[] = [
    'status',
    'errorCode',
    'message',
    'body',
    'jsonBody',
    'headers',
    'location',
    'dripMs',
    'hugeBodyBytes',
    'endlessPages',
    'truncate',
  ];
  exclusive('drop', ['stall', ...shaping]);
  exclusive('stall', shaping);
  exclusive('body', ['jsonBody']);
  exclusive('hugeBodyBytes', [
    'body',
    'jsonBody',
    'location',
    'errorCode',
    'message',
    'truncate',
    'dripMs',
    'endlessPages',
  ]);
  exclusive('endlessPages', [
    'status',
    'body',
    'jsonBody',
    'location',
    'errorCode',
    'message',
    'truncate',
  ]);
  if (rule.location !== undefined) {
    if (!(REDIRECT_STATUSES as readonly number[]).includes(rule.status ?? 0))
      bad('location', `needs a redirect status (${REDIRECT_STATUSES.join(', ')})`);
    if (!URL.canParse(rule.location, 'http://127.0.0.1/'))
      bad('location', 'expected an absolute or relative URL');
    if (Object.keys(rule.headers ?? {}).some((name) => name.toLowerCase() === 'location'))
      bad('headers', 'Location is set by location');
    exclusive('location', ['errorCode', 'message']);
  }
  for (const field of ['errorCode', 'message'] as const) {
    if (set(field) && rule.status === undefined)
      bad(field, 'needs a status (the error body is sent with it)');
    if (set(field) && (set('body') || set('jsonBody')))
      bad(field, 'cannot be combined with body or jsonBody');
  }
});

export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultFileSchema = z.object({ faults: z.array(FaultRuleSchema) }).strict();

function regexIssue(source: string, flags: string, report: (message: string) => void): void {
  try {
    new RegExp(source, flags);
  } catch (error) {
    report(`invalid regular expression: ${(error as Error).message}`);
  }
}

/** `faults[2].path: invalid regular expression: ...`, one line per problem. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => {
      const where = issue.path
        .map((key, i) =>
          typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`,
        )
        .join('');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((key) => `${where === '' ? '' : `${where}.`}${key}: unknown field`)
          .join('\n');
      }
      // A record key's own message ("invalid header name") says more than "Invalid key in record".
      const message =
        issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return `${where === '' ? '(top level)' : where}: ${message}`;
    })
    .join('\n');
}

/** Validates rules given in code (tests, the library): the same checks as a fault file. */
export function parseFaultRules(rules: unknown, source = 'faults'): FaultRule[] {
  const parsed = FaultFileSchema.safeParse({ faults: rules });
  if (!parsed.success)
    throw new Error(`${source}: invalid fault rules\n${describeIssues(parsed.error)}`);
  return parsed.data.faults;
}

/**
 * Reads and validates a fault file. Only a regular file up to MAX_FAULT_FILE_BYTES is read: it is
 * opened non-blocking, so a FIFO is refused instead of waiting for a writer.
 */
export async function loadFaultFile(file: string): Promise<FaultRule[]> {
  let text: string;
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error('not a regular file');
      if (stat.size > MAX_FAULT_FILE_BYTES)
        throw new Error(`larger than ${MAX_FAULT_FILE_BYTES} bytes`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`${file}: cannot read the fault file (${reason})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: invalid JSON (${(error as Error).message})`);
  }
  const parsed = FaultFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${file}: invalid fault file\n${describeIssues(parsed.error)}`);
  return parsed.data.faults;
}

export interface MatchedFault {
  rule: FaultRule;
  /** The rule's position in the file (endless-page locators name it). */
  index: number;
}

interface CompiledRule {
  rule: FaultRule;
  method: string | undefined;
  path: RegExp;
  query: RegExp | undefined;
}

/** The first page of an endless query, replayed with a fresh locator on every page. */
export interface EndlessTemplate {
  /** Index of the `endlessPages` rule (locators carry it). */
  rule: number;
  body: Record<string, unknown>;
  /** `/services/data/v62.0/query` or `.../tooling/query`. */
  basePath: string;
}

const ENDLESS_LOCATOR =
  /^\/services\/data\/v[\d.]+(?:\/tooling)?\/query(?:All)?\/01gENDLESS(\d+)N\d+-\d+$/;

/** Matches requests against the rules, counting matches for `after` and `times`. */
export class FaultInjector {
  readonly #rules: CompiledRule[];
  readonly #seen: number[];
  readonly #closing = new AbortController();
  readonly #endless = new Map<number, EndlessTemplate>();
  #locators = 0;

  constructor(rules: readonly FaultRule[]) {
    this.#rules = parseFaultRules(rules).map((rule) => ({
      rule,
      method: rule.method?.toUpperCase(),
      path: new RegExp(rule.path),
      query: rule.query === undefined ? undefined : new RegExp(rule.query, 'i'),
    }));
    this.#seen = this.#rules.map(() => 0);
  }

  match(method: string, path: string, query: string): MatchedFault | undefined {
    for (const [index, compiled] of this.#rules.entries()) {
      if (compiled.method !== undefined && compiled.method !== method.toUpperCase()) continue;
      if (!compiled.path.test(path)) continue;
      if (compiled.query !== undefined && !compiled.query.test(query)) continue;
      const seen = (this.#seen[index] ?? 0) + 1;
      this.#seen[index] = seen;
      const { rule } = compiled;
      if (rule.after !== undefined && seen <= rule.after) continue;
      if (rule.times !== undefined && seen > (rule.after ?? 0) + rule.times) continue;
      return { rule, index };
    }
    return undefined;
  }

  /** How many requests each rule has matched (counting the ones `after` skipped). */
  get matched(): readonly number[] {
    return [...this.#seen];
  }

  /** Aborted when the emulator closes: stalls, latencies and drips end then. */
  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  close(): void {
    this.#closing.abort();
  }

  /** Records the first page an `endlessPages` rule answered; its locators replay it. */
  startEndless(template: EndlessTemplate): EndlessTemplate {
    const known = this.#endless.get(template.rule);
    if (known !== undefined) return known;
    this.#endless.set(template.rule, template);
    return template;
  }

  /** The template behind an endless locator path, or undefined for any other path. */
  endlessFor(path: string): EndlessTemplate | undefined {
    const index = ENDLESS_LOCATOR.exec(path)?.[1];
    return index === undefined ? undefined : this.#endless.get(Number(index));
  }

  /** A fresh locator path, unique for the life of the emulator. */
  nextLocator(template: EndlessTemplate, pageSize: number): string {
    this.#locators += 1;
    const n = this.#locators;
    return `${template.basePath}/01gENDLESS${template.rule}N${n}-${n * pageSize}`;
  }
}
