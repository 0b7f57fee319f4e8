import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Each admin-approved app pre-authorizes the permission set its run-as user holds. */
export const pass = snapshot().build();

/** The Connected App's pre-authorized permission set was swapped for one the user lacks. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { preAuthorizedPermissionSets: ['Ledger_Integration_v2'] })
  .build();
