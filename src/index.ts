// The public library API: re-exports only.
export { loadOrgFixture } from './fixture/index.js';
export { resolveEffectiveAccess } from './model/effective/resolve.js';
export type * from './model/org.js';
export type * from './model/permissions.js';
export type * from './model/effective/types.js';
export * from './emulator/index.js';
export { VERSION } from './version.js';
