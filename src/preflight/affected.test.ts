// Which run-as users a change reaches: through the files of the containers they hold (directly, in
// a group, as the group's muting set, a decomposed set's parts), at the base or at the head.

import { describe, expect, it } from 'vitest';

import type { OrgSnapshot } from '../model/snapshot.js';
import { affectedUsers } from './affected.js';

const P = 'force-app/main/default';
const file = (kind: string, name: string, ext: string): string =>
  `${P}/${kind}/${name}.${ext}-meta.xml`;

/** Only what affectedUsers reads of a snapshot. */
function snapshot(parts: {
  users?: { username: string; profileName: string }[];
  assignments?: { username: string; permissionSet?: string; permissionSetGroup?: string }[];
  decomposed?: boolean;
}): OrgSnapshot {
  return {
    profiles: [
      {
        name: 'Integration',
        fullName: 'Integration',
        location: { file: file('profiles', 'Integration', 'profile') },
      },
    ],
    permissionSets: [
      {
        name: 'Orders',
        location: {
          file:
            parts.decomposed === true
              ? `${P}/permissionsets/Orders/Orders.permissionset-meta.xml`
              : file('permissionsets', 'Orders', 'permissionset'),
        },
      },
      { name: 'Catalog', location: { file: file('permissionsets', 'Catalog', 'permissionset') } },
      { name: 'Unheld', location: { file: file('permissionsets', 'Unheld', 'permissionset') } },
    ],
    mutingPermissionSets: [
      {
        name: 'Catalog_Muting',
        location: { file: file('mutingpermissionsets', 'Catalog_Muting', 'mutingpermissionset') },
      },
    ],
    permissionSetGroups: [
      {
        name: 'Catalog_Group',
        permissionSets: ['Catalog'],
        mutingPermissionSet: 'Catalog_Muting',
        location: { file: file('permissionsetgroups', 'Catalog_Group', 'permissionsetgroup') },
      },
    ],
    users: parts.users ?? [
      { username: 'Orders@example.com', profileName: 'Integration' },
      { username: 'catalog@example.com', profileName: 'Integration' },
    ],
    assignments: parts.assignments ?? [
      { username: 'Orders@example.com', permissionSet: 'Orders' },
      { username: 'catalog@example.com', permissionSetGroup: 'Catalog_Group' },
    ],
  } as unknown as OrgSnapshot;
}

const reach = (files: string[], base = snapshot({}), head = base): string[] | undefined => {
  const users = affectedUsers(base, head, new Set(files));
  return users === undefined ? undefined : [...users].sort();
};

describe('affectedUsers', () => {
  it('a set held directly reaches its holder only', () => {
    expect(reach([file('permissionsets', 'Orders', 'permissionset')])).toEqual([
      'orders@example.com',
    ]);
  });

  it('a group’s component set and its muting set reach the group’s holder', () => {
    expect(reach([file('permissionsets', 'Catalog', 'permissionset')])).toEqual([
      'catalog@example.com',
    ]);
    expect(reach([file('mutingpermissionsets', 'Catalog_Muting', 'mutingpermissionset')])).toEqual([
      'catalog@example.com',
    ]);
  });

  it('a profile reaches every user of it', () => {
    expect(reach([file('profiles', 'Integration', 'profile')])).toEqual([
      'catalog@example.com',
      'orders@example.com',
    ]);
  });

  it('a set no one holds reaches nobody', () => {
    expect(reach([file('permissionsets', 'Unheld', 'permissionset')])).toEqual([]);
  });

  it('a part of a decomposed set reaches its holder', () => {
    const decomposed = snapshot({ decomposed: true });
    expect(
      reach(
        [`${P}/permissionsets/Orders/objectSettings/Order.objectSettings-meta.xml`],
        decomposed,
      ),
    ).toEqual(['orders@example.com']);
  });

  it('a set assigned only at the head reaches its new holder', () => {
    const head = snapshot({
      assignments: [
        { username: 'Orders@example.com', permissionSet: 'Orders' },
        { username: 'catalog@example.com', permissionSetGroup: 'Catalog_Group' },
        { username: 'catalog@example.com', permissionSet: 'Unheld' },
      ],
    });
    expect(reach([file('permissionsets', 'Unheld', 'permissionset')], snapshot({}), head)).toEqual([
      'catalog@example.com',
    ]);
  });

  it('any other file (an app, an object, the manifest) may reach everyone: undefined', () => {
    for (const other of [
      file('connectedApps', 'Ledger', 'connectedApp'),
      `${P}/objects/Order__c/fields/Amount__c.field-meta.xml`,
      'runas-guard.yaml',
    ])
      expect(reach([file('permissionsets', 'Orders', 'permissionset'), other])).toBeUndefined();
  });
});
