import { defineRule } from '../../define-rule.js';
import { ipRelaxationOf } from '../../../model/policy/index.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0024',
  slug: 'app-ip-relaxation',
  aliases: [],
  title: 'Client-credentials app relaxes IP restrictions',
  severity: 'medium',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'app',
  frameworks: { 'owasp-nhi-2025': ['NHI4'] },
  requires: ['apps'],
  // Relaxation lifts the profile's login IP ranges (docs/salesforce-behaviour.md 1.8); that it does
  // so for client-credentials token requests is UNCONFIRMED, so the message says "may".
  rationale:
    "Login IP ranges on the run-as user's profile limit where a leaked consumer key and secret can be used. An app that relaxes IP restrictions lifts that limit for its tokens, so the secret alone is enough from anywhere.",
  remediation:
    "Connected App: Setup > App Manager > the app > Manage > Edit Policies > OAuth Policies > IP Relaxation: Enforce IP restrictions. External Client App: External Client App Manager > the app > Policies > OAuth Policies > IP Relaxation: Enforce IP restrictions. Put the integration's egress addresses in the run-as user's profile login IP ranges.",
  references: [REFERENCES.connectedAppMetadata, REFERENCES.ecaOauthPolicies],
  messages: {
    relaxed:
      "{{app}} relaxes IP restrictions ({{value}}: {{label}}): the run-as user's login IP ranges may not limit where its tokens are requested from",
    enforced: '{{app}} enforces IP restrictions ({{value}}: {{label}})',
    notSet:
      "{{app}}'s metadata does not state its IP relaxation policy: whether it relaxes IP restrictions is unknown",
    unknownValue:
      '{{app}} has the IP relaxation value {{value}}, which this rule does not know: whether it relaxes IP restrictions is unknown',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const { app } = integration;
      const value = app.ipRelaxation?.trim();
      if (value === undefined || value === '') {
        ctx.skip(integration, 'notSet', { app: app.name });
        continue;
      }
      // The values and what they do: model/policy/ip-relaxation.ts.
      const known = ipRelaxationOf(value);
      const data = { app: app.name, value };
      if (known === undefined) ctx.skip(integration, 'unknownValue', data);
      else if (known.kind === 'relax')
        ctx.fail(
          integration,
          'relaxed',
          { ...data, label: known.label },
          { expected: 'ENFORCE', actual: value },
        );
      else
        ctx.pass(
          integration,
          'enforced',
          { ...data, label: known.label },
          { expected: 'ENFORCE', actual: value },
        );
    }
  },
});
