import { describeVias, profileOf, viaEvidence } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { systemPermissionVia } from '../../../model/effective/query.js';
import { REFERENCES } from '../references.js';

/** Together these make an administrator whatever the profile is called (RG-0020). */
const ADMIN_TRIO = ['ModifyAllData', 'CustomizeApplication', 'ManageUsers'] as const;

export const rule = defineRule({
  id: 'RG-0020',
  slug: 'run-as-user-is-admin',
  aliases: [],
  title: 'Run-as user is a System Administrator',
  severity: 'critical',
  category: 'privilege',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI10', 'NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
  requires: ['apps', 'access'],
  rationale:
    "An integration that runs as an administrator can read and change everything, and its token grants that to whoever holds the consumer secret. Admin accounts are also human accounts: a person's offboarding, password reset or MFA change breaks the integration.",
  remediation:
    "Create a dedicated integration user (Setup > Users > New User: licence Salesforce Integration, profile Minimum Access - API Only Integrations), give it only the object and field access the integration needs through a permission set, and set it as the app's Run As user.",
  references: [REFERENCES.integrationUserBlog, REFERENCES.owaspNhi],
  messages: {
    adminProfile:
      '{{username}}, the run-as user of {{app}}, has the System Administrator profile (metadata name Admin)',
    adminPermissions:
      '{{username}}, the run-as user of {{app}}, holds Modify All Data, Customize Application and Manage Users: {{via}}',
    notAdmin:
      '{{username}}, the run-as user of {{app}}, is not an administrator (profile {{profile}}; not all of Modify All Data, Customize Application and Manage Users)',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const { user, access } = integration;
      const data = { app: integration.app.name, username: integration.username };
      // By metadata full name, never by label: standard labels are translated.
      const fullName = user.profileFullName ?? profileOf(ctx.facet('access'), user)?.fullName;
      if (fullName === 'Admin') {
        ctx.fail(integration, 'adminProfile', data, { expected: 'not Admin', actual: fullName });
        continue;
      }
      const trio = ADMIN_TRIO.map((name) => ({ name, via: systemPermissionVia(access, name) }));
      if (trio.every((p) => p.via.length > 0)) {
        const via = trio.map((p) => `${p.name} via ${describeVias(p.via)}`).join('; ');
        ctx.fail(
          integration,
          'adminPermissions',
          { ...data, via },
          { expected: [], actual: [...ADMIN_TRIO], via: trio.flatMap((p) => viaEvidence(p.via)) },
        );
        continue;
      }
      ctx.pass(integration, 'notAdmin', { ...data, profile: user.profileName });
    }
  },
});
