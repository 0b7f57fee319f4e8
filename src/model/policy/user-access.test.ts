import { describe, expect, it } from 'vitest';

import type { ProfileDef } from '../permissions.js';
import { profileNamed, profileOf, snapshotUserAccess } from './user-access.js';

const location = { file: 'x', line: 1 } as unknown as ProfileDef['location'];
function profile(fullName: string, name: string, userPermissions: string[] = []): ProfileDef {
  return {
    kind: 'Profile',
    fullName,
    name,
    custom: true,
    userLicense: 'Salesforce',
    userPermissions,
    objectPermissions: {},
    fieldPermissions: {},
    loginIpRanges: [],
    location,
  } as ProfileDef;
}

const SNAPSHOT = {
  profiles: [profile('Admin', 'System Administrator', ['ApiEnabled']), profile('Custom', 'Admin')],
  permissionSets: [
    {
      kind: 'PermissionSet',
      name: 'Export',
      label: 'Export',
      userPermissions: ['ViewAllData'],
      objectPermissions: {},
      fieldPermissions: {},
      hasActivationRequired: false,
      location,
    },
  ],
  mutingPermissionSets: [],
  permissionSetGroups: [],
  objects: { Account: ['Industry'] },
  assignments: [
    {
      username: 'USER@acme.com',
      permissionSet: 'Export',
      expirationDate: '2026-11-25T12:00:00.000Z',
    },
  ],
} as unknown as Parameters<typeof snapshotUserAccess>[0];
const USER = { username: 'user@acme.com', isActive: true, profileName: 'System Administrator' };

describe('profileOf: metadata full name first, then the label', () => {
  it.each([
    [
      'the full name wins over a label that names another profile',
      { profileName: 'Admin', profileFullName: 'Admin' },
      'Admin',
    ],
    ['the label when the full name is unknown', { profileName: 'System Administrator' }, 'Admin'],
    ['a label that is another profile\u2019s full name', { profileName: 'Admin' }, 'Custom'],
    [
      'nothing for an unknown profile',
      { profileName: 'Ghost', profileFullName: 'Ghost' },
      undefined,
    ],
  ] as const)('%s', (_case, user, fullName) => {
    expect(profileOf(SNAPSHOT, user)?.fullName).toBe(fullName);
  });

  it('finds a declared name the same way', () => {
    expect(profileNamed(SNAPSHOT.profiles, 'Admin')?.name).toBe('System Administrator');
    expect(profileNamed(SNAPSHOT.profiles, 'System Administrator')?.fullName).toBe('Admin');
  });
});

describe('snapshotUserAccess', () => {
  it.each([
    ['before the expiry the assignment grants', '2026-11-25T11:59:59.999Z', true],
    ['at the expiry it grants nothing', '2026-11-25T12:00:00.000Z', false],
  ] as const)('%s', (_case, now, viewAll) => {
    const resolved = snapshotUserAccess(SNAPSHOT, USER, now);
    if ('problem' in resolved) throw new Error(resolved.problem);
    expect(resolved.access.systemPermissions.has('ViewAllData')).toBe(viewAll);
    expect(resolved.access.systemPermissions.has('ApiEnabled')).toBe(true);
    expect(resolved.access.excluded.some((e) => e.reason === 'expired')).toBe(!viewAll);
  });

  it('says what is missing instead of guessing', () => {
    expect(
      snapshotUserAccess(SNAPSHOT, { ...USER, profileName: 'Ghost' }, '2026-11-25T00:00:00Z'),
    ).toEqual({
      problem: 'unknown-profile',
    });
    const broken = {
      ...SNAPSHOT,
      assignments: [{ username: USER.username, permissionSet: 'Export', expirationDate: 'soon' }],
    };
    expect(snapshotUserAccess(broken, USER, '2026-11-25T00:00:00Z')).toMatchObject({
      problem: 'unresolvable',
    });
  });
});
