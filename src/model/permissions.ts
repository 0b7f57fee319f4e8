// Permission containers as Salesforce's metadata describes them (profiles, permission sets,
// muting permission sets, permission set groups). Names follow the Metadata API.

import type { WeekdayName as Weekday } from '../util/time-zone.js';

export type { Weekday };

export const OBJECT_ACTIONS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;
export type ObjectAction = (typeof OBJECT_ACTIONS)[number];

export const FIELD_ACTIONS = ['read', 'edit'] as const;
export type FieldAction = (typeof FIELD_ACTIONS)[number];

export interface ObjectPermission {
  allowRead: boolean;
  allowCreate: boolean;
  allowEdit: boolean;
  allowDelete: boolean;
  viewAllRecords: boolean;
  modifyAllRecords: boolean;
  /** View All Fields: read on every field of the object. */
  viewAllFields: boolean;
}

export interface FieldPermission {
  readable: boolean;
  editable: boolean;
}

export interface IpRange {
  start: string;
  end: string;
  description?: string;
}

/** Login hours in minutes since midnight, per day; a day absent from the map has no hours. */
export type LoginHours = Partial<Record<Weekday, { start: number; end: number }>>;

export interface SourceLocation {
  file: string;
  line?: number;
}

/**
 * The permission content shared by profiles, permission sets and muting permission sets.
 * For a muting permission set, `true` means muted.
 */
export interface PermissionContent {
  /** Enabled system permissions by metadata name (`ApiEnabled`, `ModifyAllData`, ...). */
  userPermissions: string[];
  /** Keyed by object API name. */
  objectPermissions: Record<string, ObjectPermission>;
  /** Keyed by `Object.Field`. */
  fieldPermissions: Record<string, FieldPermission>;
}

export interface ProfileDef extends PermissionContent {
  kind: 'Profile';
  /** Metadata full name (`Admin`, `Standard`, or the file name of a custom profile). */
  fullName: string;
  /** `Profile.Name` as SOQL returns it (the label: `System Administrator`). */
  name: string;
  custom: boolean;
  /** User licence name (`Salesforce`, `Salesforce Integration`, ...). */
  userLicense: string;
  description?: string;
  loginIpRanges: IpRange[];
  /** Undefined when unrestricted. */
  loginHours?: LoginHours;
  /** Session security level required at login (`HIGH_ASSURANCE`), from profile session settings. */
  requiredSessionLevel?: string;
  /** Session timeout in minutes, from profile session settings. */
  sessionTimeoutMinutes?: number;
  location?: SourceLocation;
}

export interface PermissionSetDef extends PermissionContent {
  kind: 'PermissionSet';
  /** API name (`Name` in SOQL, full name in metadata). */
  name: string;
  label: string;
  description?: string;
  /** Permission set licence or user licence name (`Salesforce API Integration`). */
  license?: string;
  /** Session-based: not active in a client-credentials session. */
  hasActivationRequired: boolean;
  location?: SourceLocation;
}

export interface MutingPermissionSetDef extends PermissionContent {
  kind: 'MutingPermissionSet';
  name: string;
  label: string;
  description?: string;
  location?: SourceLocation;
}

export type PermissionSetGroupStatus = 'Updated' | 'Outdated' | 'Updating' | 'Failed';

export interface PermissionSetGroupDef {
  kind: 'PermissionSetGroup';
  /** DeveloperName / metadata full name. */
  name: string;
  label: string;
  description?: string;
  permissionSets: string[];
  /** One muting permission set per group. */
  mutingPermissionSet?: string;
  hasActivationRequired: boolean;
  status: PermissionSetGroupStatus;
  location?: SourceLocation;
}

export function emptyObjectPermission(): ObjectPermission {
  return {
    allowRead: false,
    allowCreate: false,
    allowEdit: false,
    allowDelete: false,
    viewAllRecords: false,
    modifyAllRecords: false,
    viewAllFields: false,
  };
}
