import { describeVias, viaEvidence } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { systemPermissionVia } from '../../../model/effective/query.js';
import type { FindingVia } from '../../../model/finding.js';
import { SYSTEM_PERMISSIONS } from '../../../model/standard/system-permissions.js';
import { REFERENCES } from '../references.js';
import { resolveUserAccess } from './handler-access.js';

/** RG-0009's critical permissions (one table for the whole tool). */
const CRITICAL = SYSTEM_PERMISSIONS.filter((p) => p.risk === 'critical');

const CONNECTED_APP_PLUGIN =
  'https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Auth_ConnectedAppPlugin.htm';

export const rule = defineRule({
  id: 'RG-0039',
  slug: 'apex-handler-runs-as-privileged-user',
  aliases: [],
  title: "Client-credentials app's Apex handler runs as a privileged user",
  severity: 'high',
  category: 'privilege',
  tags: ['recommended'],
  scope: 'app',
  frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
  requires: ['apps', 'users', 'access'],
  // Connected App `pluginExecutionUser` and ECA `executeHandlerAs` (docs/salesforce-behaviour.md 2.2, 2.3
  // and 3.11); an unset handler user means the Automated Process user runs the handler
  // (DOC), which this rule does not examine. The collector adds handler users to `users`.
  rationale:
    "A Custom Connected App Handler (Apex) runs on every token the app issues, as the user configured to run it. When that user holds org-wide permissions such as Modify All Data or Author Apex, whoever can change the handler's code, or abuse its inputs, acts with those permissions.",
  remediation:
    'Connected App: Setup > App Manager > the app > Manage > Edit Policies > Custom Connected App Handler > Run As: choose a user with only what the handler needs. External Client App: External Client App Manager > the app > Policies > Apex handler > Execute Handler As. Or remove the critical permission from that user (see RG-0009).',
  references: [CONNECTED_APP_PLUGIN, REFERENCES.connectedAppMetadata, REFERENCES.ecaOauthPolicies],
  messages: {
    privileged:
      'The Apex handler of {{app}} runs as {{handler}}, who holds {{permissions}}: that code runs with these permissions on every token issued',
    unprivileged:
      'The Apex handler of {{app}} runs as {{handler}}, who holds none of the {{count}} critical permissions of RG-0009',
    noHandlerUser: '{{app}} names no user for an Apex handler to run as',
    handlerNotFound:
      'The Apex handler of {{app}} runs as {{handler}}, who is not in the snapshot: its permissions are unknown',
    accessUnknown:
      'The Apex handler of {{app}} runs as {{handler}}, whose effective access could not be computed ({{reason}}): its permissions are unknown',
  },
  check(ctx) {
    for (const integration of ctx.integrations) {
      const { app } = integration;
      const handler = app.handlerRunAsUsername?.trim();
      if (handler === undefined || handler === '') {
        ctx.pass(integration, 'noHandlerUser', { app: app.name }, { expected: [], actual: [] });
        continue;
      }
      const data = { app: app.name, handler };
      const user = ctx
        .facet('users')
        .find((u) => u.username.toLowerCase() === handler.toLowerCase());
      if (user === undefined) {
        ctx.skip(integration, 'handlerNotFound', data);
        continue;
      }
      const resolved = resolveUserAccess(ctx.facet('access'), user, ctx.now);
      if ('problem' in resolved) {
        ctx.skip(integration, 'accessUnknown', { ...data, reason: resolved.problem });
        continue;
      }
      const held = CRITICAL.flatMap((p) => {
        const via = systemPermissionVia(resolved.access, p.name);
        return via.length === 0 ? [] : [{ ...p, via }];
      });
      if (held.length === 0) {
        ctx.pass(
          integration,
          'unprivileged',
          { ...data, count: CRITICAL.length },
          { expected: [], actual: [] },
        );
        continue;
      }
      const via: FindingVia[] = [];
      const seen = new Set<string>();
      for (const h of held)
        for (const v of viaEvidence(h.via)) {
          const key = JSON.stringify(v);
          if (!seen.has(key)) via.push(v);
          seen.add(key);
        }
      ctx.fail(
        integration,
        'privileged',
        {
          ...data,
          permissions: held
            .map((h) => `${h.label} (${h.name}) via ${describeVias(h.via)}`)
            .join('; '),
        },
        { expected: [], actual: held.map((h) => h.name), via, handler },
      );
    }
  },
});
