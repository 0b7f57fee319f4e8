import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with: it declares both apps of the base. */
export const manifest = baseManifest();

/** Both declared apps exist with the flow on. */
export const pass = snapshot().build();

/** "Enable Client Credentials Flow" was switched off on the ledger export, still in the manifest. */
export const fail = snapshot()
  .withApp(BASE.connectedApp, { clientCredentialsEnabled: false })
  .build();
