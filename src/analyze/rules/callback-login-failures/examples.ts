import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Every login in Login History succeeded. */
export const pass = snapshot().build();

/** The billing callback was refused overnight: its run-as user had been frozen. */
export const fail = snapshot()
  .addLogin({
    username: BASE.ecaUser,
    loginTime: '2026-11-25T03:00:00.000Z',
    loginType: 'Remote Access 2.0',
    status: 'User is frozen',
    application: 'Billing Callback',
    sourceIp: '203.0.113.10',
  })
  .build();
