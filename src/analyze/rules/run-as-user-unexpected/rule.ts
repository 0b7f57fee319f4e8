import { declaredIntegration } from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import { matchesRunAs } from '../../../manifest/sandbox.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0029',
  slug: 'run-as-user-unexpected',
  aliases: [],
  title: 'Client-credentials app runs as another user than the manifest declares',
  severity: 'high',
  category: 'change',
  tags: ['recommended', 'manifest'],
  scope: 'app',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05', 'PR.PS-01'] },
  requires: ['apps'],
  rationale:
    "The run-as user decides what every token of the app can do. When the app runs as someone else than the manifest declares (a colleague's account picked during a fix, a production username deployed to a sandbox), the audited access is not the access in use, and the callback may break or be over-granted.",
  remediation:
    "Set the app's run-as user back to the declared one: Connected App: Setup > App Manager > the app > Manage > Edit Policies > Client Credentials Flow > Run As; External Client App: External Client App Manager > the app > Policies > OAuth Policies > Run As. If the change is intended, update `runAs` in the manifest. In a sandbox, pass --sandbox-suffix (or settings.sandboxSuffix) so that suffixed usernames match.",
  references: [REFERENCES.connectedAppMetadata, REFERENCES.ecaOauthPolicies],
  messages: {
    unexpected:
      '{{app}} runs as {{configured}}, but the manifest entry {{integration}} declares {{declared}}',
    expected: '{{app}} runs as {{configured}}, as the manifest entry {{integration}} declares',
    noManifest: 'Not checked: no manifest declares the run-as user of {{app}} (pass --manifest)',
    notDeclared: 'Not checked: the manifest has no entry for {{app}} (RG-0036 reports it)',
    noRunAsDeclared: 'Not checked: the manifest entry {{integration}} of {{app}} declares no runAs',
    noRunAs: 'Not checked: {{app}} has no run-as user configured (RG-0001 reports it)',
  },
  check(ctx) {
    const org = ctx.collection.org;
    // Project mode has no org: a suffix in force (from the manifest) means the metadata may carry
    // sandbox usernames, so it is applied there too.
    const isSandbox = org?.isSandbox ?? ctx.sandboxSuffix !== undefined;
    for (const integration of ctx.integrations) {
      const data = { app: integration.app.name };
      if (ctx.manifest === undefined) {
        ctx.skip(integration, 'noManifest', data);
        continue;
      }
      const entry = declaredIntegration(ctx, integration.app);
      if (entry === undefined) {
        ctx.skip(integration, 'notDeclared', data);
        continue;
      }
      const withName = { ...data, integration: entry.name };
      if (entry.runAs === undefined) {
        ctx.skip(integration, 'noRunAsDeclared', withName);
        continue;
      }
      const configured = integration.username;
      if (configured === undefined) {
        ctx.skip(integration, 'noRunAs', withName);
        continue;
      }
      const evidence = {
        expected: entry.runAs,
        actual: configured,
        ...(ctx.sandboxSuffix === undefined ? {} : { sandboxSuffix: ctx.sandboxSuffix }),
      };
      const names = { ...withName, configured, declared: entry.runAs };
      if (matchesRunAs(configured, entry.runAs, { isSandbox, sandboxSuffix: ctx.sandboxSuffix }))
        ctx.pass(integration, 'expected', names, evidence);
      else ctx.fail(integration, 'unexpected', names, evidence);
    }
  },
});
