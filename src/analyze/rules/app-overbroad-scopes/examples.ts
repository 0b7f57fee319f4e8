import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both apps grant Api only. */
export const pass = snapshot().build();

/** The Connected App also asks for refresh tokens and Full access, copied from a web app's settings. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { scopes: ['Api', 'RefreshToken', 'Full'] })
  .build();
