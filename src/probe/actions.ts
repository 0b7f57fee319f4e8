// The probe's input, checked before anything is sent: follow-on actions are reads only and bounded,
// and the consumer secret never travels in clear text to a host other than this machine.

import type { FieldAction, ObjectAction } from '../model/permissions.js';
import { FIELD_ACTIONS, OBJECT_ACTIONS } from '../model/permissions.js';
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

/**
 * The manifest integration's actions: `needs.objects` described and each declared action proven,
 * `needs.fields` checked in the describe (read and edit), `probe:` queried.
 */
export function probeActionsOf(integration: {
  needs?: {
    objects?: Readonly<Record<string, readonly ObjectAction[]>>;
    fields?: Readonly<Record<string, readonly FieldAction[]>>;
  };
  probe?: readonly { soql: string }[];
}): ProbeActions {
  const objects = integration.needs?.objects ?? {};
  const fields = integration.needs?.fields ?? {};
  return {
    describe: Object.keys(objects),
    fields: Object.keys(fields),
    soql: (integration.probe ?? []).map((p) => p.soql),
    needs: { objects: { ...objects }, fields: { ...fields } },
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

/** The object actions a describe proves beyond read (its `createable`, `updateable`, `deletable`). */
export const PROVABLE_OBJECT_ACTIONS = ['create', 'edit', 'delete'] as const;
export type ProvableObjectAction = (typeof PROVABLE_OBJECT_ACTIONS)[number];

export interface CheckedInput {
  loginOrigin: string;
  describe: string[];
  fields: string[];
  soql: string[];
  /** Declared create/edit/delete per object, by the object's name as declared. */
  objectWrites: Map<string, ProvableObjectAction[]>;
  /** Declared `Object.Field` edits. */
  fieldEdits: string[];
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
  const needs = checkNeeds(input.actions.needs);
  return {
    loginOrigin: login.origin,
    describe: unique([
      ...describe,
      ...needs.objectWrites.keys(),
      ...[...fields, ...needs.fieldEdits].map((f) => f.slice(0, f.indexOf('.'))),
    ]),
    fields: unique([...fields, ...needs.fieldEdits]),
    soql: soql.map(readOnlyQuery),
    ...needs,
  };
}

/** The declared needs, checked like the rest: API names and known actions only. */
function checkNeeds(
  needs: ProbeActions['needs'],
): Pick<CheckedInput, 'objectWrites' | 'fieldEdits'> {
  const objectWrites = new Map<string, ProvableObjectAction[]>();
  const objects = Object.entries(needs?.objects ?? {});
  const fields = Object.entries(needs?.fields ?? {});
  if (objects.length > PROBE_LIMITS.describe)
    throw new ProbeInputError(`more than ${PROBE_LIMITS.describe} objects to describe`);
  if (fields.length > PROBE_LIMITS.fields)
    throw new ProbeInputError(`more than ${PROBE_LIMITS.fields} fields to check`);
  for (const [object, actions] of objects) {
    if (!OBJECT.test(object)) throw new ProbeInputError(`not an object API name: ${object}`);
    for (const action of actions)
      if (!(OBJECT_ACTIONS as readonly string[]).includes(action))
        throw new ProbeInputError(`not an object action: ${object}: ${action}`);
    const writes = PROVABLE_OBJECT_ACTIONS.filter((a) => actions.includes(a));
    if (writes.length > 0) objectWrites.set(object, writes);
  }
  const fieldEdits: string[] = [];
  for (const [field, actions] of fields) {
    if (!FIELD.test(field)) throw new ProbeInputError(`not an Object.Field name: ${field}`);
    for (const action of actions)
      if (!(FIELD_ACTIONS as readonly string[]).includes(action))
        throw new ProbeInputError(`not a field action: ${field}: ${action}`);
    if (actions.includes('edit')) fieldEdits.push(field);
  }
  return { objectWrites, fieldEdits: unique(fieldEdits) };
}
