import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Neither the apps nor the integration profile ask for High Assurance. */
export const pass = snapshot().build();

/** A security review turned on "High Assurance session required" on the Connected App. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { requiredSessionLevel: 'HIGH_ASSURANCE' })
  .build();
