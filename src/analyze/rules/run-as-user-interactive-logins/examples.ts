import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users log in only through their apps ("Remote Access 2.0"). */
export const pass = snapshot().build();

/** Someone logged into the UI as the billing integration user last week. */
export const fail = snapshot()
  .addLogin({
    username: BASE.ecaUser,
    loginTime: '2026-11-18T09:14:00.000Z',
    loginType: 'Application',
    status: 'Success',
    application: 'Browser',
    sourceIp: '198.51.100.7',
  })
  .build();
