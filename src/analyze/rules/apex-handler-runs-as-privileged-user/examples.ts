import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** The Connected App's handler runs as a dedicated user with API access only. */
export const pass = snapshot()
  .addUser('ledger.handler@acme.com')
  .withApp(BASE.connectedApp, { handlerRunAsUsername: 'ledger.handler@acme.com' })
  .build();

/** The Connected App's handler runs as a System Administrator. */
export const fail = snapshot()
  .addUser('admin@acme.com')
  .withProfile('admin@acme.com', 'System Administrator')
  .withApp(BASE.connectedApp, { handlerRunAsUsername: 'admin@acme.com' })
  .build();
