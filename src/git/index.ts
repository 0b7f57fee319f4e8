// Reading a project from git objects (preflight, docs/preflight.md).

export { GitError } from './errors.js';
export type { GitErrorCode } from './errors.js';
export { BlobCache, GitTree, MAX_TREE_FILES, openRepository, resolveCommit } from './tree.js';
export type { GitRepository, GitTreeOptions } from './tree.js';
