// The manifest's `schedule` (docs/manifest.md): when a callback must be able to log in, as
// `DAYS HH:MM-HH:MM[; ...]`. RG-0017 compares the parsed windows with the profile's login hours,
// which Salesforce keeps per weekday in minutes since midnight, so the parsed form is the same.

import type { Weekday } from '../model/permissions.js';
import { WEEKDAYS } from '../model/policy/vocabulary.js';

// Monday first, as Salesforce's `loginHours` lists them: the metadata vocabulary's list.
export { WEEKDAYS };

/** Half-open [start, end) in minutes since midnight, 0 <= start < end <= 1440. */
export type MinuteInterval = readonly [start: number, end: number];

/** Per weekday, sorted, non-overlapping, non-adjacent intervals; a day without any is empty. */
export type WeeklyWindows = Readonly<Record<Weekday, readonly MinuteInterval[]>>;

export const MINUTES_PER_DAY = 1440;

/** No schedule declared: the callback must work at any time. */
export const ALWAYS: WeeklyWindows = Object.freeze(
  Object.fromEntries(
    WEEKDAYS.map((day) => [day, Object.freeze([Object.freeze([0, MINUTES_PER_DAY] as const)])]),
  ) as Record<Weekday, readonly MinuteInterval[]>,
);

export class ScheduleSyntaxError extends Error {
  override readonly name = 'ScheduleSyntaxError';
}

const DAY_ABBREVIATIONS: Readonly<Record<string, number>> = {
  mon: 0,
  tue: 1,
  wed: 2,
  thu: 3,
  fri: 4,
  sat: 5,
  sun: 6,
};

const SEGMENT = /^(\S+)\s+(\S+)-(\S+)$/;

// The grammar as a JSON Schema pattern (no flags there, so day names spell out their cases), for
// editors. It cannot check hour ranges or a 24:00 start; parseSchedule does.
const DAY_PATTERN = `(?:${Object.keys(DAY_ABBREVIATIONS)
  .map((day) => Array.from(day, (c) => `[${c.toUpperCase()}${c}]`).join(''))
  .join('|')})`;
const DAYS_PATTERN = `${DAY_PATTERN}(?:\\s*-\\s*${DAY_PATTERN})?`;
const TIMES_PATTERN = '\\d{2}:\\d{2}\\s*-\\s*\\d{2}:\\d{2}';
const SEGMENT_PATTERN = `${DAYS_PATTERN}(?:\\s*,\\s*${DAYS_PATTERN})*\\s+${TIMES_PATTERN}`;
export const SCHEDULE_PATTERN = `^\\s*${SEGMENT_PATTERN}(?:\\s*;\\s*${SEGMENT_PATTERN})*\\s*;?\\s*$`;
const TIME = /^(\d{2}):(\d{2})$/;
/** Longer texts are not schedules; the cap keeps error messages and work bounded. */
const MAX_LENGTH = 1000;

/**
 * Parses `Mon-Fri 06:00-20:00; Sat 08:00-12:00`. DAYS is a comma list of days or day ranges
 * (`Mon`, `Mon-Fri`, `Mon,Wed`, `Fri-Mon` wraps through the weekend), day names are the English
 * three-letter abbreviations (any case). `24:00` is allowed as an end. An end before the start
 * wraps past midnight into the next day (`Sun 22:00-02:00` includes Monday 00:00-02:00). Times are
 * wall-clock times in the org's default time zone; the parser does not convert them.
 * @throws ScheduleSyntaxError naming the segment that is wrong.
 */
export function parseSchedule(text: string): WeeklyWindows {
  if (text.length > MAX_LENGTH)
    throw new ScheduleSyntaxError(`is longer than ${MAX_LENGTH} characters`);
  const perDay: [number, number][][] = WEEKDAYS.map(() => []);
  const segments = text.split(';').map((s) => s.trim());
  if (segments.length > 1 && segments.at(-1) === '') segments.pop(); // a trailing `;`
  if (segments.length === 1 && segments[0] === '')
    throw new ScheduleSyntaxError(
      'is empty: expected DAYS HH:MM-HH:MM, e.g. "Mon-Fri 06:00-20:00"',
    );
  if (segments.includes(''))
    throw new ScheduleSyntaxError('has an empty window between semicolons');

  for (const segment of segments) {
    // Spaces around `-` and `,` are layout, not meaning.
    const compact = segment.replace(/\s+/g, ' ').replace(/ ?([-,]) ?/g, '$1');
    const match = SEGMENT.exec(compact);
    if (match === null)
      throw new ScheduleSyntaxError(
        `"${segment}" is not DAYS HH:MM-HH:MM (e.g. "Mon-Fri 06:00-20:00")`,
      );
    const [, daysText = '', startText = '', endText = ''] = match;
    const days = parseDays(daysText, segment);
    const start = parseTime(startText, segment);
    const end = parseTime(endText, segment);
    if (start === MINUTES_PER_DAY)
      throw new ScheduleSyntaxError(`"${segment}": a window cannot start at 24:00`);
    if (start === end)
      throw new ScheduleSyntaxError(
        `"${segment}": start and end are equal; use 00:00-24:00 for a whole day`,
      );
    for (const day of days) {
      if (end > start) {
        perDay[day]?.push([start, end]);
      } else {
        // Wraps past midnight: the rest of this day, then the next day (Sunday wraps to Monday).
        perDay[day]?.push([start, MINUTES_PER_DAY]);
        if (end > 0) perDay[(day + 1) % 7]?.push([0, end]);
      }
    }
  }

  return Object.fromEntries(
    WEEKDAYS.map((day, index) => [day, mergeIntervals(perDay[index] ?? [])]),
  ) as Record<Weekday, MinuteInterval[]>;
}

/** The parse error of a schedule, or undefined when it is valid. */
export function scheduleError(text: string): string | undefined {
  try {
    parseSchedule(text);
    return undefined;
  } catch (error) {
    if (error instanceof ScheduleSyntaxError) return error.message;
    throw error;
  }
}

function parseDays(text: string, segment: string): number[] {
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const [first = '', last, extra] = item.split('-');
    if (extra !== undefined)
      throw new ScheduleSyntaxError(`"${segment}": "${item}" is not a day or a day range`);
    const from = dayIndex(first, segment);
    const to = last === undefined ? from : dayIndex(last, segment);
    // A range that ends before it starts wraps through Sunday (Fri-Mon).
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

function dayIndex(text: string, segment: string): number {
  // Own keys only: `constructor` would read Object and `Mon-constructor` loop forever (test/fuzz).
  const key = text.toLowerCase();
  const index = Object.hasOwn(DAY_ABBREVIATIONS, key) ? DAY_ABBREVIATIONS[key] : undefined;
  if (index === undefined)
    throw new ScheduleSyntaxError(
      `"${segment}": "${text}" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)`,
    );
  return index;
}

function parseTime(text: string, segment: string): number {
  const match = TIME.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const valid = match !== null && minutes < 60 && (hours < 24 || (hours === 24 && minutes === 0));
  if (!valid)
    throw new ScheduleSyntaxError(
      `"${segment}": "${text}" is not a time HH:MM between 00:00 and 24:00`,
    );
  return hours * 60 + minutes;
}

function mergeIntervals(intervals: readonly [number, number][]): MinuteInterval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
