import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** The ledger user's access comes through a group that Salesforce has finished recalculating. */
export const pass = snapshot()
  .addPermissionSetGroup('Ledger_Access', [BASE.connectedAppPermissionSet])
  .assign(BASE.connectedAppUser, { permissionSetGroup: 'Ledger_Access' })
  .build();

/** A permission set was just added to the group and the recalculation has not finished. */
export const fail = snapshot()
  .addPermissionSetGroup('Ledger_Access', [BASE.connectedAppPermissionSet], { status: 'Updating' })
  .assign(BASE.connectedAppUser, { permissionSetGroup: 'Ledger_Access' })
  .build();
