import { baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with. */
export const manifest = baseManifest();

/** Both client-credentials apps are declared. */
export const pass = snapshot().build();

/** A third app was set up for a proof of concept and never written down. */
export const fail = snapshot()
  .addIntegration({ app: 'Forecast_Sync', username: 'forecast.integration@acme.com' })
  .build();
