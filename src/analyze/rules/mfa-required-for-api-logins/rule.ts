import { describeVias, viaEvidence } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { systemPermissionVia } from '../../../model/effective/query.js';
import { REFERENCES } from '../references.js';

const MFA_INTEGRATION_USERS =
  'https://help.salesforce.com/s/articleView?type=5&id=xcloud.mfa_enable_integration_user_human_logins.htm';

export const rule = defineRule({
  id: 'RG-0035',
  slug: 'mfa-required-for-api-logins',
  aliases: [],
  title: 'Run-as user requires multi-factor authentication for API logins',
  severity: 'high',
  category: 'policy',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  requires: ['apps', 'access'],
  // `TwoFactorApi` adds MFA to API logins (TYPES); its effect on the client credentials flow is
  // UNCONFIRMED (docs/salesforce-behaviour.md 1.6), and the message says so. Org-level "Require MFA
  // for all direct UI logins" does not apply to API logins (DOC).
  rationale:
    'The user permission "Multi-Factor Authentication for API Logins" asks for a second factor on API logins. A client-credentials call is non-interactive and has no way to provide one, so the permission on a run-as user at best does nothing and at worst blocks the integration.',
  remediation:
    'Remove "Multi-Factor Authentication for API Logins" from the run-as user: take it out of the profile or permission set that grants it (Setup > Permission Sets > the set > System Permissions). Protect the integration with admin approval, login IP ranges and a short session timeout instead.',
  references: [MFA_INTEGRATION_USERS, REFERENCES.integrationUserBlog],
  messages: {
    required:
      '{{username}}, the run-as user of {{app}}, has Multi-Factor Authentication for API Logins (TwoFactorApi) via {{via}}: a non-interactive client-credentials login cannot complete MFA, so its token requests may fail (the effect on this flow is UNCONFIRMED)',
    notRequired:
      '{{username}}, the run-as user of {{app}}, does not have Multi-Factor Authentication for API Logins (TwoFactorApi)',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      const via = systemPermissionVia(integration.access, 'TwoFactorApi');
      if (via.length === 0)
        ctx.pass(integration, 'notRequired', data, { expected: false, actual: false });
      else
        ctx.fail(
          integration,
          'required',
          { ...data, via: describeVias(via) },
          { expected: false, actual: true, via: viaEvidence(via) },
        );
    }
  },
});
