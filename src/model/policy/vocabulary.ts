// Metadata vocabulary shared by every reader of Salesforce metadata (the fixture loader, the
// project reader, the collector's normalisers, the manifest's schedules): the weekdays of login
// hours, and session timeouts written as enum words (`TwoHours`, `FifteenMinutes`) or minutes
// (docs/salesforce-behaviour.md 2.4).

import type { Weekday } from '../permissions.js';

/** Monday first, as the `<loginHours>` elements and the Setup UI list them. */
export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  One: 1,
  Two: 2,
  Four: 4,
  Eight: 8,
  Twelve: 12,
  Fifteen: 15,
  Thirty: 30,
  Sixty: 60,
  TwentyFour: 24,
};

/** Minutes from `120` or an enum word such as `TwoHours` / `FifteenMinutes`; unknown words: undefined. */
export function timeoutMinutesOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,6}$/.test(value)) return Number(value);
  const match = /^([A-Z][a-zA-Z]*?)(Minutes?|Hours?)$/.exec(value);
  const count = match?.[1] === undefined ? undefined : NUMBER_WORDS[match[1]];
  if (count === undefined || match?.[2] === undefined) return undefined;
  return match[2].startsWith('Hour') ? count * 60 : count;
}
