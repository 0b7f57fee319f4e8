import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both apps name a run-as user. */
export const pass = snapshot().build();

/** The External Client App has the flow on and no Run As user. */
export const fail = snapshot().withApp(BASE.eca, { runAsUsername: undefined }).build();
