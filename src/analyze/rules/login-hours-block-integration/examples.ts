import type { LoginHours } from '../../../model/permissions.js';
import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with: the ledger export runs Mon-Sun 01:00-03:00. */
export const manifest = baseManifest();

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
const ALL_DAYS = [...WEEKDAYS, 'saturday', 'sunday'] as const;

/** Login hours from `start` to `end` (minutes) on the given days. */
export function hours(days: readonly (keyof LoginHours)[], start: number, end: number): LoginHours {
  return Object.fromEntries(days.map((d) => [d, { start, end }]));
}

/** The ledger user on a custom profile with the given login hours. */
export function ledgerProfileWith(loginHours: LoginHours) {
  return snapshot()
    .with((s) => {
      const profile = s.profiles.find((p) => p.fullName === BASE.integrationProfile);
      if (profile === undefined) return;
      s.profiles.push({
        ...structuredClone(profile),
        fullName: 'Ledger Integration',
        name: 'Ledger Integration',
        custom: true,
        loginHours,
      });
    })
    .withProfile(BASE.connectedAppUser, 'Ledger Integration');
}

/** Night hours 00:00-04:00 every day cover the nightly run. */
export const pass = ledgerProfileWith(hours(ALL_DAYS, 0, 240)).build();

/** The profile was cloned from the office profile: Monday-Friday 06:00-20:00 only. */
export const fail = ledgerProfileWith(hours(WEEKDAYS, 360, 1200)).build();

export const OFFICE_DAYS = WEEKDAYS;
export const EVERY_DAY = ALL_DAYS;
