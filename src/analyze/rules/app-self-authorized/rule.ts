import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0025',
  slug: 'app-self-authorized',
  aliases: [],
  title: 'Client-credentials app lets all users self-authorize',
  severity: 'medium',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'app',
  frameworks: { 'owasp-nhi-2025': ['NHI4'], sbs: ['SBS-OAUTH-001'] },
  requires: ['apps'],
  // Connected App `isAdminApproved`, ECA `permittedUsersPolicyType` = AdminApprovedPreAuthorized
  // (docs/salesforce-behaviour.md 2.2 and 2.3). Switching to admin-approved makes Salesforce refuse
  // the run-as user's token unless it is pre-authorized (OBS x3, docs/salesforce-behaviour.md 1.6): hence RG-0038.
  rationale:
    'With Permitted Users set to "All users may self-authorize", any user of the org can authorize the app\'s other OAuth flows with its consumer key, and nothing records who should use it. Admin approval limits the app to the profiles and permission sets an admin attaches to it.',
  remediation:
    'In one change: set Permitted Users to "Admin approved users are pre-authorized" and pre-authorize the run-as user, or its token requests start failing with invalid_app_access (RG-0038). Connected App: Setup > App Manager > the app > Manage > Edit Policies > Permitted Users, then Manage Profiles or Manage Permission Sets to add the run-as user\'s profile or a permission set it holds. External Client App: External Client App Manager > the app > Policies > App Policies > Permitted Users and Selected Permission Sets.',
  references: [
    REFERENCES.connectedAppMetadata,
    REFERENCES.ecaOauthPolicies,
    REFERENCES.sbsAccessControls,
  ],
  messages: {
    selfAuthorized:
      '{{app}} lets all users self-authorize (Permitted Users is not "Admin approved users are pre-authorized"): any user of the org may authorize it',
    adminApproved: '{{app}} admits only admin-approved, pre-authorized users',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const { app } = integration;
      const evidence = {
        expected: { adminApproved: true },
        actual: { adminApproved: app.adminApproved },
      };
      if (app.adminApproved) ctx.pass(integration, 'adminApproved', { app: app.name }, evidence);
      else ctx.fail(integration, 'selfAuthorized', { app: app.name }, evidence);
    }
  },
});
