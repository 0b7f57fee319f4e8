// The drift report: what changed between two states of the integrations, per integration, and
// which integrations each change breaks. `monitor diff` (two stored runs) and `compare` (two
// sources) both print it; `watch` alerts once per change `key`; the HTML report draws it
// (docs/adr/0018-drift-and-compare.md).

import type { Finding, Severity, Status } from '../model/finding.js';

/** Fields of the run-as user a diff compares (never when `userStateKnown` is false on a side). */
export const USER_FIELDS = [
  'found',
  'active',
  'frozen',
  'passwordLocked',
  'licence',
  'profile',
  'role',
] as const;
export type UserField = (typeof USER_FIELDS)[number];

interface ChangeBase {
  /**
   * Stable identity of the change, built from its content only (integration, kind, subject, from,
   * to): the same change between the same two states always has the same key, so a consumer that
   * remembers keys alerts once per change.
   */
  key: string;
  /** One human line: `run-as user billing@acme.com: frozen false → true`. */
  text: string;
  /**
   * Integrations (manifest name, else app) this change stops, sorted: see
   * docs/adr/0018-drift-and-compare.md for what "breaks" means with and without a manifest.
   */
  breaks: string[];
}

/** A field of the run-as user's record changed. `null`: absent on that side (user not found). */
export interface UserChange extends ChangeBase {
  kind: 'user';
  /** The run-as username on the `to` side (the `from` one when the user is gone). */
  username: string;
  field: UserField;
  from: string | boolean | null;
  to: string | boolean | null;
}

/** One grant through one container gained or lost. */
export interface AccessDriftChange extends ChangeBase {
  kind: 'access';
  change: 'gained' | 'lost';
  /** Grant key: `object:Case:edit`, `field:Case.Priority:edit`, `system:ViewAllData`. */
  grant: string;
  /** `Case edit`, `field Case.Priority edit`, `system permission ViewAllData`. */
  permission: string;
  /** Container path as the reports print it (`profile Integration`, `Billing_Group / Billing_PS`). */
  container: string;
}

export interface PreAuthorizationChange extends ChangeBase {
  kind: 'preAuthorization';
  /** `null`: not decidable on that side. */
  from: boolean | null;
  to: boolean | null;
}

/** One key of the app's policy (`permittedUsers`, `ipRelaxation`, `scopes`, ...). */
export interface PolicyChange extends ChangeBase {
  kind: 'policy';
  policyKey: string;
  /** `null`: the key is absent on that side. */
  from: string | null;
  to: string | null;
}

/** A finding new (failing now, not before), resolved (failing before, not now) or changed. */
export interface FindingChange extends ChangeBase {
  kind: 'finding';
  change: 'new' | 'resolved' | 'changed';
  ruleId: string;
  severity: Severity;
  fingerprint: string;
  message: string;
  /** Status on each side; `null` when the finding is absent on that side. */
  from: Status | null;
  to: Status | null;
}

/** The app runs as another user (or gained or lost its run-as user). */
export interface RunAsChange extends ChangeBase {
  kind: 'runAs';
  from: string | null;
  to: string | null;
}

export type DriftChange =
  | UserChange
  | AccessDriftChange
  | PreAuthorizationChange
  | PolicyChange
  | FindingChange
  | RunAsChange;

export type DriftChangeKind = DriftChange['kind'];

export interface DriftIntegration {
  app: string;
  /** The manifest entry's name, else the app's. */
  integration: string;
  /** `added` / `removed`: the app exists on one side only (no field-by-field changes then). */
  presence: 'both' | 'added' | 'removed';
  runAs: { from: string | null; to: string | null };
  /**
   * What could not be compared and why (`user state not collected on the from side`, `access not
   * collected on the to side`): unknown is never reported as a change.
   */
  notCompared: string[];
  /** In a deterministic order: runAs, user, preAuthorization, policy, access, finding. */
  changes: DriftChange[];
}

/** One side of the comparison. */
export interface DriftSide {
  /** `run 12 (2026-12-01T10:00:00Z)`, `snapshot prod.json`, `--target-org uat`. */
  label: string;
  /** monitor: the stored run. */
  runId?: number;
  collectedAt?: string;
  /** compare: how the source was named (never a secret). */
  source?: string;
  orgId?: string;
}

export interface DriftSummary {
  /** Integrations on either side. */
  integrations: number;
  /** Integrations with at least one change, or added / removed. */
  changed: number;
  changes: number;
  /** Changes whose `breaks` is not empty. */
  breaking: number;
  /** Integrations broken by at least one change, sorted. */
  broken: string[];
  byKind: Record<DriftChangeKind, number>;
}

export interface DriftReport {
  schemaVersion: 1;
  /** `monitor-diff` for two stored runs, `compare` for two sources. */
  kind: 'monitor-diff' | 'compare';
  tool: { name: string; version: string };
  generatedAt: string;
  from: DriftSide;
  to: DriftSide;
  /** compare: the sandbox suffix usernames were matched with. */
  sandboxSuffix?: string;
  /** Sorted by integration name, then app. */
  integrations: DriftIntegration[];
  summary: DriftSummary;
  /**
   * compare: RG-0032 per integration, then the `to` side's failing catalog findings that the
   * `from` side does not have (docs/compare.md); monitor-diff: absent (the changes carry findings).
   */
  findings?: Finding[];
  warnings: string[];
  /** compare: the exit code the report decided. */
  exitCode?: 0 | 1 | 2 | 3;
}
