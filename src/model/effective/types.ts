// Effective access of one user (docs/salesforce-behaviour.md 3.20): every grant remembers the containers it came through.

import type {
  FieldAction,
  MutingPermissionSetDef,
  ObjectAction,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
} from '../permissions.js';

/** One path by which a grant reaches the user. */
export interface Via {
  type: 'Profile' | 'PermissionSet' | 'PermissionSetGroup';
  /** Container name: profile label, permission set API name, group developer name. */
  name: string;
  /** The group a permission set was held through. */
  group?: string;
  /** Set when the grant is implied by another permission (`ModifyAllData`, `modifyAll`, ...). */
  impliedBy?: string;
}

export interface AccessAssignment {
  /** A permission set held directly, or a group. */
  permissionSet?: string;
  permissionSetGroup?: string;
  /** ISO-8601; the assignment is excluded from that instant on (model/policy/assignment.ts). */
  expirationDate?: string;
}

export interface AccessInput {
  profile: ProfileDef;
  assignments: AccessAssignment[];
  /** Evaluation time, ISO-8601 (the org's clock). */
  now: string;
}

export interface AccessCatalog {
  permissionSets: readonly PermissionSetDef[];
  mutingPermissionSets: readonly MutingPermissionSetDef[];
  permissionSetGroups: readonly PermissionSetGroupDef[];
  /** Every object Modify All Data / View All Data reach (the org's `crud` objects). */
  objects: readonly string[];
  /** Fields per object, for View All Fields (`Object` → field names). */
  fieldsOf: (object: string) => readonly string[];
}

export type ExclusionReason = 'expired' | 'session-based' | 'muted' | 'unknown-container';

/** A grant that would reach the user but does not, and why (RG-0012, RG-0013, RG-0014). */
export interface ExcludedGrant {
  reason: ExclusionReason;
  via: Via;
  /** What was excluded: `system:ModifyAllData`, `object:Account:edit`, `field:Account.Name:read`, or `container` for a whole set. */
  permission: string;
  expirationDate?: string;
  /** For `muted`: the muting permission set of the group that removed the grant. */
  mutedBy?: string;
}

export interface EffectiveAccess {
  systemPermissions: Map<string, Via[]>;
  objects: Map<string, Map<ObjectAction, Via[]>>;
  fields: Map<string, Map<FieldAction, Via[]>>;
  excluded: ExcludedGrant[];
}
