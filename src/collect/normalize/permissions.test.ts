import { describe, expect, it } from 'vitest';

import {
  groupByParent,
  permissionContentOf,
  permissionFieldsOf,
  userPermissionsOf,
} from './permissions.js';

describe('permission rows', () => {
  it('lists the boolean Permissions* fields of a describe', () => {
    const describe = {
      fields: [
        { name: 'Id', type: 'id' },
        { name: 'PermissionsApiEnabled', type: 'boolean' },
        { name: 'PermissionsModifyAllData', type: 'boolean' },
        { name: 'PermissionSetGroupId', type: 'reference' },
        { name: 'Permissions; DROP', type: 'boolean' },
      ],
    };
    expect(permissionFieldsOf(describe)).toEqual([
      'PermissionsApiEnabled',
      'PermissionsModifyAllData',
    ]);
    expect(permissionFieldsOf({ fields: 'x' })).toEqual([]);
  });

  it('turns true Permissions* columns into metadata names', () => {
    expect(
      userPermissionsOf({
        PermissionsApiEnabled: true,
        PermissionsViewSetup: false,
        PermissionsApiUserOnly: true,
        Name: 'x',
      }),
    ).toEqual(['ApiEnabled', 'ApiUserOnly']);
  });

  it('joins object and field permission rows to their container by 15-character Id', () => {
    const objects = groupByParent([
      {
        ParentId: '0PS000000000001AAA',
        SobjectType: 'Account',
        PermissionsRead: true,
        PermissionsEdit: true,
      },
      { ParentId: '0PS000000000002AAA', SobjectType: 'Order', PermissionsRead: true },
    ]);
    const fields = groupByParent([
      {
        ParentId: '0PS000000000001',
        Field: 'Account.Industry',
        PermissionsRead: true,
        PermissionsEdit: false,
      },
    ]);
    const content = permissionContentOf(
      { Id: '0PS000000000001AAA', PermissionsApiEnabled: true },
      { objects, fields },
    );
    expect(content).toEqual({
      userPermissions: ['ApiEnabled'],
      objectPermissions: {
        Account: {
          allowRead: true,
          allowCreate: false,
          allowEdit: true,
          allowDelete: false,
          viewAllRecords: false,
          modifyAllRecords: false,
          viewAllFields: false,
        },
      },
      fieldPermissions: { 'Account.Industry': { readable: true, editable: false } },
    });
  });

  it('keeps an object named like a prototype member as an own key, and drops one that is no API name', () => {
    // Regression (test/fuzz/normalize.fuzz.test.ts): a hostile SobjectType `__proto__`.
    const rows = groupByParent([
      { ParentId: '0PS000000000001AAA', SobjectType: '__proto__', PermissionsRead: true },
      { ParentId: '0PS000000000001AAA', SobjectType: 'constructor', PermissionsRead: true },
    ]);
    const content = permissionContentOf(
      { Id: '0PS000000000001AAA' },
      { objects: rows, fields: new Map() },
    );
    expect(Object.getPrototypeOf(content.objectPermissions)).toBe(Object.prototype);
    expect(Object.keys(content.objectPermissions)).toEqual(['constructor']);
    expect(Object.entries(content.objectPermissions)).toEqual([
      ['constructor', expect.objectContaining({ allowRead: true })],
    ]);
  });
});
