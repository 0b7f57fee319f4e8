// The client-credentials token endpoint (docs/salesforce-behaviour.md 1.2 to 1.8). The answer is decided from
// fixture state only, in the order of its 1.7; behaviours it marks UNCONFIRMED follow
// `EmulatorBehaviour` (emulator.json `behaviour`), whose defaults are the best-supported guesses.

import { createHmac } from 'node:crypto';

import type { ClientApp, OrgModel } from '../model/org.js';
import {
  checkLoginHours,
  heldPermissionSets,
  ipAllowedByRanges,
  preAuthorization,
  relaxesIpRestrictions,
  requiresPreAuthorization,
} from '../model/policy/index.js';
import { OAuthError } from './errors.js';
import { LOGIN_STATUS, type LoginStatus, recordLogin } from './login-history.js';
import type { OrgView, UserView } from './org-view.js';

export interface TokenRequest {
  /**
   * The form body, parsed; undefined when the body was not form-encoded. Parameters in the query
   * string are never read, so such a request gets `unsupported_grant_type` as from Salesforce.
   */
  form: URLSearchParams | undefined;
  /** `Authorization` header, for HTTP Basic client authentication. */
  authorization: string | undefined;
}

export interface TokenGrant {
  user: UserView;
  app: ClientApp;
  scopes: string[];
  secret: string;
  unmetSessionLevel?: string;
  sessionTimeoutMinutes: number;
}

const invalidGrant = (description: string): OAuthError =>
  new OAuthError(400, 'invalid_grant', description);

/** `request not supported on this domain`: the answer of login/test.salesforce.com (1.2). */
export const WRONG_DOMAIN = (): OAuthError => invalidGrant('request not supported on this domain');

/** Metadata scope tokens → token scope strings; Full, Web, RefreshToken and OfflineAccess never reach a client-credentials token (1.3). */
const TOKEN_SCOPES: Readonly<Record<string, string>> = {
  Api: 'api',
  Basic: 'id',
  OpenID: 'openid',
  Profile: 'profile',
  Email: 'email',
  Address: 'address',
  Phone: 'phone',
  Chatter: 'chatter_api',
  CustomApplications: 'visualforce',
  CustomPermissions: 'custom_permissions',
  Wave: 'wave_api',
  Eclair: 'eclair_api',
  Pardot: 'pardot_api',
  Lightning: 'lightning',
  Content: 'content',
  CDPIngest: 'cdp_ingest_api',
  CDPProfile: 'cdp_profile_api',
  CDPQuery: 'cdp_query_api',
  SFAP: 'sfap_api',
  MCP: 'mcp_api',
};

export function tokenScopes(app: ClientApp): string[] {
  const scopes = new Set<string>();
  for (const scope of app.scopes) {
    const mapped = TOKEN_SCOPES[scope];
    if (mapped !== undefined) scopes.add(mapped);
  }
  return [...scopes];
}

function clientCredentials(request: TokenRequest): { id?: string; secret?: string } {
  const header = request.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      // RFC 6749 2.3.1: both parts are form-url-encoded inside Basic.
      const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
      return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
    }
  }
  const form = request.form;
  const id = form?.get('client_id') ?? undefined;
  const secret = form?.get('client_secret') ?? undefined;
  return { ...(id !== undefined ? { id } : {}), ...(secret !== undefined ? { secret } : {}) };
}

/** A refusal once the run-as user is known: Login History records it with its `Status`. */
export class RefusedGrant extends OAuthError {
  constructor(
    error: OAuthError,
    readonly user: UserView,
    readonly app: ClientApp,
    readonly loginStatus: LoginStatus,
  ) {
    super(error.status, error.error, error.description);
  }
}

/**
 * Decides a client-credentials token request and records it as Salesforce does: a granted token
 * and a refusal once the run-as user is known each append a LoginHistory row (the latter unless
 * `recordFailedGrants` is off); a refusal before that (client, secret, flow, no user) leaves none.
 * Throws the OAuthError Salesforce would answer with; returns the grant otherwise.
 */
export function decideTokenRequest(view: OrgView, request: TokenRequest, now: Date): TokenGrant {
  try {
    const grant = decide(view, request, now);
    recordLogin(view.org, {
      user: grant.user.row,
      app: grant.app,
      status: LOGIN_STATUS.success,
      at: now,
    });
    return grant;
  } catch (error) {
    if (error instanceof RefusedGrant && view.org.behaviour.recordFailedGrants) {
      recordLogin(view.org, {
        user: error.user.row,
        app: error.app,
        status: error.loginStatus,
        at: now,
      });
    }
    throw error;
  }
}

function decide(view: OrgView, request: TokenRequest, now: Date): TokenGrant {
  const { org } = view;
  const behaviour = org.behaviour;
  // A JSON body or parameters in the query string: `unsupported_grant_type` (1.3, OBS).
  const grantType = request.form?.get('grant_type');
  if (grantType !== 'client_credentials') {
    throw new OAuthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
  const credentials = clientCredentials(request);
  const app = credentials.id === undefined ? undefined : view.appByConsumerKey(credentials.id);
  if (credentials.id === undefined || app === undefined) {
    throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
  }
  const client = org.clients.find((c) => c.app === app.name);
  if (client === undefined || credentials.secret !== client.consumerSecret) {
    throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
  }
  if (!app.clientCredentialsEnabled || !app.enabled) {
    throw flowDisabled(org, app);
  }
  if (app.runAsUsername === undefined || app.runAsUsername.trim() === '') {
    throw invalidGrant('no client credentials user enabled');
  }
  const user = view.userByUsername(app.runAsUsername);
  if (user === undefined) {
    // UNCONFIRMED: Salesforce refuses to save a Run As user that does not exist; a deployed
    // username missing in this org is answered like an unset one here.
    throw invalidGrant('no client credentials user enabled');
  }
  // From here on the run-as user is known: every refusal is a failed login of that user.
  const refuse = (error: OAuthError, status: LoginStatus): RefusedGrant =>
    new RefusedGrant(error, user, app, status);
  if (
    behaviour.enforcePreAuthorization &&
    requiresPreAuthorization(app) &&
    !isPreAuthorized(view, app, user, now)
  ) {
    throw refuse(
      new OAuthError(400, 'invalid_app_access', 'user is not admin approved to access this app'),
      LOGIN_STATUS.notPreAuthorized,
    );
  }
  if (!user.isActive) {
    // OBS for other grants (restforce#303); UNCONFIRMED for client credentials.
    throw refuse(
      behaviour.inactiveUserError === 'inactive-user'
        ? invalidGrant('inactive user')
        : invalidGrant('authentication failure'),
      LOGIN_STATUS.inactive,
    );
  }
  if (user.isFrozen && behaviour.frozenUserError !== 'none') {
    // UNCONFIRMED (docs/salesforce-behaviour.md 1.5): password-flow guides report `authentication failure`.
    throw refuse(
      behaviour.frozenUserError === 'inactive-user'
        ? invalidGrant('inactive user')
        : invalidGrant('authentication failure'),
      LOGIN_STATUS.frozen,
    );
  }
  const access = view.access(user, now);
  // One answer for both (docs/salesforce-behaviour.md 1.5); Login History tells them apart.
  const network = invalidGrant('ip restricted or invalid login hours');
  if (!ipAllowed(org, app, user)) throw refuse(network, LOGIN_STATUS.restrictedIp);
  if (!loginHoursAllow(org, user, now)) throw refuse(network, LOGIN_STATUS.restrictedTime);
  if (user.isPasswordLocked && behaviour.passwordLockedError === 'authentication-failure') {
    // UNCONFIRMED: like a frozen user by default, after the network checks (their refusal says
    // more); 'none' models a lockout that spares a request without a password.
    throw refuse(invalidGrant('authentication failure'), LOGIN_STATUS.passwordLocked);
  }
  if (behaviour.apiDisabledAtToken === 'refuse' && !access.systemPermissions.has('ApiEnabled')) {
    // UNCONFIRMED variant; the default issues the token and every call then fails 403.
    throw refuse(invalidGrant('authentication failure'), LOGIN_STATUS.apiDisabled);
  }
  if (behaviour.requireApiOnly && !access.systemPermissions.has('ApiUserOnly')) {
    // Not enforced by Salesforce as far as known (docs/salesforce-behaviour.md 1.6); opt-in variant.
    throw refuse(invalidGrant('authentication failure'), LOGIN_STATUS.notApiOnly);
  }
  if (behaviour.enforceTwoFactorApi && access.systemPermissions.has('TwoFactorApi')) {
    // UNCONFIRMED: a non-interactive client cannot satisfy MFA for API logins.
    throw refuse(invalidGrant('authentication failure'), LOGIN_STATUS.multiFactor);
  }
  const required = app.requiredSessionLevel ?? user.profile.requiredSessionLevel;
  return {
    user,
    app,
    scopes: tokenScopes(app),
    secret: client.consumerSecret,
    ...(required === 'HIGH_ASSURANCE' ? { unmetSessionLevel: required } : {}),
    sessionTimeoutMinutes:
      app.sessionTimeoutMinutes ??
      user.profile.sessionTimeoutMinutes ??
      org.behaviour.sessionTimeoutMinutes,
  };
}

function flowDisabled(org: OrgModel, app: ClientApp): OAuthError {
  const variant =
    app.type === 'ConnectedApp'
      ? org.behaviour.caFlowDisabledError
      : org.behaviour.ecaFlowDisabledError;
  // OBS (weak): Connected Apps answer "... client credentials flow not enabled", ECAs "no client credentials user enabled".
  return variant === 'client-credentials-flow-not-enabled'
    ? invalidGrant('client credentials flow not enabled')
    : invalidGrant('no client credentials user enabled');
}

/** The run-as user's profile, or a permission set it holds directly or through a group, is pre-authorized (RG-0038). */
export function isPreAuthorized(view: OrgView, app: ClientApp, user: UserView, now: Date): boolean {
  const held = heldPermissionSets(user.assignments, view.org.permissionSetGroups, now.getTime());
  return preAuthorization(app, [user.profile.name, user.profile.fullName], held) !== undefined;
}

function ipAllowed(org: OrgModel, app: ClientApp, user: UserView): boolean {
  if (!org.behaviour.enforceLoginIpRanges) return true;
  // App IP relaxation lifts the profile's ranges (model/policy/ip-relaxation.ts; UNCONFIRMED for this flow).
  if (relaxesIpRestrictions(app.ipRelaxation)) return true;
  return ipAllowedByRanges(org.info.clientIp, user.profile.loginIpRanges);
}

function loginHoursAllow(org: OrgModel, user: UserView, now: Date): boolean {
  if (!org.behaviour.enforceLoginHours) return true;
  return checkLoginHours(user.profile.loginHours, now, org.info.timeZone).inside;
}

/** The token response of docs/salesforce-behaviour.md 1.4; `signature` is base64 HMAC-SHA256 of id + issued_at. */
export function tokenResponse(
  grant: TokenGrant,
  accessToken: string,
  instanceUrl: string,
  orgId: string,
  issuedAt: Date,
): Record<string, string> {
  const id = `${instanceUrl}/id/${orgId}/${grant.user.row.Id}`;
  const issued = String(issuedAt.getTime());
  return {
    access_token: accessToken,
    signature: createHmac('sha256', grant.secret)
      .update(id + issued)
      .digest('base64'),
    scope: grant.scopes.join(' '),
    instance_url: instanceUrl,
    id,
    token_type: 'Bearer',
    issued_at: issued,
  };
}
