// The contract every renderer follows: pure, no I/O, no clock (the CLI writes files).

import type { AuditReport, Severity } from '../model/finding.js';

export interface RenderOptions {
  /** Also passes, skips, evidence and remediation (text). */
  verbose?: boolean;
  /** ANSI colour (text); off unless asked for. */
  color?: boolean;
  /**
   * `--framework ID` (text): findings grouped under each control of that framework instead of per
   * integration, and that framework's coverage. An unknown id throws a RangeError.
   */
  framework?: string;
  /**
   * The rule catalog's metadata (sarif, markdown): titles, rationale and help of the rules the
   * report names. Without it they are described from the findings alone.
   */
  rules?: readonly RuleInfo[];
  /** The command whose result this is (markdown's title); `audit` when absent. */
  command?: 'audit' | 'preflight' | 'compare';
}

/** What the CI formats say about one rule: the catalog's metadata as plain data (no analyze import). */
export interface RuleInfo {
  /** RG-NNNN */
  id: string;
  slug: string;
  /** The risky condition, one line. */
  title: string;
  /** The rule's default severity. */
  severity: Severity;
  /** Why it matters; empty when unknown. */
  rationale: string;
  /** What to change, in Setup terms; empty when unknown. */
  remediation: string;
  /** Category and catalog tags. */
  tags: readonly string[];
  /** Framework id to control ids. */
  frameworks: Readonly<Record<string, readonly string[]>>;
}

export type Reporter = (report: AuditReport, options?: RenderOptions) => string;
