// The rule catalog, as an explicit list (a meta-test checks it against the rule folders).

import type { Rule } from '../define-rule.js';
import { rule as clientCredentialsUserNotSet } from './client-credentials-user-not-set/rule.js';
import { rule as runAsUserApiDisabled } from './run-as-user-api-disabled/rule.js';
import { rule as runAsUserFrozen } from './run-as-user-frozen/rule.js';
import { rule as runAsUserHighRiskPermission } from './run-as-user-high-risk-permission/rule.js';
import { rule as runAsUserInactive } from './run-as-user-inactive/rule.js';
import { rule as runAsUserIsAdmin } from './run-as-user-is-admin/rule.js';
import { rule as runAsUserLicenceUnfit } from './run-as-user-licence-unfit/rule.js';
import { rule as runAsUserNotApiOnly } from './run-as-user-not-api-only/rule.js';
import { rule as runAsUserNotFound } from './run-as-user-not-found/rule.js';
import { rule as runAsUserNotPreauthorized } from './run-as-user-not-preauthorized/rule.js';
import { rule as runAsUserPasswordLocked } from './run-as-user-password-locked/rule.js';
import { rule as runAsUserShared } from './run-as-user-shared/rule.js';

/** Every rule, in id order. */
export const RULES: readonly Rule[] = [
  clientCredentialsUserNotSet,
  runAsUserNotFound,
  runAsUserInactive,
  runAsUserFrozen,
  runAsUserPasswordLocked,
  runAsUserLicenceUnfit,
  runAsUserApiDisabled,
  runAsUserNotApiOnly,
  runAsUserHighRiskPermission,
  runAsUserIsAdmin,
  runAsUserShared,
  runAsUserNotPreauthorized,
];

/** A rule by id, slug or alias. */
export function findRule(key: string): Rule | undefined {
  return RULES.find(
    (r) => r.meta.id === key || r.meta.slug === key || r.meta.aliases.includes(key),
  );
}
