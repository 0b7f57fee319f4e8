import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users exist. */
export const pass = snapshot().build();

/** The Connected App names a production username in a sandbox where the user has a suffix. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { runAsUsername: `${BASE.connectedAppUser}.uat` })
  .build();
