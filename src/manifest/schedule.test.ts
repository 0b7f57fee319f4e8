import { describe, expect, it } from 'vitest';

import type { Weekday } from '../model/permissions.js';
import {
  ALWAYS,
  parseSchedule,
  SCHEDULE_PATTERN,
  scheduleError,
  ScheduleSyntaxError,
  WEEKDAYS,
} from './schedule.js';
import type { MinuteInterval } from './schedule.js';

const h = (hours: number, minutes = 0): number => hours * 60 + minutes;

/** Only the days named; every other day must be empty. */
function week(days: Partial<Record<Weekday, MinuteInterval[]>>): Record<Weekday, MinuteInterval[]> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, days[d] ?? []])) as Record<
    Weekday,
    MinuteInterval[]
  >;
}

function everyDay(intervals: MinuteInterval[]): Record<Weekday, MinuteInterval[]> {
  return week(Object.fromEntries(WEEKDAYS.map((d) => [d, intervals])));
}

const WEEKDAY_HOURS: MinuteInterval = [h(6), h(20)];

describe('parseSchedule', () => {
  const valid: [string, Record<Weekday, MinuteInterval[]>][] = [
    [
      'Mon-Fri 06:00-20:00',
      week({
        monday: [WEEKDAY_HOURS],
        tuesday: [WEEKDAY_HOURS],
        wednesday: [WEEKDAY_HOURS],
        thursday: [WEEKDAY_HOURS],
        friday: [WEEKDAY_HOURS],
      }),
    ],
    ['Sat 08:00-12:00', week({ saturday: [[h(8), h(12)]] })],
    [
      'Mon,Wed 09:30-10:15',
      week({ monday: [[h(9, 30), h(10, 15)]], wednesday: [[h(9, 30), h(10, 15)]] }),
    ],
    // docs/manifest.md's example: two windows.
    [
      'Mon-Fri 06:00-20:00; Sat 08:00-12:00',
      week({
        monday: [WEEKDAY_HOURS],
        tuesday: [WEEKDAY_HOURS],
        wednesday: [WEEKDAY_HOURS],
        thursday: [WEEKDAY_HOURS],
        friday: [WEEKDAY_HOURS],
        saturday: [[h(8), h(12)]],
      }),
    ],
    // 24:00 as an end: the whole day.
    ['Mon-Sun 00:00-24:00', everyDay([[0, h(24)]])],
    ['Sun 20:00-24:00', week({ sunday: [[h(20), h(24)]] })],
    // An end before the start wraps into the next day; Sunday wraps to Monday.
    ['Fri 22:00-02:00', week({ friday: [[h(22), h(24)]], saturday: [[0, h(2)]] })],
    ['Sun 23:30-00:30', week({ sunday: [[h(23, 30), h(24)]], monday: [[0, h(0, 30)]] })],
    // Ending at midnight exactly wraps to nothing.
    ['Tue 18:00-00:00', week({ tuesday: [[h(18), h(24)]] })],
    // Every night: each day holds its own evening and the previous night's tail.
    [
      'Mon-Sun 20:00-02:00',
      everyDay([
        [0, h(2)],
        [h(20), h(24)],
      ]),
    ],
    // A day range that wraps through the weekend.
    [
      'Fri-Mon 10:00-11:00',
      week({
        friday: [[h(10), h(11)]],
        saturday: [[h(10), h(11)]],
        sunday: [[h(10), h(11)]],
        monday: [[h(10), h(11)]],
      }),
    ],
    // Overlapping and adjacent windows merge.
    ['Mon 08:00-12:00; Mon 11:00-13:00; Mon 13:00-14:00', week({ monday: [[h(8), h(14)]] })],
    [
      'Mon 08:00-09:00; Mon 07:00-07:30',
      week({
        monday: [
          [h(7), h(7, 30)],
          [h(8), h(9)],
        ],
      }),
    ],
    // Case, spaces around separators and a trailing semicolon are layout.
    ['  mon - TUE  06:00 - 07:00 ; ', week({ monday: [[h(6), h(7)]], tuesday: [[h(6), h(7)]] })],
  ];

  it.each(valid)('%s', (text, expected) => {
    expect(parseSchedule(text)).toEqual(expected);
  });

  it('parses the schedules of the Northwind fixture', () => {
    const carrier = parseSchedule('Mon-Sat 05:00-22:00');
    expect(carrier.saturday).toEqual([[h(5), h(22)]]);
    expect(carrier.sunday).toEqual([]);
    expect(parseSchedule('Mon-Sun 00:30-02:30').wednesday).toEqual([[h(0, 30), h(2, 30)]]);
  });

  const invalid: [string, string][] = [
    ['', 'is empty: expected DAYS HH:MM-HH:MM, e.g. "Mon-Fri 06:00-20:00"'],
    ['Mon-Fri', '"Mon-Fri" is not DAYS HH:MM-HH:MM (e.g. "Mon-Fri 06:00-20:00")'],
    ['06:00-20:00', '"06:00-20:00" is not DAYS HH:MM-HH:MM (e.g. "Mon-Fri 06:00-20:00")'],
    [
      'Mon-Fry 06:00-20:00',
      '"Mon-Fry 06:00-20:00": "Fry" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
    ],
    [
      'Monday 06:00-20:00',
      '"Monday 06:00-20:00": "Monday" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
    ],
    [
      'Mon-Tue-Wed 06:00-07:00',
      '"Mon-Tue-Wed 06:00-07:00": "Mon-Tue-Wed" is not a day or a day range',
    ],
    ['Mon 6:00-20:00', '"Mon 6:00-20:00": "6:00" is not a time HH:MM between 00:00 and 24:00'],
    ['Mon 06:00-24:30', '"Mon 06:00-24:30": "24:30" is not a time HH:MM between 00:00 and 24:00'],
    ['Mon 06:60-07:00', '"Mon 06:60-07:00": "06:60" is not a time HH:MM between 00:00 and 24:00'],
    ['Mon 25:00-26:00', '"Mon 25:00-26:00": "25:00" is not a time HH:MM between 00:00 and 24:00'],
    ['Mon 24:00-02:00', '"Mon 24:00-02:00": a window cannot start at 24:00'],
    [
      'Mon 08:00-08:00',
      '"Mon 08:00-08:00": start and end are equal; use 00:00-24:00 for a whole day',
    ],
    ['Mon 08:00-09:00;; Tue 08:00-09:00', 'has an empty window between semicolons'],
    [
      'Mon 08:00-09:00-10:00',
      '"Mon 08:00-09:00-10:00": "08:00-09:00" is not a time HH:MM between 00:00 and 24:00',
    ],
    [`Mon 08:00-09:00;${' '.repeat(1000)}`, 'is longer than 1000 characters'],
  ];

  it.each(invalid)('rejects %j', (text, message) => {
    expect(() => parseSchedule(text)).toThrow(ScheduleSyntaxError);
    expect(scheduleError(text)).toBe(message);
  });

  it('refuses day names that are prototype members instead of looping or reading Object', () => {
    // Regression (test/fuzz/manifest.fuzz.test.ts): `Mon-constructor` never ended.
    for (const text of [
      'Mon-constructor 06:00-20:00',
      'constructor 06:00-20:00',
      '__proto__-Fri 06:00-20:00',
      'Mon,__proto__ 06:00-20:00',
    ])
      expect(scheduleError(text), text).toMatch(/is not a day/);
  });

  it('returns no error for a valid schedule', () => {
    expect(scheduleError('Mon-Fri 06:00-20:00')).toBeUndefined();
  });

  it('publishes a JSON Schema pattern that accepts every valid schedule', () => {
    const pattern = new RegExp(SCHEDULE_PATTERN, 'u');
    for (const [text] of valid) expect(pattern.test(text), text).toBe(true);
    // Those it can see: wrong day names, missing times, empty windows.
    for (const text of [
      'Mon-Fry 06:00-20:00',
      'Mon-Fri',
      '06:00-20:00',
      'Mon 1:00-2:00',
      'Mon 08:00-09:00;; Tue 08:00-09:00',
    ])
      expect(pattern.test(text), text).toBe(false);
  });

  it('ALWAYS is every day, all day, and frozen', () => {
    for (const day of WEEKDAYS) expect(ALWAYS[day]).toEqual([[0, 1440]]);
    expect(Object.isFrozen(ALWAYS)).toBe(true);
  });
});
