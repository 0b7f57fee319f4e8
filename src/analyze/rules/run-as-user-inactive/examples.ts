import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users are active. */
export const pass = snapshot().build();

/** The External Client App's run-as user was deactivated. */
export const fail = snapshot().withUser(BASE.ecaUser, { isActive: false }).build();
