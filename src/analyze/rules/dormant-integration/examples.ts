import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both apps logged in today. */
export const pass = snapshot().build();

/** The ledger export last ran in May: nothing since, in Login History or on the user record. */
export const fail = snapshot()
  .removeLogins(BASE.connectedAppUser)
  .addLogin({
    username: BASE.connectedAppUser,
    loginTime: '2026-05-04T02:00:00.000Z',
    loginType: 'Remote Access 2.0',
    status: 'Success',
    application: 'Ledger Export',
  })
  .withUser(BASE.connectedAppUser, { lastLoginDate: '2026-05-04T02:00:00.000Z' })
  .build();
