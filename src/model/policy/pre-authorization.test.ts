import { describe, expect, it } from 'vitest';

import {
  heldPermissionSets,
  preAuthorization,
  requiresPreAuthorization,
  type AssignmentOfUser,
} from './pre-authorization.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const GROUPS = [{ name: 'Sync_Bundle', permissionSets: ['Sync_API', 'Reports'] }];
const APP = {
  preAuthorizedProfiles: ['Integration Profile'],
  preAuthorizedPermissionSets: ['sync_api'],
};
const PROFILE = ['Standard User', 'Standard'];

describe('preAuthorization: profile, permission set, through a group', () => {
  it.each<[string, readonly (string | undefined)[], AssignmentOfUser[], unknown]>([
    [
      'the profile by label',
      ['integration profile', 'Integration'],
      [],
      { by: 'profile', profile: 'integration profile' },
    ],
    [
      'the profile by full name',
      ['Integration Label', 'Integration Profile'],
      [],
      { by: 'profile', profile: 'Integration Profile' },
    ],
    [
      'a permission set held directly',
      PROFILE,
      [{ permissionSet: 'Sync_API' }],
      { by: 'permissionSet', permissionSet: 'Sync_API' },
    ],
    [
      'a permission set through a group',
      PROFILE,
      [{ permissionSetGroup: 'Sync_Bundle' }],
      { by: 'permissionSet', permissionSet: 'Sync_API', group: 'Sync_Bundle' },
    ],
    [
      'an assignment expiring after the clock',
      PROFILE,
      [{ permissionSet: 'Sync_API', expirationDate: '2026-11-25T12:00:00.001Z' }],
      { by: 'permissionSet', permissionSet: 'Sync_API' },
    ],
    [
      'an assignment expiring exactly at the clock',
      PROFILE,
      [{ permissionSet: 'Sync_API', expirationDate: '2026-11-25T12:00:00.000Z' }],
      undefined,
    ],
    [
      'a group assignment expiring exactly at the clock',
      PROFILE,
      [{ permissionSetGroup: 'Sync_Bundle', expirationDate: '2026-11-25T12:00:00.000Z' }],
      undefined,
    ],
    ['an unknown group', PROFILE, [{ permissionSetGroup: 'Ghost' }], undefined],
    ['another permission set', PROFILE, [{ permissionSet: 'Reports' }], undefined],
    ['nothing', [undefined], [], undefined],
  ])('%s', (_case, profileNames, assignments, expected) => {
    const held = heldPermissionSets(assignments, GROUPS, NOW);
    expect(preAuthorization(APP, profileNames, held)).toEqual(expected);
  });

  it('applies to admin-approved apps only', () => {
    expect(requiresPreAuthorization({ adminApproved: true })).toBe(true);
    expect(requiresPreAuthorization({ adminApproved: false })).toBe(false);
  });

  it('lists held sets sorted by name, then group', () => {
    const held = heldPermissionSets(
      [
        { permissionSetGroup: 'Sync_Bundle' },
        { permissionSet: 'Reports' },
        { permissionSet: 'Old', expirationDate: '2026-01-01T00:00:00Z' },
      ],
      GROUPS,
      NOW,
    );
    expect(held).toEqual([
      { name: 'Reports' },
      { name: 'Reports', group: 'Sync_Bundle' },
      { name: 'Sync_API', group: 'Sync_Bundle' },
    ]);
  });
});
