// The settings of one run, resolved once at its start from the flags, the manifest's `settings:`
// (docs/manifest.md) and the defaults; the pipeline passes the result down, and nothing after it
// reads the manifest's `settings:` or the flags again.

import { DEFAULT_SETTINGS } from './types.js';
import type { Settings } from './types.js';
import { resolveSandboxSuffix } from '../manifest/sandbox.js';
import type { Manifest } from '../manifest/schema.js';
import type { Severity } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';

/** Login History and the Setup Audit Trail are read at least this far back (the default dormantDays). */
const MIN_HISTORY_DAYS = 90;

export interface RunFlags {
  /** `--fail-on`: wins over `settings.failOn`. */
  failOn?: Severity | undefined;
  /** `--sandbox-suffix`: wins over `settings.sandboxSuffix` / `sandboxSuffixes`. */
  sandboxSuffix?: string | undefined;
}

export interface RunSettings {
  /** What the engine and the rules read: the defaults, overridden by the manifest's `settings:`. */
  rules: Settings;
  /** The lowest severity of a failure that makes the exit code 1. */
  failOn: Severity;
  /** Days of Login History and Setup Audit Trail a live collection reads. */
  historyDays: number;
  /**
   * The sandbox suffix in force for the audited org (`null`: a project, which has none). It
   * depends on the org's id and kind, so it is asked once the org is known; the answer is the
   * flag's, else the manifest's (resolveSandboxSuffix).
   */
  sandboxSuffixFor: (org: OrgSnapshot['org']) => string | undefined;
}

/**
 * `overrides` win over the manifest (a library caller's or a test's settings; the CLI has no flag
 * for them).
 */
export function resolveRunSettings(
  manifest: Manifest | undefined,
  flags: RunFlags,
  overrides: Partial<Settings> = {},
): RunSettings {
  const given = manifest?.settings;
  const rules: Settings = {
    auditorApps: [...(overrides.auditorApps ?? given?.auditorApps ?? DEFAULT_SETTINGS.auditorApps)],
    expiringAssignmentDays:
      overrides.expiringAssignmentDays ??
      given?.expiringAssignmentDays ??
      DEFAULT_SETTINGS.expiringAssignmentDays,
    dormantDays: overrides.dormantDays ?? given?.dormantDays ?? DEFAULT_SETTINGS.dormantDays,
  };
  return {
    rules,
    failOn: flags.failOn ?? given?.failOn ?? 'high',
    historyDays: Math.max(rules.dormantDays, MIN_HISTORY_DAYS),
    sandboxSuffixFor: (org) => resolveSandboxSuffix(given, org, flags.sandboxSuffix),
  };
}
