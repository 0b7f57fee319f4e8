import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** A project audit (`--project`) whose files hold no secret. */
export const pass = snapshot().inProjectMode().build();

/** The External Client App's global OAuth settings were committed with the consumer secret. */
export const fail = snapshot()
  .inProjectMode()
  .addSourceSecret({
    file: 'force-app/main/default/extlClntAppGlobalOauthSets/Billing_Callback_glbloauth.ecaGlblOauth-meta.xml',
    line: 7,
    kind: 'consumerSecret',
    app: BASE.eca,
  })
  .build();
