import {
  declaredNeeds,
  skipUndeclared,
  UNDECLARED_MESSAGES,
  describeNeed,
  exclusionsOf,
  formatVia,
  isNeedGranted,
  listSome,
  needEvidence,
} from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import type { ExclusionReason } from '../../../model/effective/types.js';
import { REFERENCES } from '../references.js';

/** Why a grant that would have covered a need did not reach the user (RG-0012 to RG-0014 name it). */
const EXCLUSIONS: readonly ExclusionReason[] = ['session-based', 'muted', 'expired'];

export const rule = defineRule({
  id: 'RG-0010',
  slug: 'integration-missing-access',
  aliases: [],
  title: 'Run-as user lacks access the integration declares it needs',
  severity: 'critical',
  category: 'privilege',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  // Configuration only (profile, permission sets, groups): in project mode the manifest's
  // runAsAccess supplies the user's profile and assignments, so no user state is needed.
  requires: ['apps', 'access'],
  rationale:
    "The manifest declares what the callback's follow-on calls need. A token is issued whatever the run-as user may do; the first call that touches an object, field or feature the user lacks fails with INVALID_TYPE, INVALID_FIELD, INSUFFICIENT_ACCESS or API_CURRENTLY_DISABLED, in production.",
  remediation:
    "Grant the missing access to the run-as user through the integration's permission set (Setup > Permission Sets > the set > Object Settings, field permissions, System Permissions), or correct the manifest's `needs` when the callback no longer uses it. Check RG-0012, RG-0013 and RG-0014 for access that is assigned but not effective.",
  references: [REFERENCES.integrationUserBlog, REFERENCES.connectedAppClientCredentials],
  messages: {
    missing:
      '{{username}}, the run-as user of {{app}}, lacks {{count}} of the needs {{integration}} declares: {{items}}; the follow-on calls that use them fail',
    complete:
      '{{username}}, the run-as user of {{app}}, has all {{count}} needs {{integration}} declares',
    ...UNDECLARED_MESSAGES,
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      const declared = declaredNeeds(ctx, integration.app);
      if ('absent' in declared) {
        skipUndeclared(declared, data, (id, d) => {
          ctx.skip(integration, id, d);
        });
        continue;
      }
      const { items, entry } = declared;
      const missing = items.filter((item) => !isNeedGranted(integration.access, item));
      const granted = items.filter((item) => !missing.includes(item));
      const evidence = {
        expected: items.map(describeNeed),
        actual: granted.map(describeNeed),
        missing: missing.map(needEvidence),
        // What would have granted a missing need, had it reached the user.
        excluded: missing.flatMap((item) =>
          EXCLUSIONS.flatMap((reason) =>
            exclusionsOf(integration.access, item, reason).map((e) => ({
              need: describeNeed(item),
              reason,
              via: formatVia(e.via),
            })),
          ),
        ),
      };
      const withName = { ...data, integration: entry.name };
      if (missing.length === 0)
        ctx.pass(integration, 'complete', { ...withName, count: items.length }, evidence);
      else
        ctx.fail(
          integration,
          'missing',
          { ...withName, count: missing.length, items: listSome(missing.map(describeNeed)) },
          evidence,
        );
    }
  },
});
