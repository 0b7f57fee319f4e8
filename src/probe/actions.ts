// The probe's input, checked before anything is sent: follow-on actions are reads only and bounded,
// and the consumer secret never travels in clear text to a host other than this machine.

import type { ProbeActions, ProbeInput } from './types.js';

/** Bounds on what one probe may do. */
export const PROBE_LIMITS = {
  describe: 50,
  fields: 200,
  soql: 20,
  soqlLength: 4000,
  clientId: 256,
  clientSecret: 512,
} as const;

export class ProbeInputError extends Error {
  override readonly name = 'ProbeInputError';
  readonly code = 'PROBE_INPUT_INVALID';
  /** Usage or configuration error (docs/architecture.md 5). */
  readonly exitCode = 2;
}

const OBJECT = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,79}\.[A-Za-z][A-Za-z0-9_]{0,79}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The manifest integration's actions: `needs.objects` described, `needs.fields` checked, `probe:` queried. */
export function probeActionsOf(integration: {
  needs?: {
    objects?: Readonly<Record<string, unknown>>;
    fields?: Readonly<Record<string, unknown>>;
  };
  probe?: readonly { soql: string }[];
}): ProbeActions {
  return {
    describe: Object.keys(integration.needs?.objects ?? {}),
    fields: Object.keys(integration.needs?.fields ?? {}),
    soql: (integration.probe ?? []).map((p) => p.soql),
  };
}

/**
 * The query as the probe runs it: a single SELECT, with LIMIT 1. Clauses that change data are
 * refused: FOR UPDATE locks rows, FOR VIEW and FOR REFERENCE update LastViewedDate and
 * LastReferencedDate.
 */
export function readOnlyQuery(soql: string): string {
  const query = soql.trim().replace(/;\s*$/, '');
  if (query.length > PROBE_LIMITS.soqlLength)
    throw new ProbeInputError(`probe query longer than ${PROBE_LIMITS.soqlLength} characters`);
  if (!/^select\s/i.test(query)) throw new ProbeInputError(`probe query is not a SELECT: ${query}`);
  if (/\bfor\s+(?:update|view|reference)\b/i.test(query))
    throw new ProbeInputError(
      `probe query would change data (FOR UPDATE/VIEW/REFERENCE): ${query}`,
    );
  if (/\blimit\s+\d+(?:\s+offset\s+\d+)?\s*$/i.test(query))
    return query.replace(/\blimit\s+\d+((?:\s+offset\s+\d+)?\s*)$/i, 'LIMIT 1$1');
  if (/\boffset\s+\d+\s*$/i.test(query))
    return query.replace(/\b(offset\s+\d+\s*)$/i, 'LIMIT 1 $1');
  return `${query} LIMIT 1`;
}

function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

/** An http(s) URL; plain http only to this machine (the emulator). */
export function checkedUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProbeInputError(`${what} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ProbeInputError(`${what} must be an https URL: ${value}`);
  if (url.protocol === 'http:' && !isLoopback(url))
    throw new ProbeInputError(
      `${what} must be an https URL (plain http only to this machine): ${url.origin}`,
    );
  if (url.username !== '' || url.password !== '')
    throw new ProbeInputError(`${what} must not carry credentials`);
  return url;
}

export interface CheckedInput {
  loginOrigin: string;
  describe: string[];
  fields: string[];
  soql: string[];
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Validates the input; throws ProbeInputError (never quoting the secret). */
export function checkInput(input: ProbeInput): CheckedInput {
  const login = checkedUrl(input.loginUrl, 'the login URL');
  if (input.clientId.trim() === '' || input.clientId.length > PROBE_LIMITS.clientId)
    throw new ProbeInputError('the client id is empty or too long');
  if (/[\s\p{Cc}]/u.test(input.clientId))
    throw new ProbeInputError('the client id contains spaces or control characters');
  if (input.clientSecret === '' || input.clientSecret.length > PROBE_LIMITS.clientSecret)
    throw new ProbeInputError('the client secret is empty or too long');
  if (!/^\d{2,3}\.\d$/.test(input.apiVersion))
    throw new ProbeInputError(`API version must look like 62.0: ${input.apiVersion}`);
  const { describe, fields, soql } = input.actions;
  if (describe.length > PROBE_LIMITS.describe)
    throw new ProbeInputError(`more than ${PROBE_LIMITS.describe} objects to describe`);
  if (fields.length > PROBE_LIMITS.fields)
    throw new ProbeInputError(`more than ${PROBE_LIMITS.fields} fields to check`);
  if (soql.length > PROBE_LIMITS.soql)
    throw new ProbeInputError(`more than ${PROBE_LIMITS.soql} probe queries`);
  for (const object of describe)
    if (!OBJECT.test(object)) throw new ProbeInputError(`not an object API name: ${object}`);
  for (const field of fields)
    if (!FIELD.test(field)) throw new ProbeInputError(`not an Object.Field name: ${field}`);
  return {
    loginOrigin: login.origin,
    describe: unique([...describe, ...fields.map((f) => f.slice(0, f.indexOf('.')))]),
    fields: unique(fields),
    soql: soql.map(readOnlyQuery),
  };
}
