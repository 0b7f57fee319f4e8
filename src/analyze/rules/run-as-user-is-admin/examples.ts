import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users are integration users. */
export const pass = snapshot().build();

/** The Connected App runs as a System Administrator. */
export const fail = snapshot().withProfile(BASE.connectedAppUser, 'System Administrator').build();
