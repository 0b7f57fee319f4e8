import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Zero refresh-token policies, no long sessions, no refresh tokens held by the run-as users. */
export const pass = snapshot().build();

/** The Connected App keeps refresh tokens until revoked. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { refreshTokenPolicy: 'infinite' })
  .build();
