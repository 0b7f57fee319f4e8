import { describeVias, viaEvidence } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { systemPermissionVia } from '../../../model/effective/query.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0007',
  slug: 'run-as-user-api-disabled',
  aliases: [],
  title: 'Run-as user lacks API Enabled',
  severity: 'critical',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  requires: ['apps', 'access'],
  // Whether the token request itself fails without API Enabled is UNCONFIRMED; the follow-on
  // calls answer 403 API_CURRENTLY_DISABLED (OBS, docs/salesforce-behaviour.md 1.6).
  rationale:
    'Without API Enabled every API call of the integration fails with 403 API_CURRENTLY_DISABLED "API is disabled for this User", even when a token is issued.',
  remediation:
    "Grant API Enabled through the run-as user's profile (Minimum Access - API Only Integrations has it) or through a permission set assigned to the user: Setup > Permission Sets > the set > System Permissions > API Enabled.",
  references: [REFERENCES.integrationUserBlog, REFERENCES.connectedAppClientCredentials],
  messages: {
    disabled:
      '{{username}}, the run-as user of {{app}}, lacks API Enabled: every API call fails with 403 API_CURRENTLY_DISABLED',
    enabled: '{{username}}, the run-as user of {{app}}, has API Enabled through {{via}}',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      const via = systemPermissionVia(integration.access, 'ApiEnabled');
      if (via.length === 0)
        ctx.fail(integration, 'disabled', data, { expected: true, actual: false });
      else
        ctx.pass(
          integration,
          'enabled',
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
