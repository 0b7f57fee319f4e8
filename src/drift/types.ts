// The state of one integration's callback identity at one moment, flattened so that two states
// compare key by key: what `monitor` stores per run and what `monitor diff` and `compare` set side
// by side. One module derives it (src/drift/state.ts) and one compares it (src/drift/diff.ts).

import type { Severity, Status } from '../model/finding.js';

/** The run-as user's record as the run saw it; `null` fields are unknown (not collected). */
export interface RunAsUserState {
  /** Configured username, as the app names it (never suffix-stripped). */
  username: string;
  /** `false`: the configured username does not exist in the org. */
  found: boolean;
  id?: string;
  active?: boolean;
  frozen?: boolean;
  passwordLocked?: boolean;
  licence?: string;
  profile?: string;
  role?: string;
}

/** One grant through one container: `key` as `system:ViewAllData`, `object:Case:edit`, `field:Case.Priority:edit`. */
export interface AccessGrant {
  key: string;
  /** The container path as the reports print it (`profile Integration`, `Billing_Group / Billing_PS`). */
  container: string;
}

export interface IntegrationState {
  app: string;
  /** The manifest entry's name when one declares the app; absent without one (reports use `app`). */
  integration?: string;
  appType: 'ConnectedApp' | 'ExternalClientApplication';
  /** The run-as user; null when the app has none configured. */
  runAs: RunAsUserState | null;
  /**
   * User state facets missing in the run (mode or failed request): the user fields above are then
   * absent, not false, and a diff never reports them as changed.
   */
  userStateKnown: boolean;
  /** Whether the run-as user is pre-authorized for the app; undefined when not decidable. */
  preAuthorized?: boolean;
  /** App policy as flat key → value (`permittedUsers`, `ipRelaxation`, `scopes`, ...), sorted keys. */
  policy: Record<string, string>;
  /** Every effective grant with its container; null when access was not collected. */
  access: AccessGrant[] | null;
  /** Declared needs of the integration (grant keys), from the manifest; empty without one. */
  needs: string[];
}

/** A finding as the history keeps it. */
export interface FindingState {
  fingerprint: string;
  ruleId: string;
  status: Status;
  severity: Severity;
  app?: string;
  message: string;
}
