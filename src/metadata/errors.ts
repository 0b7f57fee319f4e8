// The error of a broken SFDX project (`--project DIR`, and the metadata half of an org fixture): it
// names the file (relative to the project), the line where known and the element, and is exit 2.

import { LocatedError } from '../files/located-error.js';

export type ProjectErrorCode =
  | 'PROJECT_NOT_FOUND'
  | 'PROJECT_INVALID'
  | 'FILE_TOO_LARGE'
  | 'FILE_UNREADABLE'
  | 'TOO_MANY_FILES'
  | 'JSON_INVALID'
  | 'XML_INVALID'
  | 'XML_DOCTYPE'
  | 'XML_ROOT_MISMATCH'
  | 'METADATA_INVALID'
  | 'DUPLICATE_COMPONENT'
  | 'UNKNOWN_REFERENCE';

export class ProjectError extends LocatedError<ProjectErrorCode> {
  override readonly name = 'ProjectError';
}
