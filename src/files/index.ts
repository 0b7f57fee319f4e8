// Safe file I/O for every input and output the tool names by path (docs/adr/0008-files-and-inputs.md).

export { FileError, type FileErrorCode } from './errors.js';
export {
  jsonErrorOffset,
  lineOfJsonKey,
  parseJsonText,
  prettyJsonChunks,
  type JsonErrorClass,
} from './json.js';
export { LocatedError, lineAt, type LocatedErrorDetails } from './located-error.js';
export {
  formatBytes,
  INPUT_CAPS,
  openRegularFile,
  readRegularFile,
  readTextFile,
  type OpenedRegularFile,
  type ReadOptions,
} from './read.js';
export {
  MAX_SYMLINK_HOPS,
  resolveOutputTarget,
  writeFileAtomic,
  type OutputTarget,
  type WriteOptions,
} from './write.js';
