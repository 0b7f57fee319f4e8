// Small constructors that keep the object tables readable. Not exported from the standard index:
// the tables they build are the data.

import type { ChildRelationshipDef, FieldDef, FieldType } from '../schema.js';

type FieldOptions = Omit<FieldDef, 'name' | 'type'>;

/** `BillingCity` → `Billing City`, `AccountId` → `Account ID` (Salesforce's label style). */
export function labelOf(name: string): string {
  const base = name.endsWith('Id') && name.length > 2 ? `${name.slice(0, -2)} ID` : name;
  return base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');
}

function make(name: string, type: FieldType, options: FieldOptions): FieldDef {
  return { name, type, label: labelOf(name), ...options };
}

/** A business field: subject to field-level security. */
export function biz(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return make(name, type, { permissionable: true, nillable: true, ...options });
}

/** A system, required or derived field: visible whenever the object is readable. */
export function sys(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return make(name, type, { permissionable: false, ...options });
}

/** A required field: Salesforce does not allow field-level security on it. */
export function req(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return make(name, type, { permissionable: false, nillable: false, ...options });
}

/** A lookup with its parent relationship name, so SOQL can walk `Profile.UserLicense.Name`. */
export function ref(
  name: string,
  referenceTo: string | string[],
  relationshipName: string,
  options: FieldOptions = {},
): FieldDef {
  const targets = typeof referenceTo === 'string' ? [referenceTo] : referenceTo;
  return make(name, 'reference', {
    referenceTo: targets,
    relationshipName,
    permissionable: false,
    nillable: true,
    ...options,
  });
}

/** A business lookup: subject to field-level security. */
export function bizRef(
  name: string,
  referenceTo: string | string[],
  relationshipName: string,
  options: FieldOptions = {},
): FieldDef {
  return ref(name, referenceTo, relationshipName, { permissionable: true, ...options });
}

/** A field only the Tooling API knows. */
export function tooling(def: FieldDef): FieldDef {
  return { ...def, api: 'tooling' };
}

export function idField(): FieldDef {
  return { name: 'Id', type: 'id', label: 'Record ID', permissionable: false, nillable: false };
}

export function ownerField(): FieldDef {
  return ref('OwnerId', 'User', 'Owner', { nillable: false });
}

/** CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp (and IsDeleted). */
export function auditFields(options: { isDeleted?: boolean } = {}): FieldDef[] {
  const fields = [
    sys('CreatedDate', 'datetime', { nillable: false }),
    ref('CreatedById', 'User', 'CreatedBy', { nillable: false }),
    sys('LastModifiedDate', 'datetime', { nillable: false }),
    ref('LastModifiedById', 'User', 'LastModifiedBy', { nillable: false }),
    sys('SystemModstamp', 'datetime', { nillable: false }),
  ];
  if (options.isDeleted !== false) fields.push(sys('IsDeleted', 'boolean', { nillable: false }));
  return fields;
}

export function child(
  relationshipName: string,
  childSObject: string,
  field: string,
): ChildRelationshipDef {
  return { relationshipName, childSObject, field };
}

/** `Tasks` and `Events` through the polymorphic `WhatId` (or `WhoId`). */
export function activityChildren(field: 'WhatId' | 'WhoId'): ChildRelationshipDef[] {
  return [child('Tasks', 'Task', field), child('Events', 'Event', field)];
}
