import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Each app has its own run-as user with API logins only. */
export const pass = snapshot().build();

/** A second Connected App reuses the ledger integration user. */
export const fail = snapshot()
  .addIntegration({ app: 'Ledger_Reconcile', username: BASE.connectedAppUser })
  .build();
