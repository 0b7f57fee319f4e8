// The sObject schema: which objects and fields exist, how they relate, and who may read them.
// Shared by the fixture loader (to validate records), the emulator (SOQL, describe) and the
// effective-access module (the universe that Modify All Data and View All Data reach).

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'anyType'
  | 'json';

export interface FieldDef {
  name: string;
  type: FieldType;
  label?: string;
  /** Target object(s) of a reference field. */
  referenceTo?: string[];
  /** Parent relationship name of a reference field (`ProfileId` → `Profile`). */
  relationshipName?: string;
  /** False for fields Salesforce refuses in WHERE (LoginHistory.Status, SourceIp, ...). Default true. */
  filterable?: boolean;
  /**
   * Whether field-level security applies. False for Id, Name, required and audit fields, which are
   * visible whenever the object is readable (docs/salesforce-behaviour.md 3.20). Default: true for custom fields and
   * for standard fields of CRUD objects that are not system fields.
   */
  permissionable?: boolean;
  nillable?: boolean;
  custom?: boolean;
  /** A formula or roll-up summary field: Salesforce computes it, nobody writes it (describe `calculated`). */
  calculated?: boolean;
  /** An auto-number field (`CaseNumber`, `AutoNumber` custom fields): never writable (describe `autoNumber`). */
  autoNumber?: boolean;
  /** Picklist values in their defined order (the fixture's value set); describe `picklistValues`. */
  picklistValues?: string[];
  /** Only this query endpoint knows the field (Tooling-only `Profile.Metadata`). Default: every endpoint of the object. */
  api?: 'data' | 'tooling';
}

export interface ChildRelationshipDef {
  relationshipName: string;
  childSObject: string;
  field: string;
}

/**
 * Who may read an object through the API:
 * - `crud`: object permissions apply (Account, Order, custom objects); FLS applies to its fields.
 * - `setup`: setup objects that need View Setup and Configuration (PermissionSet, Profile, ...).
 * - `users`: objects every API user may read (User, Organization, UserLicense; LoginHistory and
 *   OauthToken too, where a user without Manage Users or Customize Application sees only its own rows).
 * - `manageUsers`: objects that need Manage Users (UserLogin).
 */
export type ObjectAccessKind = 'crud' | 'setup' | 'users' | 'manageUsers';

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural?: string;
  /** Three-character Id prefix (docs/salesforce-behaviour.md 3.18). */
  keyPrefix: string;
  /** Which query endpoints know the object. */
  api: 'data' | 'tooling' | 'both';
  access: ObjectAccessKind;
  fields: FieldDef[];
  childRelationships?: ChildRelationshipDef[];
  custom?: boolean;
}

export type SObjectSchema = ReadonlyMap<string, ObjectDef>;

export function findObject(schema: SObjectSchema, name: string): ObjectDef | undefined {
  const direct = schema.get(name);
  if (direct) return direct;
  const lower = name.toLowerCase();
  for (const def of schema.values()) if (def.name.toLowerCase() === lower) return def;
  return undefined;
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

/** Whether a field is subject to field-level security (see FieldDef.permissionable). */
export function isPermissionable(object: ObjectDef, field: FieldDef): boolean {
  if (object.access !== 'crud') return false;
  return field.permissionable ?? false;
}
