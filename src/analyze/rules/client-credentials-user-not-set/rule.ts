import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0001',
  slug: 'client-credentials-user-not-set',
  aliases: [],
  title: 'Client-credentials app has no run-as user',
  severity: 'critical',
  category: 'identity',
  tags: ['recommended'],
  scope: 'app',
  frameworks: { 'nist-csf-2.0': ['PR.AA-01'] },
  requires: ['apps'],
  rationale:
    'With the client credentials flow switched on and no Run As user, Salesforce has no identity to issue the token for: every token request fails with invalid_grant "no client credentials user enabled", so the integration is down.',
  remediation:
    'Connected App: Setup > App Manager > the app > Manage > Edit Policies > Client Credentials Flow > Run As, and choose a dedicated integration user. External Client App: External Client App Manager > the app > Policies > Edit > OAuth Policies > Run As. Use an API-only user of the Salesforce Integration licence; if the integration is retired, switch the flow off instead.',
  references: [
    REFERENCES.connectedAppClientCredentials,
    REFERENCES.connectedAppMetadata,
    REFERENCES.ecaOauthPolicies,
  ],
  messages: {
    notSet:
      '{{app}} has the client credentials flow enabled but no run-as user: token requests fail with invalid_grant "no client credentials user enabled"',
    set: '{{app}} has a run-as user configured: {{username}}',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const app = integration.app.name;
      if (integration.username === undefined)
        ctx.fail(integration, 'notSet', { app }, { expected: 'a run-as username', actual: null });
      else ctx.pass(integration, 'set', { app, username: integration.username });
    }
  },
});
