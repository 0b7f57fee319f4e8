// The live probe (docs/adr/0006-probe.md): the integration's own client-credentials token request, then
// the identity of the run-as user, then each follow-on action read-only, every step timed. Only the
// token request is a POST; everything else is a GET. The token and the secret stay in this function:
// the result is redacted before it is returned.

import { stringify } from 'node:querystring';

import type { Clock } from '../util/clock.js';
import { redactSessionIds, redactValues } from '../util/redact.js';
import { type CheckedInput, checkedUrl, checkInput, ProbeInputError } from './actions.js';
import { diagnose } from './diagnose.js';
import { insideLoginHours, type StepNeed } from './evidence.js';
import type { AuditFacts } from './facts.js';
import {
  type Answer,
  type FetchLike,
  isProbeError,
  malformed,
  oauthError,
  parseJson,
  restError,
  send,
} from './http.js';
import type {
  ProbeError,
  ProbeInput,
  ProbeOutcome,
  ProbeResult,
  ProbeStep,
  ProbeStepKind,
} from './types.js';

export interface ProbeOptions {
  clock: Clock;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** What the audit knows about the app and its run-as user: ranks the causes of a failure. */
  facts?: AuditFacts;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

/** After these, every later call would fail the same way: the probe stops. */
const FATAL_CODES = new Set([
  'INVALID_SESSION_ID',
  'API_CURRENTLY_DISABLED',
  'API_DISABLED_FOR_ORG',
  'REQUEST_LIMIT_EXCEEDED',
  'INVALID_AUTH_HEADER',
]);

interface Token {
  accessToken: string;
  instanceUrl: URL;
  idUrl: URL;
  scopes: string[];
  issuedAt: string;
}

class StepRunner {
  readonly steps: ProbeStep[] = [];
  /** Start time of each step, for the diagnosis. */
  readonly startedAt = new Map<ProbeStep, string>();
  /** The declared need a step proves, for the diagnosis. */
  readonly needs = new Map<ProbeStep, StepNeed>();

  constructor(private readonly clock: Clock) {}

  async run(
    name: string,
    kind: ProbeStepKind,
    target: string | undefined,
    body: () => Promise<Omit<ProbeStep, 'name' | 'kind' | 'durationMs' | 'target'>>,
    need?: StepNeed,
  ): Promise<ProbeStep> {
    const start = this.clock.now();
    const outcome = await body();
    const step: ProbeStep = {
      name,
      kind,
      ...(target !== undefined ? { target } : {}),
      durationMs: Math.max(0, this.clock.now().getTime() - start.getTime()),
      ...outcome,
    };
    this.steps.push(step);
    this.startedAt.set(step, start.toISOString());
    if (need !== undefined) this.needs.set(step, need);
    return step;
  }
}

function failed(
  detail: string,
  error: ProbeError,
  request: string,
): Omit<ProbeStep, 'name' | 'kind' | 'durationMs'> {
  return { ok: false, detail, request, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parses the success answer of the token endpoint (docs/salesforce-behaviour.md 1.4). */
function parseToken(answer: Answer, issuedAt: string): Token | ProbeError {
  const body = parseJson(answer.text);
  if (!isRecord(body))
    return malformed('oauth', answer.status, 'the token answer is not a JSON object');
  const { access_token: token, instance_url: instance, id, scope } = body;
  if (typeof token !== 'string' || token === '')
    return malformed('oauth', answer.status, 'the token answer has no access_token');
  if (typeof instance !== 'string' || typeof id !== 'string')
    return malformed('oauth', answer.status, 'the token answer lacks instance_url or id');
  let instanceUrl: URL;
  let idUrl: URL;
  try {
    instanceUrl = checkedUrl(instance, 'instance_url');
    idUrl = checkedUrl(id, 'the identity URL');
  } catch (error) {
    if (error instanceof ProbeInputError) return malformed('oauth', answer.status, error.message);
    throw error;
  }
  return {
    accessToken: token,
    instanceUrl,
    idUrl,
    scopes: typeof scope === 'string' ? scope.split(/\s+/).filter((s) => s !== '') : [],
    issuedAt,
  };
}

function pathOf(url: URL): string {
  return url.pathname;
}

/**
 * Runs the probe. Throws ProbeInputError for invalid input (exit 2); every other failure, including
 * an unreachable org, is in the result.
 */
export async function probeClientCredentials(
  input: ProbeInput,
  options: ProbeOptions,
): Promise<ProbeResult> {
  const checked = checkInput(input);
  const http = { fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.timeoutMs ?? 30_000 };
  const runner = new StepRunner(options.clock);
  const startedAt = options.clock.now().toISOString();
  const base: Pick<ProbeResult, 'app' | 'startedAt' | 'loginUrl'> = {
    app: input.app,
    startedAt,
    loginUrl: checked.loginOrigin,
  };

  // 1. The token request, form-encoded as jsforce sends it (grant_type, client_id, client_secret).
  const tokenRequest = 'POST /services/oauth2/token';
  const held: { token?: Token } = {};
  const tokenStep = await runner.run('token', 'token', undefined, async () => {
    const answer = await send(
      `${checked.loginOrigin}/services/oauth2/token`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: stringify({
          grant_type: 'client_credentials',
          client_id: input.clientId,
          client_secret: input.clientSecret,
        }),
      },
      http,
    );
    if (isProbeError(answer))
      return failed(`no answer from ${checked.loginOrigin}`, answer, tokenRequest);
    if (answer.status < 200 || answer.status >= 300)
      return failed(
        `the token endpoint refused the request (HTTP ${answer.status})`,
        oauthError(answer),
        tokenRequest,
      );
    const parsed = parseToken(answer, options.clock.now().toISOString());
    if ('kind' in parsed) return failed('the token answer could not be read', parsed, tokenRequest);
    held.token = parsed;
    return {
      ok: true,
      request: tokenRequest,
      detail: `token issued with scopes '${parsed.scopes.join(' ')}' for instance ${parsed.instanceUrl.origin}`,
    };
  });

  const result: ProbeResult = {
    ...base,
    ok: false,
    outcome: 'failed',
    steps: runner.steps,
    notes: [],
  };
  const issued = held.token;
  if (issued === undefined || !tokenStep.ok)
    return finish(result, runner, input, options, undefined);
  result.instanceUrl = issued.instanceUrl.origin;
  result.scopes = issued.scopes;

  const auth = { authorization: `Bearer ${issued.accessToken}`, accept: 'application/json' };
  const restBase = `${issued.instanceUrl.origin}/services/data/v${input.apiVersion}`;
  const get = (url: string): Promise<Answer | ProbeError> =>
    send(url, { method: 'GET', headers: auth }, http);

  // 2. Identity: the run-as user and the org. When the identity URL refuses the token (e.g. its
  // scopes lack id/openid), the ids come from the token's `id` URL and the username from
  // sobjects/User: that is not a failure.
  const identityStep = await runner.run('identity', 'identity', undefined, async () => {
    const identityRequest = `GET ${pathOf(issued.idUrl)}`;
    const url = new URL(issued.idUrl);
    url.searchParams.set('format', 'json');
    const answer = await get(url.href);
    if (isProbeError(answer))
      return failed('no answer from the identity URL', answer, identityRequest);
    if (answer.status >= 200 && answer.status < 300) {
      const body = parseJson(answer.text);
      if (
        isRecord(body) &&
        typeof body.user_id === 'string' &&
        typeof body.username === 'string' &&
        typeof body.organization_id === 'string'
      ) {
        result.runAsUser = { id: body.user_id, username: body.username };
        result.orgId = body.organization_id;
        return {
          ok: true,
          request: identityRequest,
          detail: `run-as user ${body.username} (${body.user_id}) in org ${body.organization_id}`,
        };
      }
      return failed(
        'the identity answer could not be read',
        malformed(
          'rest',
          answer.status,
          'the identity answer lacks user_id, username or organization_id',
        ),
        identityRequest,
      );
    }
    if (answer.status !== 401 && answer.status !== 403)
      return failed('the identity URL failed', restError(answer), identityRequest);
    const refusal = restError(answer);
    const [orgId, userId] = issued.idUrl.pathname
      .split('/')
      .filter((s) => s !== '')
      .slice(-2);
    if (orgId === undefined || userId === undefined || !/^005\w{12}(\w{3})?$/.test(userId))
      return failed(
        'the identity URL refused the token and its id URL names no user',
        refusal,
        identityRequest,
      );
    result.runAsUser = { id: userId };
    result.orgId = orgId;
    const userRequest = `GET /services/data/v${input.apiVersion}/sobjects/User/${userId}`;
    const user = await get(
      `${restBase}/sobjects/User/${encodeURIComponent(userId)}?fields=Id,Username`,
    );
    const why = `the identity URL refused the token (${refusal.code})`;
    if (isProbeError(user))
      return failed(`${why}; no answer from sobjects/User`, user, userRequest);
    if (user.status < 200 || user.status >= 300)
      return failed(`${why}; reading sobjects/User failed`, restError(user), userRequest);
    const row = parseJson(user.text);
    const username = isRecord(row) && typeof row.Username === 'string' ? row.Username : undefined;
    if (username !== undefined) result.runAsUser.username = username;
    return {
      ok: true,
      request: userRequest,
      detail: `${why}, not a failure: run-as user ${username ?? '(username not readable)'} (${userId}) in org ${orgId} from the token's id URL and sobjects/User`,
    };
  });

  const stop = (step: ProbeStep): boolean =>
    !step.ok && (step.error?.kind === 'network' || FATAL_CODES.has(step.error?.code ?? ''));
  if (stop(identityStep)) return finish(result, runner, input, options, issued);

  // 3. The REST API itself (jsforce's identity() starts here too): API Enabled, scopes, limits.
  const apiRequest = `GET /services/data/v${input.apiVersion}`;
  const apiStep = await runner.run('api', 'api', undefined, async () => {
    const answer = await get(restBase);
    if (isProbeError(answer)) return failed('no answer from the REST API', answer, apiRequest);
    if (answer.status < 200 || answer.status >= 300)
      return failed(
        `the REST API refused the token (HTTP ${answer.status})`,
        restError(answer),
        apiRequest,
      );
    return { ok: true, request: apiRequest, detail: `REST API v${input.apiVersion} answers` };
  });
  if (stop(apiStep)) return finish(result, runner, input, options, issued);

  // 4. Describe every needed object; remember its flags and the fields it shows.
  const visible = new Map<string, Set<string>>();
  const described = new Map<string, Described>();
  for (const object of checked.describe) {
    const request = `GET /services/data/v${input.apiVersion}/sobjects/${object}/describe`;
    const step = await runner.run(`describe ${object}`, 'describe', object, async () => {
      const answer = await get(`${restBase}/sobjects/${encodeURIComponent(object)}/describe`);
      if (isProbeError(answer)) return failed(`no answer describing ${object}`, answer, request);
      if (answer.status < 200 || answer.status >= 300)
        return failed(
          `describe of ${object} refused (HTTP ${answer.status})`,
          restError(answer),
          request,
        );
      const body = parseJson(answer.text);
      const fields = isRecord(body) && Array.isArray(body.fields) ? body.fields : undefined;
      if (fields === undefined)
        return failed(
          `the describe of ${object} could not be read`,
          malformed('rest', answer.status, 'the describe has no fields list'),
          request,
        );
      const names = new Set(
        fields.flatMap((f) =>
          isRecord(f) && typeof f.name === 'string' ? [f.name.toLowerCase()] : [],
        ),
      );
      visible.set(object.toLowerCase(), names);
      described.set(object.toLowerCase(), describedOf(isRecord(body) ? body : {}, fields));
      return { ok: true, request, detail: `${object} is visible with ${names.size} fields` };
    });
    if (stop(step)) return finish(result, runner, input, options, issued);
  }

  // 5. Each declared create, edit and delete of an object, from the describe's flags under the
  // run-as user's token: proven without writing a record.
  await proveObjectWrites(runner, checked, described);

  // 6. Each needed field must be in its object's describe (field-level security hides it
  // otherwise), and a declared edit must be allowed by its flags.
  for (const field of checked.fields) {
    const object = field.slice(0, field.indexOf('.'));
    const names = visible.get(object.toLowerCase());
    // The object's describe failed: that step already says why.
    if (names === undefined) continue;
    const name = field.slice(field.indexOf('.') + 1);
    const seen = names.has(name.toLowerCase());
    await runner.run(`field ${field}`, 'field', field, () =>
      Promise.resolve(
        seen
          ? { ok: true, detail: `${field} is in the describe` }
          : {
              ok: false,
              detail: `${field} is not in the describe of ${object}`,
              error: {
                kind: 'check' as const,
                status: 200,
                code: 'FIELD_NOT_VISIBLE',
                message: `${name} is not among the fields the describe of ${object} shows the run-as user`,
              },
            },
      ),
    );
    if (seen && checked.fieldEdits.some((f) => f.toLowerCase() === field.toLowerCase()))
      await proveFieldEdit(runner, checked, described, field);
  }

  // 7. The manifest's probe queries, each with LIMIT 1; rows are counted, never copied.
  for (const [index, soql] of checked.soql.entries()) {
    const request = `GET /services/data/v${input.apiVersion}/query`;
    const step = await runner.run(`soql ${index + 1}`, 'soql', soql, async () => {
      const answer = await get(`${restBase}/query?q=${encodeURIComponent(soql)}`);
      if (isProbeError(answer)) return failed(`no answer to: ${soql}`, answer, request);
      if (answer.status < 200 || answer.status >= 300)
        return failed(`query refused (HTTP ${answer.status}): ${soql}`, restError(answer), request);
      const body = parseJson(answer.text);
      const records = isRecord(body) && Array.isArray(body.records) ? body.records : undefined;
      if (records === undefined)
        return failed(
          `the answer to ${soql} could not be read`,
          malformed('rest', answer.status, 'the query answer has no records'),
          request,
        );
      return { ok: true, request, detail: `${soql} returned ${records.length} row(s)` };
    });
    if (stop(step)) return finish(result, runner, input, options, issued);
  }

  return finish(result, runner, input, options, issued);
}

/** What a describe says the run-as user may do with the object and each field it shows. */
interface Described {
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: Map<string, { createable: boolean; updateable: boolean; why?: string }>;
}

function describedOf(body: Record<string, unknown>, fields: unknown[]): Described {
  const flag = (record: Record<string, unknown>, key: string): boolean => record[key] === true;
  const out: Described = {
    createable: flag(body, 'createable'),
    updateable: flag(body, 'updateable'),
    deletable: flag(body, 'deletable'),
    fields: new Map(),
  };
  for (const f of fields) {
    if (!isRecord(f) || typeof f.name !== 'string') continue;
    // Salesforce computes these itself: no grant makes them writable.
    const why = flag(f, 'calculated')
      ? 'a calculated field'
      : flag(f, 'autoNumber')
        ? 'an auto-number field'
        : undefined;
    out.fields.set(f.name.toLowerCase(), {
      createable: flag(f, 'createable'),
      updateable: flag(f, 'updateable'),
      ...(why !== undefined ? { why } : {}),
    });
  }
  return out;
}

const OBJECT_FLAG = {
  create: ['createable', 'OBJECT_NOT_CREATEABLE'],
  edit: ['updateable', 'OBJECT_NOT_UPDATEABLE'],
  delete: ['deletable', 'OBJECT_NOT_DELETABLE'],
} as const;

function lookupCi<V>(map: ReadonlyMap<string, V>, key: string): V | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** One step per declared create/edit/delete of an object (`object Case: edit`). */
async function proveObjectWrites(
  runner: StepRunner,
  checked: CheckedInput,
  described: ReadonlyMap<string, Described>,
): Promise<void> {
  for (const [object, actions] of checked.objectWrites) {
    const seen = described.get(object.toLowerCase());
    // The object's describe failed: that step already says why.
    if (seen === undefined) continue;
    for (const action of actions) {
      const [flag, code] = OBJECT_FLAG[action];
      const ok = seen[flag];
      const need = `${object}: ${action}`;
      await runner.run(
        `object ${need}`,
        'object',
        object,
        () =>
          Promise.resolve(
            ok
              ? { ok: true, detail: `${need} is granted: the describe says ${flag}` }
              : {
                  ok: false,
                  detail: `${need} is not granted: the describe of ${object} says ${flag} false for the run-as user`,
                  error: {
                    kind: 'check' as const,
                    status: 200,
                    code,
                    message: `the run-as user may not ${action} ${object} records (${flag} false in the describe)`,
                  },
                },
          ),
        { action },
      );
    }
  }
}

/**
 * The step of a declared field edit (`field Case.Priority: edit`): proven by `updateable` when the
 * object is declared for edit, by `createable` when declared for create (both when both), else by
 * either. A field the describe does not show already failed its read step.
 */
async function proveFieldEdit(
  runner: StepRunner,
  checked: CheckedInput,
  described: ReadonlyMap<string, Described>,
  field: string,
): Promise<void> {
  const object = field.slice(0, field.indexOf('.'));
  const name = field.slice(field.indexOf('.') + 1);
  const seen = described.get(object.toLowerCase());
  const flags = seen?.fields.get(name.toLowerCase());
  if (seen === undefined || flags === undefined) return;
  const declared = lookupCi(checked.objectWrites, object) ?? [];
  const via: ('create' | 'edit')[] = declared.filter(
    (a): a is 'create' | 'edit' => a === 'create' || a === 'edit',
  );
  const ok =
    via.length === 0
      ? flags.createable || flags.updateable
      : via.every((a) => (a === 'edit' ? flags.updateable : flags.createable));
  const objectAction = via.includes('edit') || via.length === 0 ? 'edit' : 'create';
  const need = `${field}: edit`;
  const said = `createable ${String(flags.createable)}, updateable ${String(flags.updateable)}`;
  await runner.run(
    `field ${need}`,
    'field',
    field,
    () =>
      Promise.resolve(
        ok
          ? { ok: true, detail: `${need} is granted: the describe says ${said}` }
          : {
              ok: false,
              detail: `${need} is not granted: the describe of ${object} says ${said} for the run-as user`,
              error: {
                kind: 'check' as const,
                status: 200,
                code: 'FIELD_NOT_EDITABLE',
                message: `${name} is not writable for the run-as user (${said} in the describe of ${object}${flags.why !== undefined ? `; the describe marks it ${flags.why}` : ''})`,
              },
            },
      ),
    { action: 'edit', objectAction },
  );
}

/** Server errors that mean the org is down rather than the app misconfigured. */
const UNAVAILABLE = new Set([502, 503, 504]);

function finish(
  result: ProbeResult,
  runner: StepRunner,
  input: ProbeInput,
  options: ProbeOptions,
  token: Token | undefined,
): ProbeResult {
  const failures = runner.steps.filter((s) => !s.ok);
  for (const step of failures) {
    if (step.error === undefined) continue;
    const need = runner.needs.get(step);
    step.diagnosis = diagnose({
      step: {
        kind: step.kind,
        ...(step.target !== undefined ? { target: step.target } : {}),
        ...(need !== undefined ? { need } : {}),
      },
      error: step.error,
      ...(options.facts !== undefined ? { facts: options.facts } : {}),
      probe: {
        loginUrl: result.loginUrl,
        ...(input.instanceUrl !== undefined ? { myDomainUrl: input.instanceUrl } : {}),
        clientId: input.clientId,
        at: runner.startedAt.get(step) ?? result.startedAt,
        ...(token !== undefined
          ? { tokenScopes: token.scopes, tokenIssuedAt: token.issuedAt }
          : {}),
      },
    });
  }
  const first = failures[0];
  let outcome: ProbeOutcome = 'passed';
  if (first !== undefined) {
    const error = first.error;
    outcome =
      error?.kind === 'network' || (error !== undefined && UNAVAILABLE.has(error.status))
        ? 'unreachable'
        : 'failed';
    if (error !== undefined) result.failure = { step: first.name, error };
    if (first.diagnosis !== undefined) result.diagnosis = first.diagnosis;
  }
  result.ok = outcome === 'passed';
  result.outcome = outcome;
  if (token !== undefined && options.facts !== undefined)
    result.notes = observations(options.facts, token.issuedAt);
  const secrets = [input.clientSecret, ...(token !== undefined ? [token.accessToken] : [])];
  return redactDeep(ordered(result), secrets);
}

/** The result's keys in reading order, whatever order the steps filled them in. */
function ordered(r: ProbeResult): ProbeResult {
  return {
    app: r.app,
    ok: r.ok,
    outcome: r.outcome,
    startedAt: r.startedAt,
    loginUrl: r.loginUrl,
    ...(r.instanceUrl !== undefined ? { instanceUrl: r.instanceUrl } : {}),
    ...(r.orgId !== undefined ? { orgId: r.orgId } : {}),
    ...(r.runAsUser !== undefined ? { runAsUser: r.runAsUser } : {}),
    ...(r.scopes !== undefined ? { scopes: r.scopes } : {}),
    steps: r.steps,
    ...(r.failure !== undefined ? { failure: r.failure } : {}),
    ...(r.diagnosis !== undefined ? { diagnosis: r.diagnosis } : {}),
    notes: r.notes,
  };
}

/**
 * A token was issued although the audit found a state Salesforce may refuse: these are observations
 * of behaviour docs/salesforce-behaviour.md marks UNCONFIRMED, worth recording.
 */
function observations(facts: AuditFacts, at: string): string[] {
  const notes: string[] = [];
  const user = facts.user;
  const issued = 'Salesforce issued a token although';
  if (user?.isActive === false)
    notes.push(
      `${issued} the audit found the run-as user inactive (RG-0003); Salesforce's behaviour for an inactive run-as user is UNCONFIRMED.`,
    );
  if (user?.isFrozen === true)
    notes.push(
      `${issued} the audit found the run-as user frozen (RG-0004); Salesforce's behaviour for a frozen run-as user is UNCONFIRMED.`,
    );
  if (user?.isPasswordLocked === true)
    notes.push(
      `${issued} the audit found the run-as user locked out (RG-0005); a client-credentials request carries no password, and whether a lockout blocks it is UNCONFIRMED.`,
    );
  const hours = user?.profile?.policies?.loginHours;
  if (hours !== undefined && facts.timeZone !== undefined) {
    try {
      const { inside, local } = insideLoginHours(hours, new Date(at), facts.timeZone);
      if (!inside)
        notes.push(
          `${issued} ${local} is outside the run-as user's login hours (RG-0017); whether login hours apply to this flow is UNCONFIRMED.`,
        );
    } catch {
      // An unknown time zone: nothing to observe.
    }
  }
  return notes;
}

/** Every string of the result with the secret and the token replaced, and session ids masked. */
function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSessionIds(redactValues(v, secrets));
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
