// `--now`: the one parser of an evaluation instant given on the command line. Only an ISO-8601
// instant is accepted: a calendar date and a time with a zone (`Z` or `±HH:MM`), every field in
// range. `Date.parse` alone would roll 2026-02-30 into March and read `0` as the year 2000, which
// silently changes every finding that depends on time (docs/adr/0008-files-and-inputs.md).

import { CliError } from './errors.js';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

const EXAMPLE = '2026-11-25T12:00:00Z';

/** The instant as a UTC ISO string (`2026-11-25T12:00:00.000Z`). @throws CliError (exit 2) */
export function parseInstant(value: string, flag = '--now'): string {
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  const match = INSTANT.exec(value);
  if (match === null) {
    // A bare date has no time zone: which midnight it means is a guess, so it is refused.
    const hint = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? ` (a date alone has no time and zone: write ${value}T00:00:00Z)`
      : ` (expected an ISO-8601 instant such as ${EXAMPLE} or 2026-11-25T13:00:00+01:00)`;
    throw new CliError(`${flag}: not an ISO-8601 instant: ${shown}${hint}`);
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(match[i] ?? '0'),
  ) as [number, number, number, number, number, number];
  const offsetHours = Number(match[10] ?? '0');
  const offsetMinutes = Number(match[11] ?? '0');
  const problem =
    month < 1 || month > 12
      ? `month ${match[2]} does not exist`
      : day < 1 || day > daysIn(year, month)
        ? `${match[1]}-${match[2]} has no day ${match[3]}`
        : hour > 23
          ? `hour ${match[4]} is out of range`
          : minute > 59
            ? `minute ${match[5]} is out of range`
            : second > 59
              ? `second ${match[6]} is out of range`
              : offsetHours > 23 || offsetMinutes > 59
                ? `offset ${match[8]} is out of range`
                : undefined;
  if (problem !== undefined)
    throw new CliError(`${flag}: not a valid instant: ${shown}: ${problem}`);
  const fraction = Number(`0.${match[7] ?? '0'}`);
  const sign = match[9] === '-' ? -1 : 1;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(fraction * 1000));
  // Date.UTC maps years 0-99 to 1900-1999: set the year itself.
  const date = new Date(local);
  date.setUTCFullYear(year, month - 1, day);
  const time = date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(time).toISOString();
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
