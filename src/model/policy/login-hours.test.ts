import { describe, expect, it } from 'vitest';

import type { LoginHours } from '../permissions.js';
import { checkLoginHours, loginWindow } from './login-hours.js';

// Wednesday 08:00-17:00 (480-1020); Thursday blocked (start = end is read as no entry); Friday missing.
const HOURS: LoginHours = {
  wednesday: { start: 480, end: 1020 },
  saturday: { start: 600, end: 540 },
};

describe('checkLoginHours: an instant in or out of the hours, in the org time zone', () => {
  it.each([
    ['the first minute', '2026-11-25T08:00:00Z', 'UTC', true, 480],
    ['the second before the first minute', '2026-11-25T07:59:59Z', 'UTC', false, 479],
    ['the last minute', '2026-11-25T16:59:00Z', 'UTC', true, 1019],
    ['the last second of the last minute', '2026-11-25T16:59:59Z', 'UTC', true, 1019],
    ['the minute the hours end', '2026-11-25T17:00:00Z', 'UTC', false, 1020],
    ['a day without hours', '2026-11-27T12:00:00Z', 'UTC', false, 720],
    ['a day whose end is before its start', '2026-11-28T09:30:00Z', 'UTC', false, 570],
    // The same instants in other time zones: 07:30Z is 08:30 in Paris (inside), 02:30 in New York.
    ['07:30Z in Europe/Paris', '2026-11-25T07:30:00Z', 'Europe/Paris', true, 510],
    ['07:30Z in UTC', '2026-11-25T07:30:00Z', 'UTC', false, 450],
    ['16:30Z in Europe/Paris (17:30)', '2026-11-25T16:30:00Z', 'Europe/Paris', false, 1050],
    ['13:00Z in America/New_York (08:00)', '2026-11-25T13:00:00Z', 'America/New_York', true, 480],
    ['12:59Z in America/New_York (07:59)', '2026-11-25T12:59:00Z', 'America/New_York', false, 479],
    // Wednesday 00:30 in Tokyo is still Tuesday in UTC: the org's weekday counts.
    [
      'Tuesday 23:30Z is Wednesday 08:30 in Asia/Tokyo',
      '2026-11-24T23:30:00Z',
      'Asia/Tokyo',
      true,
      510,
    ],
  ] as const)('%s', (_case, at, timeZone, inside, minutes) => {
    const check = checkLoginHours(HOURS, new Date(at), timeZone);
    expect(check.inside).toBe(inside);
    expect(check.minutes).toBe(minutes);
  });

  it('does not restrict without hours, and refuses an unknown time zone', () => {
    expect(checkLoginHours(undefined, new Date('2026-11-27T03:00:00Z'), 'UTC').inside).toBe(true);
    expect(() => checkLoginHours(HOURS, new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('gives the window of a day, none when it allows nothing', () => {
    expect(loginWindow(HOURS, 'wednesday')).toEqual([480, 1020]);
    expect(loginWindow(HOURS, 'friday')).toBeUndefined();
    expect(loginWindow(HOURS, 'saturday')).toBeUndefined();
    expect(loginWindow({ monday: { start: 0, end: 1440 } }, 'monday')).toEqual([0, 1440]);
  });
});
