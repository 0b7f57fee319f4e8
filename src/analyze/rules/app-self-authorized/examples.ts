import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both apps are admin-approved and pre-authorize their run-as users. */
export const pass = snapshot().build();

/** The External Client App's policy is "All users may self-authorize". */
export const fail = snapshot().withApp(BASE.eca, { adminApproved: false }).build();
