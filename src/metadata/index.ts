// The SFDX metadata reader (docs/architecture.md): a source-format project's profiles, permission
// sets, groups and connected apps → org model components. Project mode and the org fixture loader
// share it.

export {
  METADATA_TYPES,
  discoverComponents,
  diskSource,
  readProject,
  readProjectFrom,
} from './project.js';
export type {
  ComponentSource,
  MetadataTypeInfo,
  ProjectFileSource,
  ProjectInfo,
} from './project.js';
export { parseMetadataXml } from './xml.js';
export type { ParsedXml } from './xml.js';
export { loadComponent, toClientApps, toPermissionSet, toProfile } from './metadata.js';
export type { LoadedComponent } from './metadata.js';
export { loadProjectMetadata, loadProjectMetadataFrom } from './project-metadata.js';
