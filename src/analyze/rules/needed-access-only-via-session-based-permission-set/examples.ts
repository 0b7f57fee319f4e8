import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with. */
export const manifest = baseManifest();

/** Every declared need comes from an ordinary permission set. */
export const pass = snapshot().build();

/**
 * Someone ticked "Session Activation Required" on the billing permission set: it is still assigned,
 * and grants nothing to a client-credentials session.
 */
export const fail = snapshot()
  .withPermissionSet(BASE.ecaPermissionSet, { hasActivationRequired: true })
  .build();
