import { describe, expect, it } from 'vitest';

import { ipAllowedByRanges, ipInRange, ipv4ToNumber } from './ip-range.js';

const RANGE = { start: '192.0.2.32', end: '192.0.2.47' };

describe('ipInRange: the first and the last address are inside', () => {
  it.each([
    ['the first address', '192.0.2.32', RANGE, true],
    ['the last address', '192.0.2.47', RANGE, true],
    ['an address inside', '192.0.2.40', RANGE, true],
    ['the address before the first', '192.0.2.31', RANGE, false],
    ['the address after the last', '192.0.2.48', RANGE, false],
    ['a one-address range', '203.0.113.7', { start: '203.0.113.7', end: '203.0.113.7' }, true],
    ['across an octet', '10.0.1.0', { start: '10.0.0.250', end: '10.0.1.5' }, true],
    ['the whole space', '255.255.255.255', { start: '0.0.0.0', end: '255.255.255.255' }, true],
    ['an IPv6 range', '192.0.2.40', { start: '2001:db8::', end: '2001:db8::ff' }, false],
    ['an unreadable address', '192.0.2', RANGE, false],
    ['a reversed range', '192.0.2.40', { start: RANGE.end, end: RANGE.start }, false],
  ] as const)('%s', (_case, ip, range, inside) => {
    expect(ipInRange(ip, range)).toBe(inside);
  });

  it('reads IPv4 addresses and nothing else', () => {
    expect(ipv4ToNumber('192.0.2.40')).toBe(3221226024);
    expect(ipv4ToNumber(' 192.0.2.40 ')).toBe(3221226024);
    for (const bad of ['192.0.2', '192.0.2.256', '::1', '1.2.3.4.5', 'a.b.c.d', ' ', '1.2.3.-4'])
      expect(ipv4ToNumber(bad), bad).toBeUndefined();
  });

  it('lets any address log in when the profile has no ranges', () => {
    expect(ipAllowedByRanges('198.51.100.1', [])).toBe(true);
    expect(ipAllowedByRanges('198.51.100.1', [RANGE])).toBe(false);
    expect(
      ipAllowedByRanges('198.51.100.1', [RANGE, { start: '198.51.100.1', end: '198.51.100.1' }]),
    ).toBe(true);
  });
});
