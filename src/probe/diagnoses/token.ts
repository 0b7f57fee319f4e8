// The token request's own causes (host, client, secret, flow, org, scope) and the token errors.

import {
  found,
  hostOf,
  isGenericLoginHost,
  keyTail,
  likely,
  myDomainOf,
  namesApp,
  originOf,
  ruledOut,
  trail,
  when,
  type EvidenceContext,
} from '../evidence.js';
import type { CauseDef, DiagnosisEntry } from './types.js';

function appName(ctx: EvidenceContext): string {
  return ctx.facts.app?.name ?? 'of that name';
}

export const TOKEN_CAUSES: readonly CauseDef[] = [
  {
    id: 'wrong-token-host',
    title: "The token request did not go to the org's My Domain",
    fix: "Send the token request to the org's My Domain (Setup > My Domain > Current My Domain URL): https://<domain>.my.salesforce.com/services/oauth2/token. login.salesforce.com, test.salesforce.com and the Setup domain do not serve the client credentials flow.",
    rules: [],
    evidence(ctx) {
      const host = hostOf(ctx.probe.loginUrl);
      if (host !== undefined && isGenericLoginHost(host))
        return found(
          `the token request went to ${host}, which does not serve the client credentials flow`,
          'probe',
        );
      const mine = myDomainOf(ctx);
      const used = originOf(ctx.probe.loginUrl);
      if (mine === undefined || used === undefined) return undefined;
      return used === mine.origin
        ? ruledOut(`the token request went to the org's My Domain ${mine.origin}`, mine.source)
        : found(
            `the token request went to ${used}; the org's My Domain is ${mine.origin}`,
            mine.source,
          );
    },
  },
  {
    id: 'malformed-token-request',
    title: 'The token request is not a form-encoded client-credentials request',
    fix: 'POST grant_type=client_credentials, client_id and client_secret as an application/x-www-form-urlencoded body (not JSON, not the query string). A proxy that rewrites the body causes the same.',
    rules: [],
  },
  {
    id: 'consumer-key-unknown',
    title: "The consumer key is not one of this org's apps",
    fix: "Copy the consumer key again: App Manager > the app > View > Manage Consumer Details (External Client App: External Client App Manager > the app > Settings > OAuth Settings > Consumer Key and Secret). A sandbox's key does not work in production, and a deleted or recreated app has a new key.",
    rules: ['RG-0037'],
    evidence(ctx) {
      const { facts } = ctx;
      if (facts.appExists === false) return found(`the audit found no app named ${appName(ctx)}`);
      const key = facts.app?.consumerKey;
      if (key === undefined || ctx.probe.clientId === undefined) return undefined;
      return key === ctx.probe.clientId
        ? ruledOut(`the probe used ${facts.app?.name ?? 'the app'}'s own consumer key`)
        : found(
            `the probe used consumer key ${keyTail(ctx.probe.clientId)}; ${facts.app?.name ?? 'the app'}'s key is ${keyTail(key)}`,
          );
    },
  },
  {
    id: 'wrong-org-host',
    title: 'The token request went to another org',
    fix: 'Send the token request to the My Domain of the org the app lives in; a sandbox and its production org have different hosts and different consumer keys.',
    rules: [],
    evidence(ctx) {
      const mine = myDomainOf(ctx);
      const used = originOf(ctx.probe.loginUrl);
      if (mine === undefined || used === undefined) return undefined;
      return used === mine.origin
        ? ruledOut(`the token request went to the org's My Domain ${mine.origin}`, mine.source)
        : likely(
            `the token request went to ${used}, not the org's My Domain ${mine.origin}`,
            mine.source,
          );
    },
  },
  {
    id: 'app-recently-changed',
    title: 'The app was created or changed minutes ago',
    fix: 'Wait up to 10 minutes after creating or changing an app before requesting tokens, then retry.',
    rules: [],
    evidence(ctx) {
      const at = Date.parse(ctx.probe.at);
      const recent = ctx.facts.auditTrail.find((e) => {
        const age = at - Date.parse(e.createdDate);
        return namesApp(ctx.facts, e) && age >= 0 && age <= 15 * 60_000;
      });
      return recent === undefined
        ? undefined
        : found(`the Setup Audit Trail shows "${recent.display}" ${when(recent)}`);
    },
  },
  {
    id: 'consumer-secret-wrong',
    title: 'The consumer secret is wrong',
    fix: 'Copy the consumer secret again from the same place as the key (App Manager > the app > View > Manage Consumer Details; External Client App Manager > the app > Settings > OAuth Settings) into the secret store the integration reads.',
    rules: [],
    evidence(ctx) {
      const key = ctx.facts.app?.consumerKey;
      // The audit never reads secrets; a matching key only says the key is not the problem.
      return key !== undefined && key === ctx.probe.clientId
        ? likely("the consumer key is the app's own, so the secret is what Salesforce refused")
        : undefined;
    },
  },
  {
    id: 'consumer-secret-rotated',
    title: 'The consumer secret was rotated',
    fix: "Put the new consumer secret into the secret store the integration reads, or finish the staged rotation in the app's OAuth settings.",
    rules: [],
    evidence(ctx) {
      const entry = ctx.facts.auditTrail.find(
        (e) => /credential|secret/i.test(e.action) && namesApp(ctx.facts, e),
      );
      return entry === undefined
        ? undefined
        : found(`the Setup Audit Trail shows "${entry.display}" ${when(entry)}`);
    },
  },
  {
    id: 'client-credentials-flow-disabled',
    title: 'The client credentials flow is switched off on the app',
    fix: 'Connected App: App Manager > the app > Edit > API (Enable OAuth Settings) > tick Enable Client Credentials Flow. External Client App: Settings > OAuth Settings > Flow Enablement > Enable Client Credentials Flow, and Policies > OAuth Policies > Enable Client Credentials Flow. If the integration is retired, remove it from the manifest instead.',
    rules: ['RG-0037'],
    evidence(ctx) {
      const app = ctx.facts.app;
      if (app === undefined) return undefined;
      if (app.clientCredentialsEnabled) return ruledOut(`the flow is enabled on ${app.name}`);
      const switches: string[] = [];
      if (app.type === 'ExternalClientApplication') {
        if (app.globalClientCredentialsEnabled === false) switches.push('the OAuth settings');
        if (app.policyClientCredentialsEnabled === false) switches.push('the OAuth policies');
      }
      const where =
        switches.length > 0
          ? ` in ${switches.join(' and ')}`
          : app.type === 'ConnectedApp'
            ? ' (Enable Client Credentials Flow is off)'
            : '';
      const entry = trail(ctx.facts, ['changeApplicationClientCredentialEnabled'], /to false/i);
      const history =
        entry === undefined
          ? ''
          : `; the Setup Audit Trail shows "${entry.display}" ${when(entry)}${namesApp(ctx.facts, entry) ? '' : ' (the entry does not name the app)'}`;
      return found(`the client credentials flow is switched off on ${app.name}${where}${history}`);
    },
  },
  {
    id: 'org-inactive',
    title: 'The org is inactive, locked, closed or suspended',
    fix: "Contact the org's administrators or Salesforce Support: no integration can log in until the org is active again.",
    rules: [],
  },
  {
    id: 'app-self-authorize',
    title: 'The app lets users self-authorize and the run-as user never approved it',
    fix: "Set Permitted Users to Admin approved users are pre-authorized (App Manager > the app > Manage > Edit Policies) and pre-authorize the run-as user's profile or permission set in the same change.",
    rules: ['RG-0025', 'RG-0038'],
    evidence(ctx) {
      const app = ctx.facts.app;
      if (app === undefined) return undefined;
      return app.adminApproved
        ? ruledOut(`${app.name} is admin-approved`)
        : found(`${app.name}'s Permitted Users is All users may self-authorize`);
    },
  },
  {
    id: 'too-many-token-requests',
    title: 'The integration requests tokens too often',
    fix: 'Reuse the access token until a call answers 401 INVALID_SESSION_ID, then request one new token; do not request a token per call.',
    rules: [],
  },
  {
    id: 'app-scope-config',
    title: "The app's OAuth scopes are misconfigured",
    fix: "Set the app's OAuth scopes to what the integration needs, at least Manage user data via APIs (api).",
    rules: ['RG-0019', 'RG-0023'],
    evidence(ctx) {
      const app = ctx.facts.app;
      if (app === undefined) return undefined;
      return app.scopes.length === 0 ? likely(`${app.name} has no OAuth scopes`) : undefined;
    },
  },
  {
    id: 'token-over-http',
    title: 'The token request was sent over plain HTTP',
    fix: 'Use https:// for the token endpoint.',
    rules: [],
    evidence(ctx) {
      return ctx.probe.loginUrl.startsWith('http:')
        ? found(`the token request went to ${ctx.probe.loginUrl}`, 'probe')
        : ruledOut('the token request used HTTPS', 'probe');
    },
  },
  {
    id: 'unrecognized-token-error',
    title: 'An error this catalog does not know',
    fix: "Compare the app's OAuth settings and policies and the run-as user with the audit's findings; Login History of the run-as user may show the reason.",
    rules: [],
  },
];

// Most specific first: the first entry whose matcher accepts the error wins.
export const TOKEN_ENTRIES: readonly DiagnosisEntry[] = [
  {
    id: 'token-wrong-domain',
    title: 'Token request refused: request not supported on this domain',
    match: [
      {
        kind: 'oauth',
        code: 'invalid_grant',
        descriptions: ['request not supported on this domain'],
      },
    ],
    confidence: 'OBS',
    known:
      "Salesforce answers this when a client-credentials token request reaches login.salesforce.com, test.salesforce.com or the Setup domain instead of the org's My Domain (OBS, many reports; the migration help article says the flow does not support those hosts).",
    causes: [{ cause: 'wrong-token-host', confidence: 'OBS' }],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'request not supported on this domain',
    },
  },
  {
    id: 'token-unsupported-grant-type',
    title: 'Token request refused: grant type not supported',
    match: [{ kind: 'oauth', code: 'unsupported_grant_type' }],
    confidence: 'OBS',
    known:
      'Observed for a JSON body, parameters in the query string or a misspelt grant_type (OBS).',
    causes: [{ cause: 'malformed-token-request', confidence: 'OBS' }],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'unsupported_grant_type',
      message: 'grant type not supported',
    },
  },
  {
    id: 'token-invalid-client-id',
    title: 'Token request refused: client identifier invalid',
    match: [{ kind: 'oauth', code: 'invalid_client_id' }],
    confidence: 'OBS',
    known:
      'Salesforce does not know the consumer key on this host (OBS, an integration test against a real org). A new or changed app can answer this for up to about 10 minutes (OBS).',
    causes: [
      { cause: 'consumer-key-unknown', confidence: 'OBS' },
      { cause: 'wrong-org-host', confidence: 'OBS', note: 'one report' },
      { cause: 'app-recently-changed', confidence: 'OBS' },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_client_id',
      message: 'client identifier invalid',
    },
  },
  {
    id: 'token-invalid-client',
    title: 'Token request refused: invalid client credentials',
    match: [
      { kind: 'oauth', code: 'invalid_client' },
      { kind: 'oauth', code: 'invalid_client_credentials' },
    ],
    confidence: 'OBS',
    known:
      'Salesforce knows the consumer key but not the secret (OBS, an integration test against a real org; the documented code invalid_client_credentials is not what real orgs send).',
    causes: [
      { cause: 'consumer-secret-wrong', confidence: 'OBS' },
      {
        cause: 'consumer-secret-rotated',
        confidence: 'UNCONFIRMED',
        note: 'inferred: a rotated secret replaces the old one; no sample of the error',
      },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_client',
      message: 'invalid client credentials',
    },
  },
  {
    id: 'token-flow-disabled',
    title: 'Token request refused: client credentials flow not enabled',
    match: [
      {
        kind: 'oauth',
        code: 'invalid_grant',
        descriptions: ['client credentials flow not enabled'],
      },
    ],
    confidence: 'UNCONFIRMED',
    known:
      "An AWS-maintained migration guide lists an invalid_grant whose text ends in 'client credentials flow not enabled' for a Connected App with Enable Client Credentials Flow off (OBS, weak); the exact text is UNCONFIRMED.",
    causes: [
      { cause: 'client-credentials-flow-disabled', confidence: 'OBS', note: 'weak: one source' },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'client credentials flow not enabled',
    },
  },
  {
    id: 'token-no-run-as-user',
    title: 'Token request refused: no client credentials user enabled',
    match: [
      {
        kind: 'oauth',
        code: 'invalid_grant',
        descriptions: ['no client credentials user enabled'],
      },
    ],
    confidence: 'OBS',
    known:
      'Observed for an app without a Run As user (many reports) and for External Client Apps whose flow is switched off (weak); what a Run As username missing from the org answers is UNCONFIRMED.',
    causes: [
      { cause: 'run-as-user-not-set', confidence: 'OBS' },
      {
        cause: 'client-credentials-flow-disabled',
        confidence: 'OBS',
        note: 'weak: External Client Apps; UNCONFIRMED for Connected Apps',
      },
      { cause: 'run-as-user-not-found', confidence: 'UNCONFIRMED' },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'no client credentials user enabled',
    },
  },
  {
    id: 'token-not-preauthorized',
    title: 'Token request refused: user is not admin approved to access this app',
    match: [{ kind: 'oauth', code: 'invalid_app_access' }],
    confidence: 'OBS',
    known:
      "Observed for client credentials on both app kinds when Permitted Users is 'Admin approved users are pre-authorized' and the run-as user's profile and permission sets are not among the app's (OBS x3), although the Connected App help text says Permitted Users does not apply to the execution user.",
    causes: [
      { cause: 'run-as-user-not-preauthorized', confidence: 'OBS' },
      {
        cause: 'preauthorizing-assignment-expired',
        confidence: 'OBS',
        note: 'inferred from the same observations',
      },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_app_access',
      message: 'user is not admin approved to access this app',
    },
  },
  {
    id: 'token-inactive-user',
    title: 'Token request refused: inactive user',
    match: [
      { kind: 'oauth', code: 'invalid_grant', descriptions: ['inactive user'] },
      { kind: 'oauth', code: 'inactive_user' },
    ],
    confidence: 'UNCONFIRMED',
    known:
      "Salesforce answers invalid_grant 'inactive user' for inactive users in other OAuth flows (OBS, restforce#303); no client-credentials sample is known (UNCONFIRMED).",
    causes: [
      { cause: 'run-as-user-inactive', confidence: 'UNCONFIRMED', note: 'OBS for other grants' },
      {
        cause: 'run-as-user-frozen',
        confidence: 'UNCONFIRMED',
        note: 'no sample; possible wording for a frozen user',
      },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'inactive user',
    },
  },
  {
    id: 'token-authentication-failure',
    title: 'Token request refused: authentication failure',
    match: [{ kind: 'oauth', code: 'invalid_grant', descriptions: ['authentication failure'] }],
    confidence: 'UNCONFIRMED',
    known:
      "Password-flow guides report invalid_grant 'authentication failure' for frozen and locked users (OBS for that flow); for the client credentials flow no sample is known, for any cause (UNCONFIRMED).",
    causes: [
      { cause: 'run-as-user-frozen', confidence: 'UNCONFIRMED', note: 'OBS for the password flow' },
      { cause: 'run-as-user-inactive', confidence: 'UNCONFIRMED' },
      {
        cause: 'run-as-user-password-locked',
        confidence: 'UNCONFIRMED',
        note: 'a client-credentials request carries no password, so a lockout may not apply',
      },
      {
        cause: 'run-as-user-api-disabled',
        confidence: 'UNCONFIRMED',
        note: 'whether the token endpoint checks API Enabled is not known',
      },
      {
        cause: 'mfa-for-api-logins',
        confidence: 'UNCONFIRMED',
      },
      {
        cause: 'run-as-user-not-api-only',
        confidence: 'UNCONFIRMED',
        note: 'observed not enforced (docs/salesforce-behaviour.md 1.6)',
      },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'authentication failure',
    },
  },
  {
    id: 'token-ip-or-login-hours',
    title: 'Token request refused: ip restricted or invalid login hours',
    match: [
      {
        kind: 'oauth',
        code: 'invalid_grant',
        descriptions: ['ip restricted', 'invalid login hours'],
      },
    ],
    confidence: 'UNCONFIRMED',
    known:
      "Salesforce's OAuth error list documents this answer for a source IP outside the profile's login IP ranges or a login outside its login hours (DOC); whether both apply to client-credentials requests, and how app IP relaxation interacts, is UNCONFIRMED.",
    causes: [
      { cause: 'login-ip-range', confidence: 'UNCONFIRMED', note: 'DOC for other flows' },
      { cause: 'login-hours', confidence: 'UNCONFIRMED', note: 'DOC for other flows' },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'ip restricted or invalid login hours',
    },
  },
  {
    id: 'token-inactive-org',
    title: 'Token request refused: inactive organization',
    match: [
      { kind: 'oauth', code: 'invalid_grant', descriptions: ['inactive organization'] },
      { kind: 'oauth', code: 'inactive_org' },
    ],
    confidence: 'DOC',
    known:
      "Documented (inactive_org: 'Org is locked, closed, or suspended') and observed as invalid_grant 'inactive organization'.",
    causes: [{ cause: 'org-inactive', confidence: 'DOC' }],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: 'inactive organization',
    },
  },
  {
    id: 'token-user-not-approved',
    title: "Token request refused: user hasn't approved this consumer",
    match: [
      {
        kind: 'oauth',
        code: 'invalid_grant',
        descriptions: ["hasn't approved this consumer", 'has not approved this consumer'],
      },
    ],
    confidence: 'UNCONFIRMED',
    known:
      'Observed for self-authorized apps in other flows (OBS); for client credentials UNCONFIRMED.',
    causes: [
      { cause: 'app-self-authorize', confidence: 'UNCONFIRMED', note: 'OBS for other flows' },
    ],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_grant',
      message: "user hasn't approved this consumer",
    },
  },
  {
    id: 'token-rate-limit',
    title: 'Token request refused: rate limit exceeded',
    match: [{ kind: 'oauth', code: 'rate_limit_exceeded' }],
    confidence: 'DOC',
    known: "Documented: 'Number of logins exceeded'.",
    causes: [{ cause: 'too-many-token-requests', confidence: 'DOC' }],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'rate_limit_exceeded',
      message: 'Number of logins exceeded',
    },
  },
  {
    id: 'token-invalid-scope',
    title: 'Token request refused: invalid scope',
    match: [{ kind: 'oauth', code: 'invalid_scope' }],
    confidence: 'UNCONFIRMED',
    known:
      'Documented for OAuth flows in general; not verified for client credentials (UNCONFIRMED), whose token carries the scopes configured on the app (OBS).',
    causes: [{ cause: 'app-scope-config', confidence: 'UNCONFIRMED' }],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_scope',
      message: 'Requested scope is invalid, unknown, or malformed',
    },
  },
  {
    id: 'token-https-required',
    title: 'Token request refused: HTTPS required',
    match: [{ kind: 'oauth', code: 'invalid_request', descriptions: ['https'] }],
    confidence: 'DOC',
    known: "Documented: invalid_request 'HTTPS required'.",
    causes: [{ cause: 'token-over-http', confidence: 'DOC' }],
    example: {
      kind: 'oauth',
      step: 'token',
      status: 400,
      code: 'invalid_request',
      message: 'HTTPS required',
    },
  },
];

// Any other token error; it comes after the server and unexpected-response entries (index.ts).
export const TOKEN_FALLBACK: DiagnosisEntry = {
  id: 'token-other',
  title: 'Token request refused with another error',
  match: [{ kind: 'oauth' }],
  confidence: 'UNCONFIRMED',
  known: 'An error this catalog does not list; the raw error is shown as Salesforce sent it.',
  causes: [
    { cause: 'unrecognized-token-error', confidence: 'UNCONFIRMED' },
    {
      cause: 'wrong-token-host',
      confidence: 'UNCONFIRMED',
      note: 'a host that is not Salesforce answers unexpected errors',
    },
  ],
  example: {
    kind: 'oauth',
    step: 'token',
    status: 400,
    code: 'invalid_grant',
    message: 'expired access/refresh token',
  },
};
