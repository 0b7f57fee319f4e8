import { describe, expect, it } from 'vitest';

import { isAssignmentActive } from './assignment.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

describe('isAssignmentActive: an assignment stops granting at its ExpirationDate', () => {
  it.each([
    ['no expiration date', undefined, true],
    ['expires a millisecond after the clock', '2026-11-25T12:00:00.001Z', true],
    ['expires next year', '2027-11-25T12:00:00.000Z', true],
    ['expires exactly at the clock', '2026-11-25T12:00:00.000Z', false],
    ['the same instant written with an offset', '2026-11-25T13:00:00.000+01:00', false],
    ['expired a millisecond before the clock', '2026-11-25T11:59:59.999Z', false],
    ['expired last year', '2025-11-25T12:00:00.000Z', false],
    // Refused by the resolver; never read as expired on its own.
    ['an unreadable date', 'soon', true],
  ] as const)('%s', (_case, expirationDate, active) => {
    expect(isAssignmentActive(expirationDate, NOW)).toBe(active);
  });
});
