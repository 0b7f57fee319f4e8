import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

/** Whether the app's scopes include `Api` (metadata token; ECA settings may spell it in other case). */
export function hasApiScope(scopes: readonly string[]): boolean {
  return scopes.some((s) => s.trim().toLowerCase() === 'api');
}

export const rule = defineRule({
  id: 'RG-0019',
  slug: 'app-missing-api-scope',
  aliases: [],
  title: 'Client-credentials app lacks the Api scope',
  severity: 'critical',
  category: 'policy',
  tags: ['recommended'],
  scope: 'app',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  requires: ['apps'],
  // Without Api, REST calls answer 401 INVALID_SESSION_ID "This session is not valid for use with
  // the REST API" (OBS, docs/salesforce-behaviour.md 1.6). That a client-credentials token never
  // receives Full, Web, RefreshToken or offline_access is the rule catalog's premise; there is
  // no first-hand sample of it (OBSERVED only second-hand, docs/salesforce-behaviour.md 1.3), and a newer error text names Full too.
  rationale:
    'A client-credentials token can call the REST API only with the Api scope ("Manage user data via APIs"). Without it the token request may succeed, but every follow-on call fails with 401 INVALID_SESSION_ID, so the integration is down.',
  remediation:
    'Connected App: Setup > App Manager > the app > Edit > API (Enable OAuth Settings) > Selected OAuth Scopes > add "Manage user data via APIs (api)". External Client App: External Client App Manager > the app > Settings > OAuth Settings > OAuth Scopes > add "Manage user data via APIs (api)".',
  references: [REFERENCES.connectedAppMetadata, REFERENCES.clientCredentialsFlow],
  messages: {
    missing:
      '{{app}} does not grant the Api scope (Manage user data via APIs), only {{scopes}}: API calls with its client-credentials tokens fail with 401 INVALID_SESSION_ID',
    present: '{{app}} grants the Api scope (Manage user data via APIs)',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const { app } = integration;
      const scopes = [...app.scopes].sort();
      const evidence = { expected: ['Api'], actual: scopes };
      if (hasApiScope(app.scopes)) ctx.pass(integration, 'present', { app: app.name }, evidence);
      else
        ctx.fail(
          integration,
          'missing',
          { app: app.name, scopes: scopes.length === 0 ? 'no scope at all' : scopes },
          evidence,
        );
    }
  },
});
