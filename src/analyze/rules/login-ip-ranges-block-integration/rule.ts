import { profileOf } from '../../access.js';
import { declaredIntegration } from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import type { IpRange } from '../../../model/permissions.js';
import { ipInRange, relaxesIpRestrictions } from '../../../model/policy/index.js';
import { REFERENCES } from '../references.js';

const describeRange = (r: IpRange): string => (r.start === r.end ? r.start : `${r.start}-${r.end}`);

export const rule = defineRule({
  id: 'RG-0016',
  slug: 'login-ip-ranges-block-integration',
  aliases: [],
  title: "Run-as user's login IP ranges exclude the integration's egress IPs",
  severity: 'critical',
  category: 'policy',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  // Profile metadata only: in project mode the profile comes from the manifest's runAsAccess.
  requires: ['apps', 'access', 'profilePolicies'],
  // docs/salesforce-behaviour.md 1.8: profile login IP ranges apply unless the app relaxes IP
  // restrictions; the error is "ip restricted or invalid login hours". That relaxation lifts the
  // ranges for client-credentials token requests is UNCONFIRMED, so a relaxing app passes here
  // with a message that says so (RG-0024 reports the relaxation itself).
  rationale:
    'Login IP ranges on the run-as user\'s profile refuse logins from any other address, and a client-credentials token request is a login of the run-as user. When the integration calls from an address outside the ranges, every token request fails with invalid_grant "ip restricted or invalid login hours".',
  remediation:
    "Add the integration's egress addresses to the run-as user's profile: Setup > Profiles > the profile > Login IP Ranges > New (or the profile's loginIpRanges in metadata). If the manifest's network.egressIps is out of date, correct it.",
  references: [REFERENCES.oauthErrors, REFERENCES.connectedAppClientCredentials],
  messages: {
    outside:
      '{{username}}, the run-as user of {{app}}, may log in only from {{ranges}} (profile {{profile}}), but {{integration}} calls from {{ips}}: its token requests fail with "ip restricted or invalid login hours"',
    inside:
      '{{username}}, the run-as user of {{app}}: every egress IP {{integration}} declares ({{ips}}) is inside the login IP ranges of profile {{profile}}',
    noRanges:
      '{{username}}, the run-as user of {{app}}: profile {{profile}} has no login IP ranges',
    relaxed:
      '{{app}} relaxes IP restrictions ({{value}}), so the login IP ranges of profile {{profile}} should not apply to its tokens (UNCONFIRMED for the client credentials flow; RG-0024 reports the relaxation)',
    noEgress:
      'Not checked: profile {{profile}} of {{username}} allows logins only from {{ranges}}, and the manifest declares no egress IPs for {{app}}: declare network.egressIps so that they can be checked',
    profileUnknown:
      'Not checked: profile {{profile}} of {{username}}, the run-as user of {{app}}, is not in the snapshot',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const { app, user, username } = integration;
      const profile = profileOf(ctx.facet('profilePolicies'), user);
      const data = { app: app.name, username, profile: profile?.name ?? user.profileName };
      if (profile === undefined) {
        ctx.skip(integration, 'profileUnknown', data);
        continue;
      }
      const ranges = profile.loginIpRanges;
      if (ranges.length === 0) {
        ctx.pass(integration, 'noRanges', data, {
          expected: 'no range excludes an egress IP',
          actual: [],
        });
        continue;
      }
      const rangeText = ranges.map(describeRange);
      // Unset or unknown values count as enforcing: Enforce is the default of both app types.
      const relaxation = app.ipRelaxation?.trim() ?? '';
      if (relaxesIpRestrictions(relaxation)) {
        ctx.pass(integration, 'relaxed', { ...data, value: relaxation });
        continue;
      }
      const entry = declaredIntegration(ctx, app);
      const ips = entry?.network?.egressIps ?? [];
      if (entry === undefined || ips.length === 0) {
        ctx.skip(integration, 'noEgress', { ...data, ranges: rangeText });
        continue;
      }
      const outside = ips.filter((ip) => !ranges.some((r) => ipInRange(ip, r)));
      const withName = { ...data, integration: entry.name };
      const evidence = { expected: ips, actual: { ranges: rangeText, outside } };
      if (outside.length === 0) ctx.pass(integration, 'inside', { ...withName, ips }, evidence);
      else
        ctx.fail(
          integration,
          'outside',
          { ...withName, ranges: rangeText, ips: outside },
          evidence,
        );
    }
  },
});
