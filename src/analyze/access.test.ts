import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../test/helpers/snapshot-builder.js';
import { describeVia, heldPermissionSets, profileOf } from './access.js';

describe('profileOf', () => {
  const s = snapshot().withProfile(BASE.ecaUser, 'Admin').build();
  const base = { username: 'x@acme.com', isActive: true };

  it('prefers the metadata full name over the (translatable) label', () => {
    const user = {
      ...base,
      profileName: 'Minimum Access - API Only Integrations',
      profileFullName: 'Admin',
    };
    expect(profileOf(s, user)?.fullName).toBe('Admin');
  });

  it('falls back to the label, and finds nothing for an unknown profile', () => {
    expect(profileOf(s, { ...base, profileName: 'System Administrator' })?.fullName).toBe('Admin');
    expect(
      profileOf(s, { ...base, profileName: 'Ghost', profileFullName: 'Ghost' }),
    ).toBeUndefined();
  });
});

describe('heldPermissionSets', () => {
  it('lists direct and group-held sets, without expired assignments, sorted', () => {
    const s = snapshot()
      .addPermissionSetGroup('Bundle', ['Zeta', 'Alpha'])
      .assign(BASE.ecaUser, { permissionSetGroup: 'Bundle' })
      .assign(BASE.ecaUser, { permissionSet: 'Old', expirationDate: '2026-01-01T00:00:00.000Z' })
      .assign(BASE.ecaUser, { permissionSet: 'Later', expirationDate: '2027-01-01T00:00:00.000Z' })
      .build();
    expect(heldPermissionSets(s, BASE.ecaUser.toUpperCase(), s.collectedAt)).toEqual([
      { name: 'Alpha', group: 'Bundle' },
      { name: BASE.ecaPermissionSet },
      { name: 'Later' },
      { name: 'Zeta', group: 'Bundle' },
    ]);
  });
});

describe('describeVia', () => {
  it('names the container, its group and what implied the grant', () => {
    expect(describeVia({ type: 'Profile', name: 'System Administrator' })).toBe(
      'profile System Administrator',
    );
    expect(
      describeVia({ type: 'PermissionSet', name: 'X', group: 'G', impliedBy: 'ModifyAllData' }),
    ).toBe('permission set X in group G (implied by ModifyAllData)');
  });
});
