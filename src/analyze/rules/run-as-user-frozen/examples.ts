import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Neither run-as user is frozen. */
export const pass = snapshot().build();

/** The Connected App's run-as user was frozen. */
export const fail = snapshot().withUser(BASE.connectedAppUser, { isFrozen: true }).build();
