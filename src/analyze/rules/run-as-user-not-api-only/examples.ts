import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users are API only through Minimum Access - API Only Integrations. */
export const pass = snapshot().build();

/** The Connected App runs as a Standard User, which can log into the UI. */
export const fail = snapshot().withProfile(BASE.connectedAppUser, 'Standard User').build();
