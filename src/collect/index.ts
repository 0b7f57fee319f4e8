// The collect stage: live collection, the request catalog and tracker, snapshot files.

export { CATALOG, catalogEntry, renderSoql, soqlOf } from './catalog.js';
export type {
  CatalogEntry,
  CatalogFacet,
  CatalogId,
  CatalogRequest,
  SoqlParams,
} from './catalog.js';
export { CollectError } from './errors.js';
export type { CollectErrorCode } from './errors.js';
export { collectLive } from './live/collect-live.js';
export type { CollectLiveOptions } from './live/collect-live.js';
export {
  API_VERSION,
  connectAuditorApp,
  connectWithAccessToken,
  resolveLiveSource,
} from './live/connect.js';
export type {
  LiveSession,
  LiveSource,
  LiveSourceFlags,
  LiveSourceOptions,
} from './live/connect.js';
export { readSnapshot, writeSnapshot } from './snapshot-file.js';
export { classifyError, RequestTracker } from './tracker.js';
