import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users hold object and field access only. */
export const pass = snapshot().build();

/** The External Client App's permission set grants View All Data "to make the export work". */
export const fail = snapshot().grant(BASE.ecaPermissionSet, 'ViewAllData').build();
