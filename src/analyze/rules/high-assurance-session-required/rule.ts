import { profileOf } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

const PROFILE_SESSION_SETTINGS =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilesessionsetting.htm';

/** `HIGH_ASSURANCE` as metadata writes it; tolerant of case and separators ("High Assurance"). */
export function isHighAssurance(level: string | undefined): boolean {
  return level?.toUpperCase().replace(/[^A-Z]/g, '') === 'HIGHASSURANCE';
}

export const rule = defineRule({
  id: 'RG-0018',
  slug: 'high-assurance-session-required',
  aliases: [],
  title: 'High Assurance session is required for the run-as user',
  severity: 'high',
  category: 'policy',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  requires: ['apps', 'access', 'sessionSettings'],
  // OBS (jsforce PR #1301, docs/salesforce-behaviour.md 1.6): with High Assurance required by the
  // profile or the app, API calls answer 401 INVALID_SESSION_ID "This session is not valid for use
  // with the REST API". A client-credentials login has no second factor to raise its level.
  rationale:
    'A client-credentials login cannot raise its session to High Assurance: there is no person to complete a second factor. When the profile session settings or the app session policy require High Assurance, the token is issued but every API call fails with 401 INVALID_SESSION_ID.',
  remediation:
    "Profile: Setup > Profiles > the run-as user's profile > Session Settings > Session security level required at login: None (or Standard); better, use a dedicated profile for integrations. Connected App: Setup > App Manager > the app > Manage > Edit Policies > Session Policies > High Assurance session required: off. External Client App: External Client App Manager > the app > Policies > Session Policies > Session Security Level: Standard.",
  references: [
    PROFILE_SESSION_SETTINGS,
    REFERENCES.connectedAppMetadata,
    REFERENCES.ecaOauthPolicies,
  ],
  messages: {
    required:
      'A High Assurance session is required for {{username}}, the run-as user of {{app}}, by {{where}}: API calls with its tokens fail with 401 INVALID_SESSION_ID "This session is not valid for use with the REST API"',
    notRequired:
      'Neither the session policy of {{app}} nor the session settings of profile {{profile}} require a High Assurance session for {{username}}',
    profileUnknown:
      'The profile {{profile}} of {{username}}, the run-as user of {{app}}, is not in the snapshot, and {{app}} does not require High Assurance: whether the profile does is unknown',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const { app, user, username } = integration;
      const profile = profileOf(ctx.facet('sessionSettings'), user);
      const data = { app: app.name, username, profile: user.profileName };
      const where: string[] = [];
      if (isHighAssurance(app.requiredSessionLevel))
        where.push(`the session policy of ${app.name}`);
      if (isHighAssurance(profile?.requiredSessionLevel))
        where.push(`the session settings of profile ${user.profileName}`);
      const evidence = {
        expected: 'no High Assurance requirement',
        actual: {
          app: app.requiredSessionLevel ?? null,
          profile: profile === undefined ? 'unknown' : (profile.requiredSessionLevel ?? null),
        },
      };
      if (where.length > 0)
        ctx.fail(integration, 'required', { ...data, where: where.join(' and ') }, evidence);
      else if (profile === undefined) ctx.skip(integration, 'profileUnknown', data);
      else ctx.pass(integration, 'notRequired', data, evidence);
    }
  },
});
