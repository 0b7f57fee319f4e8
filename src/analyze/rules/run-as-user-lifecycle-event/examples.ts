import { deterministicId } from '../../../util/ids.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** The Setup Audit Trail holds nothing about the run-as users in the last 90 days. */
export const pass = snapshot()
  .addAuditTrail({
    action: 'frozeuser',
    section: 'Manage Users',
    display: 'Froze user account for Tomas Berg',
    createdDate: '2026-11-18T16:05:12.000Z',
    createdBy: 'grace.okafor@acme.com',
  })
  .build();

/** Last week an admin removed the ledger integration's permission set. */
export const fail = snapshot()
  .unassign(BASE.connectedAppUser, BASE.connectedAppPermissionSet)
  .addAuditTrail({
    action: 'PermSetUnassign',
    section: 'Manage Users',
    display: `Permission set Ledger Integration: unassigned from user Ledger Integration (UserID: [${deterministicId('005', BASE.connectedAppUser)}])`,
    createdDate: '2026-11-18T16:06:40.000Z',
    createdBy: 'grace.okafor@acme.com',
  })
  .build();
