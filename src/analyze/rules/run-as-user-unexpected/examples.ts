import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with. */
export const manifest = baseManifest();

/** Each app runs as the user its manifest entry declares. */
export const pass = snapshot().build();

/** During an incident someone pointed the ledger export at the billing integration user. */
export const fail = snapshot().withApp(BASE.connectedApp, { runAsUsername: BASE.ecaUser }).build();
