// The emulator as a Hono app: Salesforce's wire formats over HTTP, decided from an org model.
// Tested without sockets through `app.request()`; served by server.ts on 127.0.0.1.

import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';

import type { OrgModel } from '../model/org.js';
import { findObject } from '../model/schema.js';
import { type Clock, runningClock } from '../util/clock.js';
import { redactQuery } from '../util/redact.js';
import {
  API_DISABLED_FOR_USER,
  INVALID_AUTH_HEADER,
  NOT_FOUND,
  OAuthError,
  PlainTextError,
  REQUEST_LIMIT_EXCEEDED,
  RestError,
  SESSION_EXPIRED,
  SESSION_NOT_VALID_FOR_REST,
} from './errors.js';
import { applyFault, decodedQuery } from './fault-answers.js';
import type { FaultRule, MatchedFault } from './faults.js';
import { handleMetadataSoap } from './metadata-api.js';
import { decideTokenRequest, tokenResponse, WRONG_DOMAIN } from './oauth.js';
import { exact, type UserView } from './org-view.js';
import {
  accessPredicates,
  apiVersions,
  describeObject,
  limitsBody,
  pageSizeOf,
  resourcesOf,
  retrieveRow,
  runQuery,
  servedVersion,
  visibleRows,
} from './rest.js';
import type { Session } from './sessions.js';
import { SoqlError, type SoqlContext } from './soql/index.js';
import { EmulatorState } from './state.js';
import { identityBody, userinfoBody } from './identity.js';

/** Salesforce refuses URIs longer than this with 414 (REST API limits cheat sheet, OBS). */
export const MAX_URI_BYTES = 16_384;

/** Largest request body the emulator reads (a SOAP read or a token form is a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  org: OrgModel;
  clock?: Clock;
  faults?: readonly FaultRule[];
}

export interface Emulator {
  /** The org's My Domain host: every Salesforce resource. */
  app: Hono;
  /** The `login.salesforce.com` stand-in: refuses client credentials (docs/salesforce-behaviour.md 1.2). */
  genericLoginApp: Hono;
  state: EmulatorState;
}

interface Caller {
  session: Session;
  user: UserView;
}

/** Any route's context: the helpers below read only the request and the caller. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyContext = Context<Env, any, any>;

interface Env {
  Variables: { caller?: Caller };
}

/** Collapses repeated slashes: jsforce through the sf CLI sends `//services/data/...` (docs/salesforce-behaviour.md 5.5). */
export function normalizePath(path: string): string {
  return path.replace(/\/{2,}/g, '/');
}

/**
 * The path routes match: slashes collapsed, and a trailing slash dropped, since `/services/data/v62.0`
 * (sfdx-core) and `/services/data/v62.0/` (the REST guide) are one resource.
 */
function routePath(request: Request): string {
  const path = normalizePath(new URL(request.url).pathname);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const clock = options.clock ?? runningClock(new Date(options.org.info.now));
  const state = new EmulatorState(options.org, clock, options.faults);
  const app = new Hono<Env>({ getPath: routePath });

  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const path = normalizePath(url.pathname);
    const entry = {
      time: clock.now().toISOString(),
      method: c.req.method,
      path,
      query: redactQuery(url.search),
      status: 0,
    };
    let fault: MatchedFault | undefined;
    try {
      if (Buffer.byteLength(path + url.search) > MAX_URI_BYTES) {
        c.res = c.html('<h1>Bad Message 414</h1><pre>reason: URI Too Long</pre>', 414);
      } else {
        fault = state.faults.match(c.req.method, path, decodedQuery(url.search));
        await applyFault(c, state, fault, path, next);
      }
    } finally {
      c.res.headers.set('Date', clock.now().toUTCString());
      // A fault's headers come last, so an injected Date or Content-Length is what the client sees.
      for (const [name, value] of Object.entries(fault?.rule.headers ?? {}))
        c.res.headers.set(name, value);
      const caller = c.get('caller');
      // Salesforce's org-wide daily usage on every counted REST and Tooling answer (docs/performance.md, API budget).
      if (caller !== undefined && path.startsWith('/services/data/v'))
        c.res.headers.set(
          'Sforce-Limit-Info',
          `api-usage=${state.apiRequests}/${state.org.behaviour.dailyApiRequests}`,
        );
      state.log.push({
        ...entry,
        status: c.res.status,
        ...(caller !== undefined ? { user: caller.user.username } : {}),
        ...(caller?.session.app !== undefined ? { app: caller.session.app } : {}),
      });
    }
  });

  // Request bodies (token forms, SOAP envelopes) are small; a larger one is refused before it is read.
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
      onError: (c) =>
        c.json([{ message: 'Request body too large', errorCode: 'REQUEST_TOO_LARGE' }], 413, {
          Connection: 'close',
        }),
    }),
  );

  app.onError((error, c) => {
    if (error instanceof RestError) return c.json(error.body(), error.status as 400);
    if (error instanceof SoqlError) return c.json(error.body(), error.status as 400);
    if (error instanceof OAuthError) return c.json(error.body(), error.status as 400);
    if (error instanceof PlainTextError) return c.text(error.message, error.status as 400);
    return c.json(
      [{ message: 'An unexpected error occurred.', errorCode: 'UNKNOWN_EXCEPTION' }],
      500,
    );
  });

  app.post('/services/oauth2/token', async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    const form = type.includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(await c.req.text())
      : undefined;
    const url = new URL(c.req.url);
    const now = clock.now();
    const grant = decideTokenRequest(
      state.view,
      { form, authorization: c.req.header('Authorization') },
      now,
    );
    const session: Session = {
      userId: grant.user.row.Id,
      app: grant.app.name,
      scopes: grant.scopes,
      ...(grant.unmetSessionLevel !== undefined
        ? { unmetSessionLevel: grant.unmetSessionLevel }
        : {}),
      issuedAt: now,
      expiresAt: new Date(now.getTime() + grant.sessionTimeoutMinutes * 60_000),
    };
    const token = state.sessions.mint(session);
    c.set('caller', { session, user: grant.user });
    return c.json(tokenResponse(grant, token, url.origin, state.org.info.orgId, now));
  });

  // Identity URL and userinfo accept the token as a Bearer header or `oauth_token` (jsforce sends both).
  app.get('/id/:orgId/:userId', (c) => {
    identityCaller(c, state);
    const user = state.view.userById(c.req.param('userId'));
    if (
      user === undefined ||
      c.req.param('orgId').slice(0, 15) !== state.org.info.orgId.slice(0, 15)
    ) {
      throw new PlainTextError(404, 'Bad_Id');
    }
    return c.json(identityBody(state.org, user, new URL(c.req.url).origin));
  });
  app.get('/services/oauth2/userinfo', (c) => {
    const caller = identityCaller(c, state);
    return c.json(userinfoBody(state.org, caller.user, new URL(c.req.url).origin));
  });

  app.get('/services/data', (c) => c.json(apiVersions(state.org.behaviour.maxApiVersion)));

  const data = new Hono<Env>();
  data.use('*', async (c, next) => {
    const caller = restCaller(c, state);
    c.set('caller', caller);
    await next();
  });
  const resources = (c: AnyContext): Response => {
    const caller = callerOf(c);
    return c.json(
      resourcesOf(
        new URL(c.req.url).origin,
        versionOf(c, state),
        state.org.info.orgId,
        caller.user.row.Id,
      ),
    );
  };
  data.get('/', resources);

  for (const tooling of [false, true]) {
    const prefix = tooling ? '/tooling' : '';
    const api = tooling ? 'tooling' : 'data';
    for (const resource of tooling ? ['query'] : ['query', 'queryAll']) {
      const handler = (c: Context<Env>): Response => {
        const soql = c.req.query('q');
        if (soql === undefined) {
          throw new RestError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
        }
        const ctx = soqlContext(c, state, api);
        const result = runQuery(soql, ctx, c.req.query('columns') === 'true');
        if ('columns' in result) return c.json(result.columns);
        const basePath = `/services/data/v${versionOf(c, state)}${prefix}/query`;
        return c.json(
          state.cursors.page(
            result.records,
            result.totalSize,
            0,
            pageSizeOf(c, state.org.behaviour.pageSize),
            basePath,
          ),
        );
      };
      data.get(`${prefix}/${resource}`, handler);
      data.get(`${prefix}/${resource}/:locator`, (c) => {
        const cursor = state.cursors.resume(c.req.param('locator'));
        const basePath = `/services/data/v${versionOf(c, state)}${prefix}/query`;
        return c.json(
          state.cursors.page(
            cursor.records,
            cursor.totalSize,
            cursor.offset,
            pageSizeOf(c, state.org.behaviour.pageSize),
            basePath,
            cursor.locator,
          ),
        );
      });
    }
    data.get(`${prefix}/sobjects`, (c) => {
      const ctx = soqlContext(c, state, api);
      const sobjects = [...state.org.schema.values()]
        .filter((o) => apiServes(o.api, api) && ctx.canReadObject(o.name))
        .map((o) => ({
          name: o.name,
          label: o.label,
          keyPrefix: o.keyPrefix,
          custom: o.custom ?? false,
          queryable: true,
          urls: { sobject: `/services/data/v${versionOf(c, state)}${prefix}/sobjects/${o.name}` },
        }));
      return c.json({ encoding: 'UTF-8', maxBatchSize: 200, sobjects });
    });
    data.get(`${prefix}/sobjects/:type/describe`, (c) => {
      const ctx = soqlContext(c, state, api);
      const object = findObject(state.org.schema, c.req.param('type'));
      // Describe of an object the user cannot see answers like one that does not exist.
      if (object === undefined || !apiServes(object.api, api) || !ctx.canReadObject(object.name))
        throw NOT_FOUND();
      const caller = callerOf(c);
      return c.json(
        describeObject(
          object,
          versionOf(c, state),
          tooling,
          state.view.access(caller.user, clock.now()),
        ),
      );
    });
    data.get(`${prefix}/sobjects/:type/:id`, (c) => {
      const ctx = soqlContext(c, state, api);
      const object = findObject(state.org.schema, c.req.param('type'));
      if (object === undefined || !apiServes(object.api, api) || !ctx.canReadObject(object.name))
        throw NOT_FOUND();
      return c.json(retrieveRow(object, c.req.param('id'), c.req.query('fields'), ctx));
    });
  }
  data.get('/limits', (c) => {
    const caller = callerOf(c);
    // Needs View Setup and Configuration; one source reports this body without it (docs/salesforce-behaviour.md 4.3, OBS).
    if (!state.view.access(caller.user, clock.now()).systemPermissions.has('ViewSetup')) {
      throw new RestError(403, 'API_DISABLED_FOR_ORG', 'limits resource is not enabled');
    }
    return c.json(limitsBody(state.org.behaviour.dailyApiRequests, state.apiRequests));
  });
  data.all('*', () => {
    throw NOT_FOUND();
  });
  app.route('/services/data/:version', data);

  // Metadata API (SOAP): the session travels in the SessionHeader, not in an Authorization header.
  app.post('/services/Soap/m/:version', async (c) => {
    if (
      servedVersion(`v${c.req.param('version')}`, state.org.behaviour.maxApiVersion) === undefined
    )
      throw NOT_FOUND();
    const result = handleMetadataSoap(await c.req.text(), {
      components: state.org.metadata,
      authenticate: (sessionId) => {
        const session = state.sessions.find(sessionId, clock.now());
        const user = session === undefined ? undefined : state.view.userById(session.userId);
        if (session === undefined || user === undefined) return undefined;
        c.set('caller', { session, user });
        const permissions = state.view.access(user, clock.now()).systemPermissions;
        return {
          userId: user.row.Id,
          canUseMetadataApi: permissions.has('ModifyMetadata') || permissions.has('ModifyAllData'),
        };
      },
      describeComponent: (component) =>
        describeComponent(state, component.type, component.fullName),
    });
    return c.body(result.body, result.status as 200, { 'Content-Type': result.contentType });
  });

  app.all('*', () => {
    throw NOT_FOUND();
  });

  return { app: app as unknown as Hono, genericLoginApp: createGenericLoginApp(state), state };
}

function createGenericLoginApp(state: EmulatorState): Hono {
  const app = new Hono({ getPath: routePath });
  app.use('*', async (c, next) => {
    await next();
    const url = new URL(c.req.url);
    c.res.headers.set('Date', state.clock.now().toUTCString());
    state.log.push({
      time: state.clock.now().toISOString(),
      method: c.req.method,
      path: normalizePath(url.pathname),
      query: redactQuery(url.search),
      status: c.res.status,
    });
  });
  app.post('/services/oauth2/token', (c) => c.json(WRONG_DOMAIN().body(), 400));
  app.all('*', (c) =>
    c.json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }], 404),
  );
  return app;
}

/** The token of an `Authorization: Bearer <token>` (or `OAuth <token>`) header. */
function bearerToken(c: AnyContext): string | undefined {
  const header = c.req.header('Authorization');
  const match = header === undefined ? null : /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
  const token = match?.[1]?.trim();
  return token === '' ? undefined : token;
}

/** The session behind a REST call, with the gates every follow-on call passes (docs/emulator.md, follow-on calls). */
function restCaller(c: AnyContext, state: EmulatorState): Caller {
  if (
    servedVersion(c.req.param('version') ?? '', state.org.behaviour.maxApiVersion) === undefined
  ) {
    throw NOT_FOUND();
  }
  // No header is an invalid session; a header of another form is INVALID_AUTH_HEADER (OBS).
  if (c.req.header('Authorization') !== undefined && bearerToken(c) === undefined)
    throw INVALID_AUTH_HEADER();
  const now = state.clock.now();
  const session = state.sessions.find(bearerToken(c), now);
  const user = session === undefined ? undefined : state.view.userById(session.userId);
  if (session === undefined || user === undefined) throw SESSION_EXPIRED();
  const caller = { session, user };
  c.set('caller', caller);
  if (!session.scopes.includes('api') && !session.scopes.includes('full'))
    throw SESSION_NOT_VALID_FOR_REST();
  if (session.unmetSessionLevel !== undefined) throw SESSION_NOT_VALID_FOR_REST();
  if (!state.view.access(user, now).systemPermissions.has('ApiEnabled'))
    throw API_DISABLED_FOR_USER();
  state.apiRequests += 1;
  if (state.apiRequests > state.org.behaviour.dailyApiRequests) throw REQUEST_LIMIT_EXCEEDED();
  return caller;
}

/** Identity and userinfo: a bad token is 403 `Bad_OAuth_Token` (docs/salesforce-behaviour.md 5.5, OBS). */
function identityCaller(c: AnyContext, state: EmulatorState): Caller {
  const token = bearerToken(c) ?? c.req.query('oauth_token');
  const session = state.sessions.find(token, state.clock.now());
  const user = session === undefined ? undefined : state.view.userById(session.userId);
  if (session === undefined || user === undefined) {
    return forbidden('Bad_OAuth_Token');
  }
  c.set('caller', { session, user });
  const idScopes = ['id', 'openid', 'profile', 'full'];
  if (
    state.org.behaviour.identityRequiresIdScopes &&
    !session.scopes.some((s) => idScopes.includes(s))
  ) {
    // UNCONFIRMED (docs/salesforce-behaviour.md 4.5): whether an `api`-only token may read identity; switchable.
    return forbidden('Insufficient_Scope');
  }
  return { session, user };
}

function forbidden(body: string): never {
  throw new PlainTextError(403, body);
}

function callerOf(c: AnyContext): Caller {
  const caller = c.get('caller');
  if (caller === undefined) throw SESSION_EXPIRED();
  return caller;
}

function versionOf(c: AnyContext, state: EmulatorState): string {
  return servedVersion(c.req.param('version') ?? '', state.org.behaviour.maxApiVersion) ?? '62.0';
}

function apiServes(objectApi: 'data' | 'tooling' | 'both', api: 'data' | 'tooling'): boolean {
  return objectApi === 'both' || objectApi === api;
}

function soqlContext(c: AnyContext, state: EmulatorState, api: 'data' | 'tooling'): SoqlContext {
  const caller = callerOf(c);
  const now = state.clock.now();
  const access = state.view.access(caller.user, now);
  return {
    schema: state.org.schema,
    api,
    rows: (object) => visibleRows(state, object, access, caller.user.row.Id),
    now,
    timeZone: state.org.info.timeZone,
    apiVersion: versionOf(c, state),
    ...accessPredicates(state, access),
  };
}

/** Ids and audit fields of a metadata component for listMetadata, from the matching setup row when there is one. */
function describeComponent(
  state: EmulatorState,
  type: string,
  fullName: string,
): {
  id: string;
  createdById: string;
  createdByName: string;
  createdDate: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
} {
  const rowsByType: Record<string, [string, string]> = {
    ConnectedApp: ['ConnectedApplication', 'DeveloperName'],
    ExternalClientApplication: ['ExternalClientApplication', 'DeveloperName'],
    PermissionSet: ['PermissionSet', 'Name'],
    PermissionSetGroup: ['PermissionSetGroup', 'DeveloperName'],
    MutingPermissionSet: ['MutingPermissionSet', 'DeveloperName'],
    // Profile rows carry the metadata full name (`Admin`) beside the label (`System Administrator`).
    Profile: ['Profile', 'FullName'],
  };
  const [object, field] = rowsByType[type] ?? ['', ''];
  // The first row whose name field or Name is fullName: one index lookup each (listMetadata of
  // 3,000 sets describes each), the earlier position of the two.
  const first = (name: string): number =>
    state.view.positionsWhere(object, `exact:${name}`, (r) => exact(r[name]), exact(fullName))[0] ??
    Infinity;
  const row = state.view.rows(object)[Math.min(first(field), first('Name'))];
  const auditor = state.view.userByUsername(state.org.info.auditorUsername);
  const by = auditor?.row.Id ?? '005000000000000AAA';
  const byName =
    typeof auditor?.row.Name === 'string' ? auditor.row.Name : (auditor?.username ?? 'Admin');
  const date = typeof row?.CreatedDate === 'string' ? row.CreatedDate : state.org.info.now;
  return {
    id: row?.Id ?? '000000000000000AAA',
    createdById: by,
    createdByName: byName,
    createdDate: date,
    lastModifiedById: by,
    lastModifiedByName: byName,
    lastModifiedDate: date,
  };
}
