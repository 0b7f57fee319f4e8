// Profile policies from the org: login IP ranges and login hours from Profile metadata (readMetadata
// as jsforce parses it, or the Tooling `Profile.Metadata` JSON), session settings from
// ProfileSessionSetting. Same reading as the fixture loader (src/metadata/metadata.ts).

import type { IpRange, LoginHours } from '../../model/permissions.js';
import { WEEKDAYS } from '../../model/policy/vocabulary.js';
import { compact, entries, isRecord, text, int, timeoutMinutes } from './values.js';

export interface ProfilePolicy {
  loginIpRanges: IpRange[];
  /** Undefined when unrestricted. */
  loginHours?: LoginHours;
}

export interface SessionSetting {
  /** The profile the settings belong to (`<profile>`), or the component's full name. */
  profile: string;
  requiredSessionLevel?: string;
  sessionTimeoutMinutes?: number;
}

/**
 * `loginHours` in minutes since midnight. Null or empty = unrestricted (Tooling sends null). A day
 * whose start equals its end has no hours. UNCONFIRMED, as in the fixture loader: a day left out of
 * a non-empty element is unrestricted; a day with only one end is read as unrestricted too.
 */
export function loginHoursOf(value: unknown): LoginHours | undefined {
  if (!isRecord(value)) return undefined;
  const present = WEEKDAYS.some(
    (d) => value[`${d}Start`] !== undefined || value[`${d}End`] !== undefined,
  );
  if (!present) return undefined;
  const hours: LoginHours = {};
  for (const day of WEEKDAYS) {
    const start = int(value[`${day}Start`], 0, 1440);
    const end = int(value[`${day}End`], 0, 1440);
    if (start === undefined || end === undefined) {
      hours[day] = { start: 0, end: 1440 };
      continue;
    }
    if (start !== end) hours[day] = { start, end };
  }
  return hours;
}

/** Login IP ranges and hours of a Profile metadata record (`loginIpRanges` may be one object or many). */
export function profilePolicyOf(metadata: unknown): ProfilePolicy {
  const record = isRecord(metadata) ? metadata : {};
  const loginIpRanges: IpRange[] = [];
  for (const entry of entries(record.loginIpRanges)) {
    const start = text(entry.startAddress);
    const end = text(entry.endAddress);
    if (start === undefined || end === undefined) continue;
    loginIpRanges.push(compact<IpRange>({ start, end, description: text(entry.description) }));
  }
  return compact<ProfilePolicy>({ loginIpRanges, loginHours: loginHoursOf(record.loginHours) });
}

/** A readMetadata('ProfileSessionSetting') record; undefined when not found (no fullName). */
export function sessionSettingOf(record: unknown): SessionSetting | undefined {
  if (!isRecord(record)) return undefined;
  const fullName = text(record.fullName);
  if (fullName === undefined) return undefined;
  return compact<SessionSetting>({
    profile: text(record.profile) ?? fullName,
    requiredSessionLevel: text(record.requiredSessionLevel),
    sessionTimeoutMinutes: timeoutMinutes(record.sessionTimeout),
  });
}
