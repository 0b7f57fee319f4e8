import { declaredIntegration } from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0036',
  slug: 'integration-not-declared',
  aliases: [],
  title: 'Client-credentials app has no entry in the integration manifest',
  severity: 'medium',
  category: 'hygiene',
  tags: ['recommended', 'manifest'],
  scope: 'app',
  frameworks: {
    'owasp-nhi-2025': ['NHI1'],
    'nist-csf-2.0': ['PR.AA-01', 'ID.AM-08'],
  },
  // The engine leaves the auditor's own apps (settings.auditorApps) out of the integrations, so
  // they are never reported here.
  requires: ['apps'],
  rationale:
    'An app that can mint tokens as a run-as user but appears in no manifest is an undocumented identity: nobody has declared who owns it, which user it should run as or what it needs, so RG-0010, RG-0011 and RG-0029 cannot check it, and it is easily forgotten when it should be retired.',
  remediation:
    "Add the app to the manifest (integrations: name, app, runAs, owner, needs), or switch off its client credentials flow if nothing uses it. Name the auditor's own app in settings.auditorApps.",
  references: [REFERENCES.owaspNhi, REFERENCES.clientCredentialsFlow],
  messages: {
    undeclared:
      '{{app}} has the client credentials flow enabled but no entry in the manifest: its owner, run-as user and needs are undocumented',
    declared: '{{app}} is declared in the manifest as {{integration}}',
    noManifest:
      'Not checked: no manifest was given, so whether {{app}} is declared is unknown (pass --manifest)',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const data = { app: integration.app.name };
      if (ctx.manifest === undefined) {
        ctx.skip(integration, 'noManifest', data);
        continue;
      }
      const entry = declaredIntegration(ctx, integration.app);
      if (entry === undefined)
        ctx.fail(integration, 'undeclared', data, { expected: 'a manifest entry', actual: null });
      else ctx.pass(integration, 'declared', { ...data, integration: entry.name });
    }
  },
});
