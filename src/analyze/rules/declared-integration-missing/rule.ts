import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0037',
  slug: 'declared-integration-missing',
  aliases: [],
  title: 'Manifest declares an integration whose app is missing or has the flow off',
  severity: 'high',
  category: 'hygiene',
  tags: ['recommended', 'manifest'],
  scope: 'manifest-integration',
  frameworks: { 'nist-csf-2.0': ['PR.AA-01'] },
  requires: ['apps'],
  rationale:
    'The manifest says a callback depends on this app. When the app is not in the org (a deployment that did not happen, a renamed app) or its client credentials flow is switched off, every token request of the callback fails, or the manifest documents an integration that no longer exists.',
  remediation:
    "Deploy the app or switch its client credentials flow back on (Connected App: Manage > Edit Policies > Client Credentials Flow; External Client App: the global OAuth settings and the OAuth policies), correct the manifest's `app` when the app was renamed, or remove the entry when the integration is retired.",
  references: [REFERENCES.connectedAppClientCredentials, REFERENCES.ecaOauthPolicies],
  messages: {
    appMissing:
      'The manifest integration {{integration}} names {{app}}, which is not among the Connected Apps and External Client Apps of the {{source}}',
    flowDisabled:
      'The manifest integration {{integration}} names {{app}}, whose client credentials flow is not enabled: its token requests fail',
    present:
      'The manifest integration {{integration}} names {{app}}, which has the client credentials flow enabled',
  },
  check(ctx) {
    const source = ctx.collection.project === null ? 'org' : 'project';
    const seen = new Set<string>();
    for (const entry of ctx.manifest?.integrations ?? []) {
      // A name listed twice is examined once (the manifest loader warns about it).
      if (seen.has(entry.name)) continue;
      seen.add(entry.name);
      const data = { integration: entry.name, app: entry.app, source };
      const app = ctx.apps.find((a) => a.name.toLowerCase() === entry.app.toLowerCase());
      if (app === undefined)
        ctx.fail(entry, 'appMissing', data, { expected: 'the app exists', actual: null });
      else if (!app.clientCredentialsEnabled)
        ctx.fail(entry, 'flowDisabled', data, {
          expected: { clientCredentialsEnabled: true },
          actual: {
            clientCredentialsEnabled: false,
            ...(app.globalClientCredentialsEnabled === undefined
              ? {}
              : { globalClientCredentialsEnabled: app.globalClientCredentialsEnabled }),
            ...(app.policyClientCredentialsEnabled === undefined
              ? {}
              : { policyClientCredentialsEnabled: app.policyClientCredentialsEnabled }),
          },
        });
      else ctx.pass(entry, 'present', data);
    }
  },
});
