import { heldPermissionSets, profileOf } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { preAuthorization, requiresPreAuthorization } from '../../../model/policy/index.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0038',
  slug: 'run-as-user-not-preauthorized',
  aliases: [],
  title: 'Run-as user is not pre-authorized for its admin-approved app',
  severity: 'critical',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05'], 'owasp-nhi-2025': ['NHI4'] },
  requires: ['apps', 'access'],
  // OBS x3 (docs/salesforce-behaviour.md 1.5): real orgs refuse the token with invalid_app_access
  // although the Connected App help says Permitted Users does not apply to the execution user.
  // Whether a session-based permission set counts for pre-authorization is UNCONFIRMED: it is
  // assigned, so it is counted here.
  rationale:
    'When Permitted Users is "Admin approved users are pre-authorized", Salesforce refuses the token with invalid_app_access "user is not admin approved to access this app" unless the run-as user\'s profile or one of its permission sets is attached to the app.',
  remediation:
    "Connected App: Setup > App Manager > the app > Manage > Profiles or Permission Sets > add the run-as user's profile or a permission set it holds. External Client App: External Client App Manager > the app > Policies > App Policies > Selected Permission Sets > add a permission set the run-as user holds.",
  references: [
    REFERENCES.oauthErrors,
    REFERENCES.connectedAppMetadata,
    REFERENCES.ecaOauthPolicies,
  ],
  messages: {
    notPreauthorized:
      '{{app}} admits only pre-authorized users, and neither the profile {{profile}} of {{username}} nor its permission sets ({{permissionSets}}) are pre-authorized: token requests fail with invalid_app_access',
    byProfile: '{{username}} is pre-authorized for {{app}} through its profile {{profile}}',
    byPermissionSet:
      '{{username}} is pre-authorized for {{app}} through the permission set {{permissionSet}}',
    notAdminApproved:
      '{{app}} is not admin-approved, so pre-authorization of {{username}} does not apply (RG-0025 reviews self-authorization)',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const { app, user, username } = integration;
      const data = { app: app.name, username };
      if (!requiresPreAuthorization(app)) {
        ctx.skip(integration, 'notAdminApproved', data);
        continue;
      }
      // A profile is named by its label or its metadata full name, depending on the source.
      const names = [
        user.profileName,
        user.profileFullName,
        profileOf(ctx.facet('access'), user)?.fullName,
      ];
      const held = heldPermissionSets(ctx.facet('access'), username, ctx.now);
      const by = preAuthorization(app, names, held);
      if (by?.by === 'profile') {
        ctx.pass(integration, 'byProfile', { ...data, profile: user.profileName });
        continue;
      }
      if (by?.by === 'permissionSet') {
        const name =
          by.group === undefined ? by.permissionSet : `${by.permissionSet} (group ${by.group})`;
        ctx.pass(integration, 'byPermissionSet', { ...data, permissionSet: name });
        continue;
      }
      const heldNames = [...new Set(held.map((h) => h.name))];
      ctx.fail(
        integration,
        'notPreauthorized',
        {
          ...data,
          profile: user.profileName,
          permissionSets: heldNames.length === 0 ? 'none' : heldNames,
        },
        {
          expected: {
            profiles: [...app.preAuthorizedProfiles],
            permissionSets: [...app.preAuthorizedPermissionSets],
          },
          actual: { profile: user.profileName, permissionSets: heldNames },
        },
      );
    }
  },
});
