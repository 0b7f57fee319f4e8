// The integration manifest (docs/manifest.md): schema, loader, schedule grammar, sandbox usernames.

export { formatIssue, ManifestError } from './errors.js';
export type { ManifestIssue } from './errors.js';
export {
  DEFAULT_MANIFEST,
  formatPath,
  loadManifest,
  MAX_ALIAS_COUNT,
  MAX_ISSUES,
  MAX_MANIFEST_BYTES,
  parseManifest,
} from './load.js';
export type { LoadedManifest } from './load.js';
export { matchesRunAs, resolveSandboxSuffix, stripSandboxSuffix } from './sandbox.js';
export type { RunAsMatchOptions } from './sandbox.js';
export * from './schema.js';
