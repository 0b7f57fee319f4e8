// The rule catalog, as an explicit list (a meta-test checks it against the rule folders).

import type { Rule } from '../define-rule.js';
import { rule as apexHandlerRunsAsPrivilegedUser } from './apex-handler-runs-as-privileged-user/rule.js';
import { rule as appIpRelaxation } from './app-ip-relaxation/rule.js';
import { rule as appMissingApiScope } from './app-missing-api-scope/rule.js';
import { rule as appOverbroadScopes } from './app-overbroad-scopes/rule.js';
import { rule as appSelfAuthorized } from './app-self-authorized/rule.js';
import { rule as callbackLoginFailures } from './callback-login-failures/rule.js';
import { rule as dormantIntegration } from './dormant-integration/rule.js';
import { rule as highAssuranceSessionRequired } from './high-assurance-session-required/rule.js';
import { rule as longLivedTokens } from './long-lived-tokens/rule.js';
import { rule as mfaRequiredForApiLogins } from './mfa-required-for-api-logins/rule.js';
import { rule as permissionSetGroupNotUpdated } from './permission-set-group-not-updated/rule.js';
import { rule as runAsUserInteractiveLogins } from './run-as-user-interactive-logins/rule.js';
import { rule as runAsUserLifecycleEvent } from './run-as-user-lifecycle-event/rule.js';
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
// Rules that read the integration manifest or the project (RG-0010 to RG-0037).
import { rule as consumerSecretInSource } from './consumer-secret-in-source/rule.js';
import { rule as declaredIntegrationMissing } from './declared-integration-missing/rule.js';
import { rule as integrationExcessAccess } from './integration-excess-access/rule.js';
import { rule as integrationMissingAccess } from './integration-missing-access/rule.js';
import { rule as integrationNotDeclared } from './integration-not-declared/rule.js';
import { rule as loginHoursBlockIntegration } from './login-hours-block-integration/rule.js';
import { rule as loginIpRangesBlockIntegration } from './login-ip-ranges-block-integration/rule.js';
import { rule as neededAccessMuted } from './needed-access-muted/rule.js';
import { rule as neededAccessOnlyViaSessionBasedPermissionSet } from './needed-access-only-via-session-based-permission-set/rule.js';
import { rule as neededAccessViaExpiringAssignment } from './needed-access-via-expiring-assignment/rule.js';
import { rule as runAsUserUnexpected } from './run-as-user-unexpected/rule.js';

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
  integrationMissingAccess,
  integrationExcessAccess,
  neededAccessOnlyViaSessionBasedPermissionSet,
  neededAccessViaExpiringAssignment,
  neededAccessMuted,
  permissionSetGroupNotUpdated,
  loginIpRangesBlockIntegration,
  loginHoursBlockIntegration,
  highAssuranceSessionRequired,
  appMissingApiScope,
  runAsUserIsAdmin,
  runAsUserInteractiveLogins,
  runAsUserShared,
  appOverbroadScopes,
  appIpRelaxation,
  appSelfAuthorized,
  consumerSecretInSource,
  longLivedTokens,
  dormantIntegration,
  runAsUserUnexpected,
  runAsUserLifecycleEvent,
  callbackLoginFailures,
  mfaRequiredForApiLogins,
  integrationNotDeclared,
  declaredIntegrationMissing,
  runAsUserNotPreauthorized,
  apexHandlerRunsAsPrivilegedUser,
];

/** A rule by id, slug or alias. */
export function findRule(key: string): Rule | undefined {
  return RULES.find(
    (r) => r.meta.id === key || r.meta.slug === key || r.meta.aliases.includes(key),
  );
}
