// The diagnosis catalog, as data: every token and follow-on error of docs/salesforce-behaviour.md 1.5, 1.6 and
// 4.4, mapped to its possible root causes. Each cause says how to fix it in Setup terms, which rules
// audit it, and how to weigh it from the audit's facts (`evidence`), so causes are ranked from what
// the audit knows about this app and run-as user, never from the error string alone. The order of
// `causes` in an entry is the rank when the facts say nothing. docs/diagnoses.md is generated from
// this file (scripts/gen-diagnoses-doc.ts).

import {
  ipInRange,
  relaxesIpRestrictions,
  requiresPreAuthorization,
} from '../model/policy/index.js';
import {
  byRule,
  canReadField,
  canReadObject,
  describeVia,
  excludedVia,
  exclusionsOfContainer,
  formatLoginHours,
  found,
  hostOf,
  insideLoginHours,
  isGenericLoginHost,
  keyTail,
  knownObject,
  likely,
  myDomainOf,
  namesApp,
  originOf,
  ruledOut,
  systemVia,
  targetOf,
  trail,
  when,
  type Evidence,
  type EvidenceContext,
} from './evidence.js';
import type { Confidence, ProbeErrorKind, ProbeStepKind } from './types.js';

export interface CauseDef {
  id: string;
  title: string;
  /** What to change, in Setup terms. */
  fix: string;
  /** Rule ids (docs/rules/) that audit this cause. */
  rules: readonly string[];
  /**
   * Causes this one explains more precisely (a session-based permission set explains why the object
   * is not readable): when both are found, this one ranks first.
   */
  refines?: readonly string[];
  /** What the facts say about this cause; undefined when they say nothing. */
  evidence?: (ctx: EvidenceContext) => Evidence | undefined;
}

/** One way an error is recognized. Codes compare case-insensitively; descriptions as substrings. */
export interface Matcher {
  kind: ProbeErrorKind;
  /** Step kinds; any when absent. */
  steps?: readonly ProbeStepKind[];
  /** Exact error code; any when absent. */
  code?: string;
  /** Error code prefix (`ERROR_HTTP_`). */
  codePrefix?: string;
  /** Any of these substrings of the description. */
  descriptions?: readonly string[];
  /** Lowest HTTP status (server errors). */
  minStatus?: number;
}

export interface EntryCause {
  cause: string;
  /** How well it is established that this cause produces this error. */
  confidence: Confidence;
  note?: string;
}

export interface DiagnosisEntry {
  id: string;
  title: string;
  match: readonly Matcher[];
  /** How well the error itself is established for the client credentials flow. */
  confidence: Confidence;
  /** What is known about the error: what Salesforce documents, what is observed, what is not. */
  known: string;
  /** Possible causes, in the order used when the facts say nothing. */
  causes: readonly EntryCause[];
  /** A representative error, for the documentation and the tests. */
  example: {
    kind: ProbeErrorKind;
    step: ProbeStepKind;
    status: number;
    code: string;
    message: string;
  };
}

const FOLLOW_ON: readonly ProbeStepKind[] = ['identity', 'api', 'describe', 'field', 'soql'];

// ---------------------------------------------------------------------------------------------
// Causes

const userFacts = (ctx: EvidenceContext): EvidenceContext['facts']['user'] => ctx.facts.user;

const CAUSE_LIST: readonly CauseDef[] = [
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
    id: 'run-as-user-not-set',
    title: 'The app has no Run As user',
    fix: 'Set the execution user: Connected App: App Manager > the app > Manage > Edit Policies > Client Credentials Flow > Run As. External Client App: Policies > OAuth Policies > Run As (clientCredentialsFlowUser). Use a dedicated API Only integration user.',
    rules: ['RG-0001'],
    evidence(ctx) {
      const app = ctx.facts.app;
      if (app === undefined) return byRule(ctx.facts, 'RG-0001', 'the app has no run-as user');
      const user = app.runAsUsername?.trim();
      return user === undefined || user === ''
        ? found(`${app.name} has no Run As user`)
        : ruledOut(`${app.name}'s Run As user is ${user}`);
    },
  },
  {
    id: 'run-as-user-not-found',
    title: 'The configured Run As username is not a user of this org',
    fix: 'Pick an existing integration user as Run As (a username deployed from another org or a sandbox does not exist here), or create the user.',
    rules: ['RG-0002'],
    evidence(ctx) {
      const rule = byRule(ctx.facts, 'RG-0002', 'the run-as username does not exist in the org');
      if (rule !== undefined) return rule;
      const username = ctx.facts.app?.runAsUsername;
      if (ctx.facts.runAsUserExists === false)
        return found(`${username ?? 'the run-as user'} is not a user of this org`);
      if (ctx.facts.runAsUserExists === true)
        return ruledOut(`${username ?? 'the run-as user'} exists in the org`);
      return undefined;
    },
  },
  {
    id: 'run-as-user-not-preauthorized',
    title: 'The run-as user is not pre-authorized for the admin-approved app',
    fix: "Pre-authorize the run-as user: Connected App: App Manager > the app > Manage > Profiles or Permission Sets > add the run-as user's profile or one of its permission sets. External Client App: Policies > App Policies > Selected Profiles / Selected Permission Sets.",
    rules: ['RG-0038'],
    evidence(ctx) {
      const { facts } = ctx;
      // The facts say more than the rule's verdict: which profile and sets would do.
      const rule = byRule(facts, 'RG-0038', 'the run-as user is not pre-authorized');
      const app = facts.app;
      if (app !== undefined && !requiresPreAuthorization(app))
        return ruledOut(`${app.name} is not admin-approved (users may self-authorize)`);
      if (app === undefined || facts.preAuthorized === undefined) return rule;
      if (facts.preAuthorized) return ruledOut('the run-as user is pre-authorized for the app');
      const allowed = [
        ...app.preAuthorizedProfiles.map((p) => `profile ${p}`),
        ...app.preAuthorizedPermissionSets.map((p) => `permission set ${p}`),
      ];
      const user = facts.user;
      const holds = [
        ...(user?.profile !== undefined ? [`profile ${user.profile.name}`] : []),
        ...(user?.permissionSets ?? []).map((p) => `permission set ${p}`),
      ];
      const change = trail(facts, ['changeUserRuntimeAccessPolicy']);
      const history = change === undefined ? '' : `; Permitted Users was changed ${when(change)}`;
      return found(
        `${app.name} pre-authorizes ${allowed.length > 0 ? allowed.join(', ') : 'nobody'}; ${user?.username ?? 'the run-as user'} has ${holds.length > 0 ? holds.join(', ') : 'none of them'}${history}`,
      );
    },
  },
  {
    id: 'preauthorizing-assignment-expired',
    title: 'The assignment that pre-authorized the run-as user has expired',
    fix: 'Renew the permission set assignment (Setup > Users > the user > Permission Set Assignments > Edit Assignments, expiration date) or pre-authorize a permission set the user holds without expiry.',
    rules: ['RG-0038', 'RG-0013'],
    refines: ['run-as-user-not-preauthorized'],
    evidence(ctx) {
      const access = ctx.facts.user?.access;
      const app = ctx.facts.app;
      if (access === undefined || app === undefined) return undefined;
      const sets = new Set(app.preAuthorizedPermissionSets.map((p) => p.toLowerCase()));
      const expired = exclusionsOfContainer(access, 'expired').find((e) =>
        sets.has(e.via.name.toLowerCase()),
      );
      return expired === undefined
        ? undefined
        : found(
            `the assignment of pre-authorized ${describeVia(expired.via)} expired${expired.expirationDate !== undefined ? ` on ${expired.expirationDate.slice(0, 10)}` : ''}`,
          );
    },
  },
  {
    id: 'run-as-user-inactive',
    title: 'The run-as user is deactivated',
    fix: "Reactivate the user (Setup > Users > the user > Edit > Active; a licence must be free) or set the app's Run As to an active integration user.",
    rules: ['RG-0003', 'RG-0030'],
    evidence(ctx) {
      const user = userFacts(ctx);
      const inactive = user?.isActive === false || ctx.facts.failingRules.includes('RG-0003');
      if (inactive) {
        const entry = trail(ctx.facts, ['deactivateduser']);
        const name = user?.username ?? 'the run-as user';
        return found(
          entry === undefined
            ? `${name} is inactive (User.IsActive = false)`
            : `${name} was deactivated ${when(entry)} (User.IsActive = false)`,
        );
      }
      if (user?.isActive === true) return ruledOut(`${user.username} is active`);
      return byRule(ctx.facts, 'RG-0003', '', 'the run-as user is active');
    },
  },
  {
    id: 'run-as-user-frozen',
    title: 'The run-as user is frozen',
    fix: "Unfreeze the user (Setup > Users > the user > Unfreeze) once the reason for the freeze is resolved, or set the app's Run As to another integration user.",
    rules: ['RG-0004', 'RG-0030'],
    evidence(ctx) {
      const user = userFacts(ctx);
      if (user?.isFrozen === true || ctx.facts.failingRules.includes('RG-0004')) {
        const entry = trail(ctx.facts, ['frozeuser']);
        const name = user?.username ?? 'the run-as user';
        return found(
          entry === undefined
            ? `${name} is frozen (UserLogin.IsFrozen = true)`
            : `${name} was frozen ${when(entry)} (UserLogin.IsFrozen = true)`,
        );
      }
      if (user?.isFrozen === false) return ruledOut(`${user.username} is not frozen`);
      return byRule(ctx.facts, 'RG-0004', '', 'the run-as user is not frozen');
    },
  },
  {
    id: 'run-as-user-password-locked',
    title: 'The run-as user is locked out',
    fix: 'Unlock the user (Setup > Users > the user > Unlock) and find what keeps failing logins with its password (Login History).',
    rules: ['RG-0005'],
    evidence(ctx) {
      const user = userFacts(ctx);
      if (user?.isPasswordLocked === true || ctx.facts.failingRules.includes('RG-0005'))
        return found(
          `${user?.username ?? 'the run-as user'} is locked out (UserLogin.IsPasswordLocked = true)`,
        );
      if (user?.isPasswordLocked === false) return ruledOut(`${user.username} is not locked out`);
      return byRule(ctx.facts, 'RG-0005', '', 'the run-as user is not locked out');
    },
  },
  {
    id: 'run-as-user-api-disabled',
    title: 'The run-as user lacks API Enabled',
    fix: 'Grant API Enabled through a permission set assigned to the run-as user (or its profile); the Minimum Access - API Only Integrations profile has it.',
    rules: ['RG-0007'],
    evidence(ctx) {
      const user = userFacts(ctx);
      const access = user?.access;
      if (access === undefined)
        return byRule(
          ctx.facts,
          'RG-0007',
          'the run-as user lacks API Enabled',
          'API Enabled is granted',
        );
      const via = systemVia(access, 'ApiEnabled');
      if (via.length > 0)
        return ruledOut(`API Enabled is granted by ${via.map(describeVia).join(', ')}`);
      const profile = user?.profile === undefined ? '' : ` (profile ${user.profile.name})`;
      return found(
        `no container of ${user?.username ?? 'the run-as user'}${profile} grants API Enabled`,
      );
    },
  },
  {
    id: 'run-as-user-not-api-only',
    title: 'The run-as user lacks API Only User',
    fix: 'Give the run-as user API Only User (the Minimum Access - API Only Integrations profile, or a permission set with ApiUserOnly).',
    rules: ['RG-0008'],
    evidence(ctx) {
      const access = userFacts(ctx)?.access;
      if (access === undefined) return undefined;
      const via = systemVia(access, 'ApiUserOnly');
      // Salesforce is not known to refuse tokens for this (docs/salesforce-behaviour.md 1.6): likely at most.
      return via.length > 0
        ? ruledOut(`API Only User is granted by ${via.map(describeVia).join(', ')}`)
        : likely('the run-as user lacks API Only User');
    },
  },
  {
    id: 'mfa-for-api-logins',
    title: 'The run-as user must use MFA for API logins',
    fix: "Remove Multi-Factor Authentication for API Logins (TwoFactorApi) from the run-as user's profile and permission sets: a client-credentials call cannot satisfy it.",
    rules: ['RG-0035'],
    evidence(ctx) {
      const access = userFacts(ctx)?.access;
      if (access === undefined) return undefined;
      const via = systemVia(access, 'TwoFactorApi');
      return via.length > 0
        ? likely(
            `Multi-Factor Authentication for API Logins is granted by ${via.map(describeVia).join(', ')}`,
          )
        : ruledOut('the run-as user does not need MFA for API logins');
    },
  },
  {
    id: 'login-ip-range',
    title: "The request comes from outside the run-as user's profile login IP ranges",
    fix: "Add the integration's egress addresses to the profile's Login IP Ranges (Setup > Profiles > the profile > Login IP Ranges), or relax IP restrictions on the app (which widens who can use a leaked secret), and run the integration (and the probe) from those addresses.",
    rules: ['RG-0016'],
    evidence(ctx) {
      const { facts } = ctx;
      const policies = facts.user?.profile?.policies;
      if (policies === undefined)
        return byRule(facts, 'RG-0016', 'a declared egress IP is outside the login IP ranges');
      const profile = facts.user?.profile?.name ?? 'the profile';
      if (policies.loginIpRanges.length === 0) return ruledOut(`${profile} has no login IP ranges`);
      if (relaxesIpRestrictions(facts.app?.ipRelaxation))
        return ruledOut(
          `${facts.app?.name ?? 'the app'} relaxes IP restrictions (${facts.app?.ipRelaxation ?? ''})`,
        );
      const ranges = policies.loginIpRanges.map((r) => `${r.start}-${r.end}`).join(', ');
      const outside = (facts.egressIps ?? []).filter(
        (ip) => !policies.loginIpRanges.some((r) => ipInRange(ip, r)),
      );
      if (outside.length > 0)
        return found(
          `egress ${outside.join(', ')} is outside ${profile}'s login IP ranges ${ranges}`,
        );
      return likely(
        `${profile} allows logins only from ${ranges}; the address the request came from must be inside them`,
      );
    },
  },
  {
    id: 'login-hours',
    title: "The request came outside the run-as user's profile login hours",
    fix: "Widen the profile's Login Hours (Setup > Profiles > the profile > Login Hours) to cover when the integration runs, or schedule the integration inside them.",
    rules: ['RG-0017'],
    evidence(ctx) {
      const { facts } = ctx;
      const policies = facts.user?.profile?.policies;
      if (policies === undefined) return undefined;
      const profile = facts.user?.profile?.name ?? 'the profile';
      const hours = policies.loginHours;
      if (hours === undefined) return ruledOut(`${profile} has no login hours`);
      const allowed = formatLoginHours(hours);
      if (facts.timeZone === undefined)
        return likely(
          `${profile} allows logins only ${allowed} (the org's time zone is not known here)`,
        );
      try {
        const { inside, local } = insideLoginHours(hours, new Date(ctx.probe.at), facts.timeZone);
        return inside
          ? ruledOut(`${local} is inside ${profile}'s login hours (${allowed})`)
          : found(`${local} is outside ${profile}'s login hours (${allowed})`);
      } catch {
        return likely(`${profile} allows logins only ${allowed}`);
      }
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
    id: 'needed-access-session-based',
    title: 'The access comes only from a session-based permission set',
    fix: 'Grant the access through a permission set without Session Activation Required: a client-credentials session never activates session-based permission sets.',
    rules: ['RG-0012', 'RG-0010'],
    refines: ['object-not-readable', 'field-hidden-by-fls'],
    evidence: (ctx) => excludedEvidence(ctx, 'session-based'),
  },
  {
    id: 'needed-access-expired-assignment',
    title: 'The access came from a permission set assignment that has expired',
    fix: 'Renew the assignment (Setup > Users > the user > Permission Set Assignments > Edit Assignments) or grant the access through a permanent assignment.',
    rules: ['RG-0013', 'RG-0010'],
    refines: ['object-not-readable', 'field-hidden-by-fls'],
    evidence: (ctx) => excludedEvidence(ctx, 'expired'),
  },
  {
    id: 'needed-access-muted',
    title: "A permission set group's muting permission set removes the access",
    fix: "Edit the group's muting permission set (Setup > Permission Set Groups > the group > Muting Permission Set) so that it no longer mutes what the integration needs.",
    rules: ['RG-0014', 'RG-0010'],
    refines: ['object-not-readable', 'field-hidden-by-fls'],
    evidence: (ctx) => excludedEvidence(ctx, 'muted'),
  },
  {
    id: 'object-not-readable',
    title: 'The run-as user cannot read the object',
    fix: 'Grant Read on the object through a permission set assigned to the run-as user (Object Settings > the object > Read).',
    rules: ['RG-0010'],
    evidence(ctx) {
      const { object } = targetOf(ctx);
      const access = ctx.facts.user?.access;
      if (object === undefined || access === undefined) return undefined;
      // An object the audit's schema does not have is a different cause.
      if (ctx.facts.objects !== undefined && knownObject(ctx.facts, object) === undefined)
        return undefined;
      return canReadObject(access, object)
        ? ruledOut(`the audit found Read on ${object} for the run-as user`)
        : found(`no container of the run-as user grants Read on ${object}`);
    },
  },
  {
    id: 'object-not-in-org',
    title: 'The object does not exist in this org',
    fix: "Check the object's API name (custom objects end in __c; managed ones carry a namespace prefix) and that it is deployed to this org; then correct the manifest's needs and probe query.",
    rules: [],
    evidence(ctx) {
      const { object } = targetOf(ctx);
      if (object === undefined || ctx.facts.objects === undefined) return undefined;
      return knownObject(ctx.facts, object) === undefined
        ? found(`the audit's schema of this org has no object ${object}`)
        : ruledOut(`${object} exists in the org`);
    },
  },
  {
    id: 'field-hidden-by-fls',
    title: 'Field-level security hides the field from the run-as user',
    fix: 'Grant Read on the field through a permission set assigned to the run-as user (Object Settings > the object > Field Permissions > Read Access).',
    rules: ['RG-0010'],
    evidence(ctx) {
      const { field } = targetOf(ctx);
      const access = ctx.facts.user?.access;
      if (field === undefined || access === undefined) return undefined;
      if (canReadField(access, field))
        return ruledOut(`the audit found Read on ${field} for the run-as user`);
      const [object = '', name = ''] = field.split('.');
      const known = knownObject(ctx.facts, object);
      const fls =
        known === undefined
          ? undefined
          : ctx.facts.objects?.[known]?.some((f) => f.toLowerCase() === name.toLowerCase());
      // Only fields under field-level security can be hidden by it.
      return fls === true
        ? found(`no container of the run-as user grants Read on ${field}`)
        : undefined;
    },
  },
  {
    id: 'field-not-in-org',
    title: 'The field does not exist on the object in this org',
    fix: "Check the field's API name (custom fields end in __c) and that it is deployed to this org; then correct the manifest's needs and probe query.",
    rules: [],
    evidence(ctx) {
      const { field } = targetOf(ctx);
      if (field === undefined) return undefined;
      const [object = '', name = ''] = field.split('.');
      const known = knownObject(ctx.facts, object);
      const fields = known === undefined ? undefined : ctx.facts.objects?.[known];
      if (fields === undefined) return undefined;
      // The audit lists only fields under field-level security: absence is a hint, not proof.
      return fields.some((f) => f.toLowerCase() === name.toLowerCase())
        ? ruledOut(`${field} exists in the org`)
        : likely(
            `the audit's schema lists no field ${name} under field-level security on ${known ?? object}`,
          );
    },
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
  {
    id: 'org-unreachable',
    title: 'The org could not be reached',
    fix: "Check the URL (the org's My Domain), DNS, proxies and firewalls between the integration and Salesforce, then retry.",
    rules: [],
    evidence(ctx) {
      const mine = myDomainOf(ctx);
      const used = originOf(ctx.probe.loginUrl);
      if (mine === undefined || used === undefined || used === mine.origin) return undefined;
      return likely(
        `the probe called ${used}, not the org's My Domain ${mine.origin}`,
        mine.source,
      );
    },
  },
  {
    id: 'unexpected-response',
    title: 'The answer was not what Salesforce sends',
    fix: 'Check for proxies or TLS inspection between the integration and Salesforce that change or cut answers, then retry.',
    rules: [],
  },
];

/** Every cause, by id. */
export const CAUSES: ReadonlyMap<string, CauseDef> = new Map(CAUSE_LIST.map((c) => [c.id, c]));

function appName(ctx: EvidenceContext): string {
  return ctx.facts.app?.name ?? 'of that name';
}

const REASON_WORDS = {
  'session-based': 'session-based (not active in a client-credentials session)',
  expired: 'an expired assignment',
  muted: "muted by its group's muting permission set",
} as const;

const REASON_NOUNS = {
  'session-based': 'a session-based permission set',
  expired: 'an expired assignment',
  muted: 'a muting permission set',
} as const;

/** RG-0012/13/14: the needed read reaches the user only through an excluded path. */
function excludedEvidence(
  ctx: EvidenceContext,
  reason: keyof typeof REASON_WORDS,
): Evidence | undefined {
  const access = ctx.facts.user?.access;
  const { object, field } = targetOf(ctx);
  if (access === undefined || object === undefined) return undefined;
  const what = field ?? object;
  const granted = field !== undefined ? canReadField(access, field) : canReadObject(access, object);
  if (granted) return undefined;
  // A field of an object the user cannot read: the object's read is what is missing.
  const permission =
    field !== undefined && canReadObject(access, object)
      ? `field:${field}:read`
      : `object:${object}:read`;
  const paths = excludedVia(access, reason, permission);
  if (paths.length === 0) return ruledOut(`Read on ${what} is not lost to ${REASON_NOUNS[reason]}`);
  const names = paths.map((p) =>
    p.expirationDate === undefined
      ? describeVia(p.via)
      : `${describeVia(p.via)} (expired ${p.expirationDate.slice(0, 10)})`,
  );
  return found(`Read on ${what} would come from ${names.join(', ')}: ${REASON_WORDS[reason]}`);
}

// ---------------------------------------------------------------------------------------------
// Entries, most specific first: the first entry whose matcher accepts the error wins.

export const DIAGNOSES: readonly DiagnosisEntry[] = [
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
  {
    id: 'server-error',
    title: 'Salesforce answered with a server error',
    match: [
      { kind: 'oauth', minStatus: 500 },
      { kind: 'rest', minStatus: 500 },
    ],
    confidence: 'DOC',
    known: 'HTTP 5xx: the server failed, not the request.',
    causes: [{ cause: 'salesforce-unavailable', confidence: 'DOC' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 503,
      code: 'ERROR_HTTP_503',
      message: 'Service Unavailable',
    },
  },
  {
    id: 'unexpected-response',
    title: 'An answer the probe could not read',
    match: [
      { kind: 'rest', code: 'MALFORMED_RESPONSE' },
      { kind: 'rest', code: 'RESPONSE_TOO_LARGE' },
      { kind: 'oauth', code: 'MALFORMED_RESPONSE' },
      { kind: 'rest', codePrefix: 'ERROR_HTTP_3' },
      { kind: 'oauth', codePrefix: 'ERROR_HTTP_3' },
    ],
    confidence: 'DOC',
    known:
      'The answer was cut short, redirected, too large or not JSON: not an answer Salesforce sends for this call.',
    causes: [
      { cause: 'unexpected-response', confidence: 'DOC' },
      {
        cause: 'wrong-token-host',
        confidence: 'UNCONFIRMED',
        note: 'a host that is not Salesforce answers differently',
      },
    ],
    example: {
      kind: 'rest',
      step: 'describe',
      status: 200,
      code: 'MALFORMED_RESPONSE',
      message: 'the answer is not valid JSON',
    },
  },
  {
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
  },
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
  {
    id: 'network',
    title: 'No answer from the org',
    match: [{ kind: 'network' }],
    confidence: 'DOC',
    known:
      'The connection was refused, dropped or timed out before an answer: the org could not be reached (exit 3), which says nothing about the app.',
    causes: [{ cause: 'org-unreachable', confidence: 'DOC' }],
    example: {
      kind: 'network',
      step: 'token',
      status: 0,
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:9',
    },
  },
];
