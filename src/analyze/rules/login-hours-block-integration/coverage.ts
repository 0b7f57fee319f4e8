// Login hours against the declared schedule (RG-0017), both as per-weekday minute intervals in the
// org's default time zone: the manifest's schedule is written in it (docs/manifest.md), and the
// profile's login hours are taken in it as the emulator does (the time zone of login hours is
// UNCONFIRMED: docs/salesforce-behaviour.md 1.8).

import type { MinuteInterval, WeeklyWindows } from '../../../manifest/schedule.js';
import type { LoginHours, Weekday } from '../../../model/permissions.js';
import { loginWindow, WEEKDAYS } from '../../../model/policy/index.js';

export type Week = Readonly<Record<Weekday, readonly MinuteInterval[]>>;

/** When the profile lets the user log in, per day (model/policy/login-hours.ts decides a day). */
export function allowedWeek(hours: LoginHours): Week {
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      const window = loginWindow(hours, day);
      return [day, window === undefined ? [] : [window]];
    }),
  ) as Record<Weekday, MinuteInterval[]>;
}

/** The parts of the schedule outside the allowed hours, per day. */
export function uncovered(schedule: WeeklyWindows, allowed: Week): Week {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, subtract(schedule[day], allowed[day])]),
  ) as Record<Weekday, MinuteInterval[]>;
}

function subtract(
  windows: readonly MinuteInterval[],
  holes: readonly MinuteInterval[],
): MinuteInterval[] {
  let rest: MinuteInterval[] = [...windows];
  for (const [hs, he] of holes)
    rest = rest.flatMap(([s, e]): MinuteInterval[] => {
      if (he <= s || hs >= e) return [[s, e]];
      const out: MinuteInterval[] = [];
      if (hs > s) out.push([s, hs]);
      if (he < e) out.push([he, e]);
      return out;
    });
  return rest;
}

export function isEmpty(week: Week): boolean {
  return WEEKDAYS.every((day) => week[day].length === 0);
}

const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function describeIntervals(intervals: readonly MinuteInterval[]): string {
  return intervals.map(([s, e]) => `${clock(s)}-${clock(e)}`).join(' and ');
}

/** Per day, as evidence: `{ monday: ['05:00-06:00'], ... }`, days without intervals left out. */
export function weekEvidence(week: Week): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const day of WEEKDAYS)
    if (week[day].length > 0) out[day] = week[day].map(([s, e]) => `${clock(s)}-${clock(e)}`);
  return out;
}

/**
 * `Monday-Friday 06:00-20:00, Saturday 08:00-12:00`: consecutive days with the same intervals
 * share one entry. With `schedule`, days the schedule misses entirely come first (a whole day
 * blocked is the headline), e.g. `Saturday 05:00-22:00, Monday-Friday 05:00-06:00 and 20:00-22:00`.
 */
export function describeWeek(week: Week, schedule?: WeeklyWindows): string {
  const groups: { days: Weekday[]; text: string; whole: boolean }[] = [];
  for (const day of WEEKDAYS) {
    const intervals = week[day];
    if (intervals.length === 0) continue;
    const text = describeIntervals(intervals);
    const whole = schedule !== undefined && describeIntervals(schedule[day]) === text;
    const last = groups.at(-1);
    const previousDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (last?.text === text && last.whole === whole && last.days.at(-1) === previousDay)
      last.days.push(day);
    else groups.push({ days: [day], text, whole });
  }
  const ordered = [...groups.filter((g) => g.whole), ...groups.filter((g) => !g.whole)];
  return ordered
    .map((g) => {
      const first = DAY_NAMES[g.days[0] ?? 'monday'];
      const last = DAY_NAMES[g.days.at(-1) ?? 'monday'];
      return `${g.days.length === 1 ? first : `${first}-${last}`} ${g.text}`;
    })
    .join(', ');
}
