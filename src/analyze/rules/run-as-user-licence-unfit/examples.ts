import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Both run-as users have the Salesforce Integration licence. */
export const pass = snapshot().build();

/** The Connected App runs as a Chatter Free user, which has no API access. */
export const fail = snapshot()
  .withUser(BASE.connectedAppUser, { userLicense: 'Chatter Free' })
  .build();
