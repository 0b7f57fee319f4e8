// Login-hours coverage: whether an instant is inside a profile's login hours, per weekday in minutes
// since midnight, in the org's default time zone. A day allows its start minute up to, not
// including, its end minute (08:00-17:00 allows 16:59, refuses 17:00); a day missing from the hours,
// or whose end is not after its start, allows nothing; no hours at all is no restriction; a day
// never wraps past midnight. The format is CONFIRMED, these readings and the time zone for this flow
// are UNCONFIRMED (docs/salesforce-behaviour.md 1.8).

import type { LoginHours, Weekday } from '../permissions.js';
import { wallClock } from '../../util/time-zone.js';

/** `[first allowed minute, first refused minute)` of a day; undefined when the day allows nothing. */
export function loginWindow(
  hours: LoginHours,
  day: Weekday,
): readonly [start: number, end: number] | undefined {
  const h = hours[day];
  return h !== undefined && h.end > h.start ? [h.start, h.end] : undefined;
}

export interface LoginHoursCheck {
  inside: boolean;
  /** The instant's weekday and minute of the day in the time zone. */
  weekday: Weekday;
  minutes: number;
}

/**
 * Whether `at` is inside the login hours in `timeZone` (an IANA name; an unknown one throws a
 * RangeError). Undefined hours: always inside.
 */
export function checkLoginHours(
  hours: LoginHours | undefined,
  at: Date,
  timeZone: string,
): LoginHoursCheck {
  const { weekday, minutes } = wallClock(at, timeZone);
  if (hours === undefined) return { inside: true, weekday, minutes };
  const window = loginWindow(hours, weekday);
  const inside = window !== undefined && minutes >= window[0] && minutes < window[1];
  return { inside, weekday, minutes };
}
