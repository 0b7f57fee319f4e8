import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both apps grant Api. */
export const pass = snapshot().build();

/** The Connected App was set up with Full access instead of Api. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { scopes: ['Full'] })
  .build();
