import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users have API Enabled from Minimum Access - API Only Integrations. */
export const pass = snapshot().build();

/** The External Client App runs as a user on Minimum Access - Salesforce, which has no API. */
export const fail = snapshot().withProfile(BASE.ecaUser, 'Minimum Access - Salesforce').build();
