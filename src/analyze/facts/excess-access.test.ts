import { describe, expect, it } from 'vitest';

import { describeNeed, grantFor, isNeedGranted } from '../declared.js';
import type { NeedItem } from '../declared.js';
import type { ManifestNeeds } from '../../manifest/schema.js';
import type { EffectiveAccess, Via } from '../../model/effective/types.js';
import type { FieldAction, ObjectAction } from '../../model/permissions.js';
import { describeExcess, excessAccess } from './excess-access.js';

const VIA: Via[] = [{ type: 'PermissionSet', name: 'Integration_Set' }];

/** A user holding exactly these grants, each through one permission set. */
function holding(grants: readonly NeedItem[]): EffectiveAccess {
  const access: EffectiveAccess = {
    systemPermissions: new Map(),
    objects: new Map(),
    fields: new Map(),
    excluded: [],
  };
  for (const g of grants) {
    if (g.kind === 'system') access.systemPermissions.set(g.name, VIA);
    else if (g.kind === 'object') {
      const actions = access.objects.get(g.name) ?? new Map<ObjectAction, Via[]>();
      access.objects.set(g.name, actions.set(g.action, VIA));
    } else {
      const actions = access.fields.get(g.name) ?? new Map<FieldAction, Via[]>();
      access.fields.set(g.name, actions.set(g.action, VIA));
    }
  }
  return access;
}

/** The manifest's needs that declare exactly one item. */
function needsOf(item: NeedItem): ManifestNeeds {
  if (item.kind === 'system') return { systemPermissions: [item.name] };
  return item.kind === 'object'
    ? { objects: { [item.name]: [item.action] } }
    : { fields: { [item.name]: [item.action] } };
}

// A need, and the grant that satisfies it: fields without field-level security (Id, Name, required
// and audit fields of standard objects) come with their object.
const TABLE: [NeedItem, NeedItem][] = [
  [
    { kind: 'system', name: 'ManageUsers' },
    { kind: 'system', name: 'ManageUsers' },
  ],
  [
    { kind: 'object', name: 'Account', action: 'edit' },
    { kind: 'object', name: 'Account', action: 'edit' },
  ],
  [
    { kind: 'field', name: 'Account.Industry', action: 'read' },
    { kind: 'field', name: 'Account.Industry', action: 'read' },
  ],
  [
    { kind: 'field', name: 'Contact.Email', action: 'edit' },
    { kind: 'field', name: 'Contact.Email', action: 'edit' },
  ],
  [
    { kind: 'field', name: 'Invoice__c.Amount__c', action: 'read' },
    { kind: 'field', name: 'Invoice__c.Amount__c', action: 'read' },
  ],
  [
    { kind: 'field', name: 'Account.Name', action: 'read' },
    { kind: 'object', name: 'Account', action: 'read' },
  ],
  [
    { kind: 'field', name: 'account.id', action: 'read' },
    { kind: 'object', name: 'account', action: 'read' },
  ],
  [
    { kind: 'field', name: 'Account.Name', action: 'edit' },
    { kind: 'object', name: 'Account', action: 'edit' },
  ],
  [
    { kind: 'field', name: 'Contact.LastName', action: 'edit' },
    { kind: 'object', name: 'Contact', action: 'edit' },
  ],
  [
    { kind: 'field', name: 'Case.CaseNumber', action: 'read' },
    { kind: 'object', name: 'Case', action: 'read' },
  ],
  [
    { kind: 'field', name: 'Account.CreatedDate', action: 'read' },
    { kind: 'object', name: 'Account', action: 'read' },
  ],
];

describe('RG-0010 and RG-0011 read a need as the same grant (grantFor)', () => {
  for (const [need, grant] of TABLE)
    it(`${describeNeed(need)} is satisfied by ${describeNeed(grant)}, and that grant is no excess`, () => {
      expect(grantFor(need)).toEqual(grant);
      const access = holding([grant]);
      // RG-0010's view: the need is met.
      expect(isNeedGranted(access, need)).toBe(true);
      // RG-0011's view: nothing beyond it.
      expect(excessAccess(access, needsOf(need))).toEqual([]);
      // And the check can fail: a grant the need does not bring is excess.
      const extra: NeedItem = { kind: 'object', name: 'Opportunity', action: 'delete' };
      expect(excessAccess(holding([grant, extra]), needsOf(need)).map(describeExcess)).toEqual([
        'Opportunity delete',
      ]);
    });

  it('a need on a field without field-level security allows no more than that action on its object', () => {
    const needs: ManifestNeeds = { fields: { 'Account.Name': ['read'] } };
    const access = holding([
      { kind: 'object', name: 'Account', action: 'read' },
      { kind: 'object', name: 'Account', action: 'edit' },
    ]);
    expect(excessAccess(access, needs).map(describeExcess)).toEqual(['Account edit']);
  });
});
