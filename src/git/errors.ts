// The error of a git ref or tree preflight cannot read: exit 2 (input), naming the ref and the path.

export type GitErrorCode =
  | 'GIT_NOT_FOUND'
  | 'NOT_A_REPOSITORY'
  | 'REF_INVALID'
  | 'REF_NOT_FOUND'
  | 'PROJECT_NOT_IN_TREE'
  | 'TREE_UNREADABLE'
  | 'TOO_MANY_FILES'
  | 'FILE_TOO_LARGE';

export class GitError extends Error {
  override readonly name = 'GitError';
  readonly exitCode = 2;

  constructor(
    readonly code: GitErrorCode,
    message: string,
  ) {
    super(message);
  }
}
