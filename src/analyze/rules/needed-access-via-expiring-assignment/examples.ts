import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with. */
export const manifest = baseManifest();

/**
 * Contract read moved into a year-end permission set, assigned to the ledger user until a date:
 * the ledger export declares Contract read.
 */
const yearEnd = (expirationDate: string) =>
  snapshot()
    .withObjectPermission(BASE.connectedAppPermissionSet, 'Contract', { allowRead: false })
    .addPermissionSet('Ledger_Year_End_Close')
    .withObjectPermission('Ledger_Year_End_Close', 'Contract', { allowRead: true })
    .withFieldPermission('Ledger_Year_End_Close', 'Contract.ContractTerm', {
      readable: true,
      editable: false,
    })
    .assign(BASE.connectedAppUser, { permissionSet: 'Ledger_Year_End_Close', expirationDate });

/** The assignment ends in 67 days, beyond the 14-day window. */
export const pass = yearEnd('2027-01-31T23:59:59.000Z').build();

/** The assignment ends in 5 days: the nightly export loses its contract terms next week. */
export const fail = yearEnd('2026-11-30T23:59:59.000Z').build();

export const yearEndAssignment = yearEnd;
