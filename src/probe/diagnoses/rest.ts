// Causes and errors of the follow-on calls (identity, REST API, describe, SOQL): session, limits
// and API availability. Access causes (object and field reads) are in access.ts.

import { byRule, found, ruledOut } from '../evidence.js';
import { FOLLOW_ON } from './types.js';
import type { CauseDef, DiagnosisEntry } from './types.js';

export const REST_CAUSES: readonly CauseDef[] = [
  {
    id: 'app-missing-api-scope',
    title: "The app's scopes lack Manage user data via APIs (api)",
    fix: "Add the scope Manage user data via APIs (api) to the app's OAuth settings (Connected App: Edit > Selected OAuth Scopes; External Client App: Settings > OAuth Settings > OAuth Scopes).",
    rules: ['RG-0019'],
    evidence(ctx) {
      const scopes = ctx.probe.tokenScopes;
      if (scopes !== undefined) {
        const shown = scopes.length === 0 ? 'empty' : `'${scopes.join(' ')}'`;
        return scopes.includes('api') || scopes.includes('full')
          ? ruledOut(`the token's scopes include api (${shown})`, 'probe')
          : found(`the token's scopes are ${shown}, without api`, 'probe');
      }
      const app = ctx.facts.app;
      if (app === undefined) return byRule(ctx.facts, 'RG-0019', "the app's scopes lack Api");
      return app.scopes.some((s) => s.toLowerCase() === 'api')
        ? ruledOut(`${app.name}'s scopes include Api`)
        : found(`${app.name}'s scopes (${app.scopes.join(', ') || 'none'}) lack Api`);
    },
  },
  {
    id: 'high-assurance-required',
    title: 'A High Assurance session is required',
    fix: "Remove the High Assurance requirement for the run-as user: the profile's Session Settings (Session security level required at login) or the app's session policy (High assurance session required); a client-credentials session cannot step up.",
    rules: ['RG-0018'],
    evidence(ctx) {
      const app = ctx.facts.app;
      const profile = ctx.facts.user?.profile;
      const high = (level: string | undefined): boolean =>
        level?.toUpperCase() === 'HIGH_ASSURANCE';
      if (high(app?.requiredSessionLevel))
        return found(`${app?.name ?? 'the app'}'s session policy requires High Assurance`);
      if (high(profile?.policies?.requiredSessionLevel))
        return found(`profile ${profile?.name ?? ''}'s session settings require High Assurance`);
      if (app !== undefined && profile?.policies !== undefined)
        return ruledOut("neither the app nor the run-as user's profile requires High Assurance");
      return byRule(ctx.facts, 'RG-0018', 'a High Assurance session is required');
    },
  },
  {
    id: 'session-ip-locked',
    title: 'Sessions are locked to the IP address they started from',
    fix: 'Make the token request and the API calls from the same address, or clear Lock sessions to the IP address from which they originated (Setup > Session Settings).',
    rules: [],
  },
  {
    id: 'session-revoked',
    title: 'The session was ended after the token was issued',
    fix: 'Find who or what ended it (Setup > Connected Apps OAuth Usage > Revoke, a freeze or deactivation of the run-as user, Setup Audit Trail); the integration must request a new token when a call answers 401 INVALID_SESSION_ID (client credentials issue no refresh token).',
    rules: ['RG-0030'],
  },
  {
    id: 'session-timed-out',
    title: 'The session timed out',
    fix: "Request a new token when a call answers 401 INVALID_SESSION_ID; the session lasts the app's session timeout, else the run-as user's profile or the org's (Setup > Session Settings).",
    rules: [],
    evidence(ctx) {
      const issued = ctx.probe.tokenIssuedAt;
      const timeout =
        ctx.facts.app?.sessionTimeoutMinutes ??
        ctx.facts.user?.profile?.policies?.sessionTimeoutMinutes;
      if (issued === undefined || timeout === undefined) return undefined;
      const ageMs = Date.parse(ctx.probe.at) - Date.parse(issued);
      const age = `${Math.round(ageMs / 1000)} s`;
      return ageMs >= timeout * 60_000
        ? found(`the token was ${age} old; the session timeout is ${timeout} minutes`)
        : ruledOut(`the token was ${age} old; the session timeout is ${timeout} minutes`);
    },
  },
  {
    id: 'daily-api-limit',
    title: "The org's daily API request limit is used up",
    fix: 'Find the integrations using the most requests (Setup > Company Information > API Requests, Last 24 Hours; the API Usage report), reduce them (bulk and composite calls), or buy more capacity; the count resets over a rolling 24 hours.',
    rules: [],
  },
  {
    id: 'org-edition-without-api',
    title: "The org's edition does not include API access",
    fix: 'Use an edition with API access (Enterprise, Unlimited, Developer, Performance) or buy the API add-on.',
    rules: [],
  },
  {
    id: 'probe-query-invalid',
    title: 'The probe query itself is not valid SOQL for this org',
    fix: "Correct the query in the manifest's probe: list (run it in the Developer Console or `sf data query` as the run-as user).",
    rules: [],
    evidence(ctx) {
      if (ctx.error.code.toUpperCase() === 'MALFORMED_QUERY')
        return found('Salesforce could not parse the query', 'probe');
      if (/can not be filtered|duplicate field|must be of type/i.test(ctx.error.message))
        return found('Salesforce refused a filter or the field list of the query', 'probe');
      return ctx.error.kind === 'check' || /No such column|is not supported/.test(ctx.error.message)
        ? ruledOut('Salesforce named a missing field or object, not a syntax error', 'probe')
        : undefined;
    },
  },
  {
    id: 'api-version-not-served',
    title: 'The org does not serve this API version',
    fix: 'Use an API version the org serves (GET /services/data lists them), e.g. the one the integration is built for.',
    rules: [],
  },
  {
    id: 'insufficient-access',
    title: 'The run-as user lacks a permission this call needs',
    fix: "Grant the missing permission through a permission set assigned to the run-as user, and declare it in the manifest's needs.",
    rules: ['RG-0010'],
  },
  {
    id: 'malformed-auth-header',
    title: 'The Authorization header was malformed on the way',
    fix: 'Send `Authorization: Bearer <token>`; check proxies that rewrite headers.',
    rules: [],
  },
  {
    id: 'feature-not-enabled',
    title: 'A feature the call needs is not enabled in the org',
    fix: 'Enable the feature (or the edition or licence that includes it) or remove the call.',
    rules: [],
  },
  {
    id: 'salesforce-unavailable',
    title: 'Salesforce answered with a server error',
    fix: 'Retry later and check the instance on status.salesforce.com; if it persists, open a case with Salesforce Support.',
    rules: [],
  },
  {
    id: 'unrecognized-rest-error',
    title: 'An API error this catalog does not know',
    fix: "Read Salesforce's message; compare the run-as user's effective access with the manifest's needs (the audit's RG-0010).",
    rules: [],
  },
];

// Most specific first: the first entry whose matcher accepts the error wins.
export const REST_ENTRIES: readonly DiagnosisEntry[] = [
  {
    id: 'rest-api-disabled',
    title: 'API call refused: API is disabled for this User',
    match: [{ kind: 'rest', steps: FOLLOW_ON, code: 'API_CURRENTLY_DISABLED' }],
    confidence: 'OBS',
    known:
      "Salesforce answers 403 API_CURRENTLY_DISABLED when the user lacks API Enabled (OBS); the token itself is issued (the emulator's default; whether the token endpoint refuses instead is UNCONFIRMED).",
    causes: [{ cause: 'run-as-user-api-disabled', confidence: 'OBS' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 403,
      code: 'API_CURRENTLY_DISABLED',
      message: 'API is disabled for this User',
    },
  },
  {
    id: 'rest-session-not-valid',
    title: 'API call refused: this session is not valid for use with the REST API',
    match: [
      {
        kind: 'rest',
        steps: FOLLOW_ON,
        code: 'INVALID_SESSION_ID',
        descriptions: ['not valid for use with the rest api', 'scopes is required'],
      },
    ],
    confidence: 'OBS',
    known:
      'Salesforce answers 401 INVALID_SESSION_ID with this text when the token lacks the api scope or the session does not meet a High Assurance requirement (OBS, jsforce PR #1301); a session IP lock is also reported to cause it (UNCONFIRMED).',
    causes: [
      { cause: 'app-missing-api-scope', confidence: 'OBS' },
      { cause: 'high-assurance-required', confidence: 'OBS' },
      { cause: 'session-ip-locked', confidence: 'UNCONFIRMED' },
    ],
    example: {
      kind: 'rest',
      step: 'api',
      status: 401,
      code: 'INVALID_SESSION_ID',
      message: 'This session is not valid for use with the REST API',
    },
  },
  {
    id: 'rest-session-expired',
    title: 'API call refused: session expired or invalid',
    match: [{ kind: 'rest', steps: FOLLOW_ON, code: 'INVALID_SESSION_ID' }],
    confidence: 'OBS',
    known:
      'Salesforce answers 401 INVALID_SESSION_ID "Session expired or invalid" for a token that has timed out or been revoked (OBS). Client credentials issue no refresh token: the client must request a new token.',
    causes: [
      {
        cause: 'session-revoked',
        confidence: 'OBS',
        note: 'first when the token is seconds old, as in a probe',
      },
      { cause: 'session-timed-out', confidence: 'OBS' },
      {
        cause: 'run-as-user-frozen',
        confidence: 'UNCONFIRMED',
        note: 'whether freezing ends open sessions is not known',
      },
      {
        cause: 'run-as-user-inactive',
        confidence: 'UNCONFIRMED',
        note: 'whether deactivation ends open sessions is not known',
      },
    ],
    example: {
      kind: 'rest',
      step: 'soql',
      status: 401,
      code: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    },
  },
  {
    id: 'rest-request-limit',
    title: 'API call refused: TotalRequests Limit exceeded',
    match: [{ kind: 'rest', steps: FOLLOW_ON, code: 'REQUEST_LIMIT_EXCEEDED' }],
    confidence: 'DOC',
    known:
      "Salesforce answers 403 REQUEST_LIMIT_EXCEEDED once the org's rolling 24-hour API request allowance is used up (DOC).",
    causes: [{ cause: 'daily-api-limit', confidence: 'DOC' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 403,
      code: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    },
  },
  {
    id: 'rest-api-disabled-for-org',
    title: 'API call refused: the REST API is not enabled for this Organization',
    match: [{ kind: 'rest', steps: FOLLOW_ON, code: 'API_DISABLED_FOR_ORG' }],
    confidence: 'OBS',
    known: 'Observed for editions without API access (OBS).',
    causes: [{ cause: 'org-edition-without-api', confidence: 'OBS' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 403,
      code: 'API_DISABLED_FOR_ORG',
      message: 'The REST API is not enabled for this Organization.',
    },
  },
  {
    id: 'rest-object-not-visible',
    title: 'Object not visible to the run-as user (INVALID_TYPE, or NOT_FOUND on describe)',
    match: [
      { kind: 'rest', steps: ['soql'], code: 'INVALID_TYPE' },
      { kind: 'rest', steps: ['describe'], code: 'NOT_FOUND' },
    ],
    confidence: 'OBS',
    known:
      'Salesforce answers INVALID_TYPE for an object that does not exist and for one the user cannot read (OBS); describe answers NOT_FOUND for both, as for any resource the user cannot see.',
    causes: [
      { cause: 'object-not-readable', confidence: 'OBS' },
      { cause: 'needed-access-session-based', confidence: 'DOC' },
      { cause: 'needed-access-expired-assignment', confidence: 'DOC' },
      { cause: 'needed-access-muted', confidence: 'DOC' },
      { cause: 'object-not-in-org', confidence: 'OBS' },
    ],
    example: {
      kind: 'rest',
      step: 'soql',
      status: 400,
      code: 'INVALID_TYPE',
      message:
        "\nSELECT Id FROM Shipment__c\n               ^\nERROR at Row:1:Column:16\nsObject type 'Shipment__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    },
  },
  {
    id: 'rest-field-not-visible',
    title: 'Field not visible to the run-as user (INVALID_FIELD, or absent from the describe)',
    match: [
      { kind: 'rest', steps: ['soql'], code: 'INVALID_FIELD' },
      { kind: 'check', steps: ['field'], code: 'FIELD_NOT_VISIBLE' },
    ],
    confidence: 'OBS',
    known:
      'Salesforce answers INVALID_FIELD "No such column" for a field that does not exist and for one hidden by field-level security (OBS); a describe lists only the fields the user can see.',
    causes: [
      { cause: 'field-hidden-by-fls', confidence: 'OBS' },
      { cause: 'needed-access-session-based', confidence: 'DOC' },
      { cause: 'needed-access-expired-assignment', confidence: 'DOC' },
      { cause: 'needed-access-muted', confidence: 'DOC' },
      { cause: 'field-not-in-org', confidence: 'OBS' },
      {
        cause: 'probe-query-invalid',
        confidence: 'OBS',
        note: 'INVALID_FIELD also covers filters on unfilterable fields',
      },
    ],
    example: {
      kind: 'rest',
      step: 'soql',
      status: 400,
      code: 'INVALID_FIELD',
      message:
        "\nSELECT Id, Carrier_Status__c FROM Shipment__c\n           ^\nERROR at Row:1:Column:12\nNo such column 'Carrier_Status__c' on entity 'Shipment__c'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    },
  },
  {
    id: 'rest-malformed-query',
    title: 'Query refused: MALFORMED_QUERY',
    match: [{ kind: 'rest', steps: ['soql'], code: 'MALFORMED_QUERY' }],
    confidence: 'OBS',
    known: 'Salesforce could not parse the query (OBS).',
    causes: [{ cause: 'probe-query-invalid', confidence: 'OBS' }],
    example: {
      kind: 'rest',
      step: 'soql',
      status: 400,
      code: 'MALFORMED_QUERY',
      message: "unexpected token: 'FROM'",
    },
  },
  {
    id: 'rest-api-version-not-found',
    title: 'API call refused: NOT_FOUND on the REST API root',
    match: [{ kind: 'rest', steps: ['api'], code: 'NOT_FOUND' }],
    confidence: 'OBS',
    known: 'Salesforce answers 404 NOT_FOUND for an API version it does not serve (OBS).',
    causes: [{ cause: 'api-version-not-served', confidence: 'OBS' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 404,
      code: 'NOT_FOUND',
      message: 'The requested resource does not exist',
    },
  },
  {
    id: 'rest-insufficient-access',
    title: 'API call refused: INSUFFICIENT_ACCESS',
    match: [
      { kind: 'rest', steps: FOLLOW_ON, code: 'INSUFFICIENT_ACCESS' },
      { kind: 'rest', steps: FOLLOW_ON, code: 'INSUFFICIENT_ACCESS_OR_READONLY' },
    ],
    confidence: 'OBS',
    known:
      'Salesforce answers 403 INSUFFICIENT_ACCESS when the user lacks a permission the call needs (OBS).',
    causes: [{ cause: 'insufficient-access', confidence: 'OBS' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 403,
      code: 'INSUFFICIENT_ACCESS',
      message: 'insufficient access rights on object id',
    },
  },
  {
    id: 'rest-invalid-auth-header',
    title: 'API call refused: INVALID_AUTH_HEADER',
    match: [{ kind: 'rest', steps: FOLLOW_ON, code: 'INVALID_AUTH_HEADER' }],
    confidence: 'OBS',
    known: 'Observed for a malformed Authorization header (OBS).',
    causes: [{ cause: 'malformed-auth-header', confidence: 'OBS' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 401,
      code: 'INVALID_AUTH_HEADER',
      message: 'INVALID_HEADER_TYPE',
    },
  },
  {
    id: 'rest-functionality-not-enabled',
    title: 'API call refused: FUNCTIONALITY_NOT_ENABLED',
    match: [{ kind: 'rest', steps: FOLLOW_ON, code: 'FUNCTIONALITY_NOT_ENABLED' }],
    confidence: 'UNCONFIRMED',
    known:
      'Salesforce answers this for a feature or edition that is not enabled; the exact status and message are UNCONFIRMED.',
    causes: [{ cause: 'feature-not-enabled', confidence: 'UNCONFIRMED' }],
    example: {
      kind: 'rest',
      step: 'soql',
      status: 400,
      code: 'FUNCTIONALITY_NOT_ENABLED',
      message: 'This feature is not currently enabled for this user type or org',
    },
  },
  {
    id: 'rest-other',
    title: 'API call refused with another error',
    match: [{ kind: 'rest' }, { kind: 'check' }],
    confidence: 'UNCONFIRMED',
    known: 'An error this catalog does not list; the raw error is shown as Salesforce sent it.',
    causes: [{ cause: 'unrecognized-rest-error', confidence: 'UNCONFIRMED' }],
    example: {
      kind: 'rest',
      step: 'soql',
      status: 400,
      code: 'INVALID_QUERY_FILTER_OPERATOR',
      message: 'invalid operator',
    },
  },
];
