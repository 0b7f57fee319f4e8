import { describe, expect, it } from 'vitest';

import {
  declaredIntegration,
  declaredNeeds,
  describeNeed,
  formatVia,
  grantKeyOf,
  isPermissionableField,
  listSome,
  needItems,
} from './declared.js';
import { baseManifest, BASE } from './testing/snapshot-builder.js';

describe('declaredIntegration', () => {
  it('finds the entry of an app ignoring case, the first of two', () => {
    const manifest = baseManifest();
    manifest.integrations?.push({ name: 'second', app: BASE.eca });
    expect(declaredIntegration({ manifest }, BASE.eca.toLowerCase())?.name).toBe(
      'billing-callback',
    );
    expect(declaredIntegration({ manifest }, { name: 'Nope' })).toBeUndefined();
    expect(declaredIntegration({ manifest: undefined }, BASE.eca)).toBeUndefined();
  });

  it('says why there are no needs to compare with', () => {
    const manifest = baseManifest();
    expect(declaredNeeds({ manifest: undefined }, BASE.eca)).toEqual({ absent: 'noManifest' });
    expect(declaredNeeds({ manifest }, 'Nope')).toEqual({ absent: 'notDeclared' });
    const empty = { integrations: [{ name: 'x', app: 'X', needs: {} }] };
    expect(declaredNeeds({ manifest: empty }, 'X')).toMatchObject({ absent: 'noNeeds' });
    expect(declaredNeeds({ manifest }, BASE.eca)).toMatchObject({
      entry: { name: 'billing-callback' },
    });
  });
});

describe('needItems', () => {
  it('flattens needs: system permissions, objects, fields, sorted, in action order, once each', () => {
    const items = needItems({
      objects: { Order: ['edit', 'read', 'edit'], Account: ['read'] },
      fields: { 'Order.PoNumber': ['edit', 'read'] },
      systemPermissions: ['ApiUserOnly', 'ApiEnabled', 'ApiEnabled'],
    });
    expect(items.map(describeNeed)).toEqual([
      'system permission ApiEnabled',
      'system permission ApiUserOnly',
      'Account read',
      'Order read',
      'Order edit',
      'field Order.PoNumber read',
      'field Order.PoNumber edit',
    ]);
  });
});

describe('fields without field-level security', () => {
  it('knows the standard fields that come with their object', () => {
    expect(isPermissionableField('Account.Name')).toBe(false);
    expect(isPermissionableField('account.id')).toBe(false);
    expect(isPermissionableField('Account.Industry')).toBe(true);
    expect(isPermissionableField('Account.Billing_Status__c')).toBe(true);
    expect(isPermissionableField('Invoice__c.Amount__c')).toBe(true);
    expect(grantKeyOf({ kind: 'field', name: 'Account.Name', action: 'read' })).toBe(
      'object:Account:read',
    );
    expect(grantKeyOf({ kind: 'field', name: 'Account.Industry', action: 'edit' })).toBe(
      'field:Account.Industry:edit',
    );
  });
});

describe('formatting', () => {
  it('writes container paths compactly', () => {
    expect(formatVia({ type: 'PermissionSet', name: 'P', group: 'G' })).toBe('G / P');
    expect(formatVia({ type: 'PermissionSet', name: 'P' })).toBe('P');
    expect(formatVia({ type: 'Profile', name: 'Admin', impliedBy: 'ModifyAllData' })).toBe(
      'profile Admin (implied by ModifyAllData)',
    );
    expect(formatVia({ type: 'PermissionSetGroup', name: 'G' })).toBe('group G');
  });

  it('keeps long lists to a sentence', () => {
    expect(listSome(['a', 'b'], 2)).toBe('a, b');
    expect(listSome(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});
