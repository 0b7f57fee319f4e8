import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with: each integration declares exactly its access. */
export const manifest = baseManifest();

/** Both run-as users hold exactly what their integration declares. */
export const pass = snapshot().build();

/** A one-off data fix left Delete on Contract in the ledger export's permission set. */
export const fail = snapshot()
  .withObjectPermission(BASE.connectedAppPermissionSet, 'Contract', { allowDelete: true })
  .build();
