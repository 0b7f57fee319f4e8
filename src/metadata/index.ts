// The SFDX metadata reader (docs/architecture.md): a source-format project's profiles, permission
// sets, groups and connected apps → org model components. Project mode and the org fixture loader
// share it.

export { METADATA_TYPES, discoverComponents, readProject } from './project.js';
export type { ComponentSource, MetadataTypeInfo, ProjectInfo } from './project.js';
export { parseMetadataXml } from './xml.js';
export type { ParsedXml } from './xml.js';
export { loadComponent, toClientApps, toPermissionSet, toProfile } from './metadata.js';
export type { LoadedComponent } from './metadata.js';
export { loadProjectMetadata } from './project-metadata.js';
