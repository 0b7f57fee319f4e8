import { describe, expect, it } from 'vitest';

import { ipRelaxationOf, relaxesIpRestrictions } from './ip-relaxation.js';

describe('relaxesIpRestrictions: the values RG-0024 knows', () => {
  it.each([
    ['BYPASS', true],
    ['Bypass', true],
    ['BYPASS_2FACTOR', true],
    ['Bypass_2factor', true],
    [' bypass ', true],
    ['ENFORCE', false],
    ['Enforce', false],
    // Relaxing for refresh tokens does not reach client credentials, which issue none.
    ['Enforce_RelaxRefresh', false],
    ['ENFORCE_RELAXREFRESH', false],
    // Unknown and unset values enforce, the default of both app types.
    ['BYPASS_SOMETHING_NEW', false],
    ['RELAX', false],
    ['', false],
    [undefined, false],
  ] as const)('%s', (value, relaxes) => {
    expect(relaxesIpRestrictions(value)).toBe(relaxes);
  });

  it('knows a label for every known value and nothing for unknown ones', () => {
    expect(ipRelaxationOf('Enforce_RelaxRefresh')).toEqual({
      kind: 'enforce',
      label: 'Enforce IP restrictions, but relax for refresh tokens',
    });
    expect(ipRelaxationOf('BYPASS_SOMETHING_NEW')).toBeUndefined();
    expect(ipRelaxationOf('  ')).toBeUndefined();
  });
});
