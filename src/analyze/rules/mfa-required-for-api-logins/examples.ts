import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Neither run-as user has MFA for API logins. */
export const pass = snapshot().build();

/** A hardening permission set for "all users" also reached the billing integration user. */
export const fail = snapshot()
  .grant('MFA_For_Everyone', 'TwoFactorApi')
  .assign(BASE.ecaUser, { permissionSet: 'MFA_For_Everyone' })
  .build();
