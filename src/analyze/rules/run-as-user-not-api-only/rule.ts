import { describeVias, viaEvidence } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { systemPermissionVia } from '../../../model/effective/query.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0008',
  slug: 'run-as-user-not-api-only',
  aliases: [],
  title: 'Run-as user is not API only',
  severity: 'medium',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI10'], 'nist-csf-2.0': ['PR.AA-01'] },
  requires: ['apps', 'access'],
  // Salesforce documents that the execution user must have API Only; it is not enforced at
  // token time as far as known (docs/salesforce-behaviour.md 1.6): a warning-level finding.
  rationale:
    "Salesforce documents that the client-credentials execution user must have the API Only User permission. Without it, anyone who learns or resets the account's password can log into the user interface as the integration, with all of its access.",
  remediation:
    'Put the run-as user on the Minimum Access - API Only Integrations profile, or grant API Only User in its profile or a permission set assigned to it: Setup > Permission Sets > the set > System Permissions > API Only User.',
  references: [
    REFERENCES.connectedAppMetadata,
    REFERENCES.ecaOauthPolicies,
    REFERENCES.integrationUserBlog,
  ],
  messages: {
    notApiOnly:
      '{{username}}, the run-as user of {{app}}, lacks API Only User (ApiUserOnly): a person could log into the user interface with it',
    apiOnly: '{{username}}, the run-as user of {{app}}, is API only through {{via}}',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      const via = systemPermissionVia(integration.access, 'ApiUserOnly');
      if (via.length === 0)
        ctx.fail(integration, 'notApiOnly', data, { expected: true, actual: false });
      else
        ctx.pass(
          integration,
          'apiOnly',
          { ...data, via: describeVias(via) },
          {
            expected: true,
            actual: true,
            via: viaEvidence(via),
          },
        );
    }
  },
});
