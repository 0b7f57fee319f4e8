import { z } from 'zod';

import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

/**
 * Scopes a client-credentials integration does not use, by metadata token (docs/salesforce-behaviour.md
 * 2.2), with what each grants. Full, refresh and offline access make tokens broader or
 * longer-lived; the web/UI scopes serve browser sessions, which this flow never opens.
 */
export const OVERBROAD_SCOPES: Readonly<Record<string, string>> = {
  Full: 'full access',
  RefreshToken: 'refresh_token, offline_access',
  OfflineAccess: 'offline_access',
  Web: 'web',
  CustomApplications: 'visualforce',
  Lightning: 'lightning',
  Content: 'content',
};

const BY_LOWER = new Map(Object.entries(OVERBROAD_SCOPES).map(([k, v]) => [k.toLowerCase(), v]));

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const rule = defineRule({
  id: 'RG-0023',
  slug: 'app-overbroad-scopes',
  aliases: [],
  title: 'Client-credentials app grants scopes it does not need',
  severity: 'medium',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'app',
  frameworks: { 'owasp-nhi-2025': ['NHI5', 'NHI7'] },
  requires: ['apps'],
  rationale:
    'The client credentials flow needs the Api scope. Full, refresh-token and offline access, and the web/UI scopes, let anyone who obtains the consumer key and secret through another flow of the same app get broader or longer-lived tokens than the integration ever uses.',
  remediation:
    'Connected App: Setup > App Manager > the app > Edit > API (Enable OAuth Settings) > Selected OAuth Scopes: keep "Manage user data via APIs (api)" and remove the others. External Client App: External Client App Manager > the app > Settings > OAuth Settings > OAuth Scopes. When another flow of the app truly needs a scope, allow it with the rule option allowScopes or a waiver with an expiry.',
  references: [REFERENCES.connectedAppMetadata, REFERENCES.owaspNhi],
  messages: {
    overbroad: '{{app}} grants scopes a client-credentials integration does not use: {{scopes}}',
    narrow: '{{app}} grants no Full, refresh-token, offline or web/UI scope ({{granted}})',
    allowListed: '{{app}} grants {{scopes}}, allowed by the rule option allowScopes',
  },
  options: z.strictObject({
    /** Scope tokens accepted on every app (e.g. `Web` for an app that also serves a web flow). */
    allowScopes: z.array(z.string().min(1)).default([]),
  }),
  check(ctx, options) {
    const allowed = new Set(options.allowScopes.map((s) => s.toLowerCase()));
    for (const integration of ctx.integrations) {
      const { app } = integration;
      const granted = [...app.scopes].sort(compare);
      const broad = granted.filter((s) => BY_LOWER.has(s.trim().toLowerCase()));
      const flagged = broad.filter((s) => !allowed.has(s.trim().toLowerCase()));
      const evidence = { expected: [], actual: flagged };
      if (flagged.length > 0) {
        const scopes = flagged.map((s) => `${s} (${BY_LOWER.get(s.trim().toLowerCase()) ?? ''})`);
        ctx.fail(integration, 'overbroad', { app: app.name, scopes }, evidence);
      } else if (broad.length > 0)
        ctx.pass(integration, 'allowListed', { app: app.name, scopes: broad }, evidence);
      else
        ctx.pass(
          integration,
          'narrow',
          { app: app.name, granted: granted.length === 0 ? 'no scope at all' : granted },
          evidence,
        );
    }
  },
});
