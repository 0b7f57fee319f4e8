import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with: each integration declares exactly its access. */
export const manifest = baseManifest();

/** Both run-as users hold everything their integration declares. */
export const pass = snapshot().build();

/** A clean-up of the billing permission set dropped Create on Invoice__c, which the callback uses. */
export const fail = snapshot()
  .withObjectPermission(BASE.ecaPermissionSet, 'Invoice__c', { allowCreate: false })
  .build();
