import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both apps enforce IP restrictions (ECA `Enforce`, Connected App `ENFORCE`). */
export const pass = snapshot().build();

/** The Connected App was set to "Relax IP restrictions" to get a vendor working from a new address. */
export const fail = snapshot().withApp(BASE.connectedApp, { ipRelaxation: 'BYPASS' }).build();
