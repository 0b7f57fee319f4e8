// The preflight report (`--format json`): the two sides, the files the change touched, each
// integration's lost and gained access, and the findings marked introduced or existing
// (docs/preflight.md; a report of its own, docs/adr/0015-preflight.md).

import type { AuditReport, Finding, Severity } from '../model/finding.js';
import type { AccessChange } from './diff.js';

/** A finding with what the change did to it. */
export type PreflightFinding = Finding & {
  /** `introduced`: absent (or passing) at the base; only these can fail the run. */
  change: 'introduced' | 'existing';
};

export interface PreflightIntegration {
  app: string;
  /** The manifest entry's name, else the app's. */
  integration: string;
  runAs: { base: string | null; head: string | null };
  /** `not-evaluated`: the run-as user's access is neither declared nor readable on one side. */
  status: 'evaluated' | 'not-evaluated';
  /** What to declare, for `not-evaluated`. */
  reason?: string;
  /** Declared needs held at the base and not at the head (RG-0033). */
  lost: AccessChange[];
  /** Grants at the head beyond the declared needs, or of high risk (RG-0034). */
  gained: AccessChange[];
}

export interface PreflightReport {
  schemaVersion: 1;
  kind: 'preflight';
  tool: { name: string; version: string };
  project: AuditReport['project'];
  base: { ref: string; commit: string };
  head: { ref: string; commit: string };
  generatedAt: string;
  failOn: Severity;
  /** Files of the project directory whose blob differs between the sides (added, removed, changed). */
  changedFiles: string[];
  integrations: PreflightIntegration[];
  /** RG-0033 and RG-0034, then the catalog's failures at the head. */
  findings: PreflightFinding[];
  summary: { introduced: number; existing: number; notEvaluated: number };
  warnings: string[];
  exitCode: 0 | 1 | 2 | 3;
}
