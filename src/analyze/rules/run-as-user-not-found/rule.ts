import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0002',
  slug: 'run-as-user-not-found',
  aliases: [],
  title: 'Run-as user does not exist in the org',
  severity: 'critical',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI8'], 'nist-csf-2.0': ['PR.AA-01'] },
  // Live mode: the snapshot holds every run-as user that exists. Project and preflight mode compare
  // with the manifest's usernames instead, once the manifest lands (docs/manifest.md).
  requires: ['apps', 'users'],
  rationale:
    'An app configured with a username that does not exist cannot issue tokens. This is typical after metadata is deployed to another org or a refreshed sandbox, where usernames carry other suffixes.',
  remediation:
    "Create the user (Setup > Users > New User, licence Salesforce Integration, profile Minimum Access - API Only Integrations) or set the app's Run As to an existing integration user of this org. After a sandbox refresh or a deployment, set the run-as user per org.",
  references: [REFERENCES.connectedAppMetadata, REFERENCES.ecaOauthPolicies, REFERENCES.userObject],
  messages: {
    notFound:
      '{{app}} is configured to run as {{username}}, which does not exist in this org: token requests fail',
    found: '{{username}}, the run-as user of {{app}}, exists in the org',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const { username } = integration;
      if (username === undefined) continue; // RG-0001
      const data = { app: integration.app.name, username };
      if (integration.user === undefined)
        ctx.fail(integration, 'notFound', data, { expected: 'an existing user', actual: null });
      else ctx.pass(integration, 'found', data);
    }
  },
});
