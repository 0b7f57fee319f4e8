// The contract every renderer follows: pure, no I/O, no clock (the CLI writes files).

import type { AuditReport } from '../model/finding.js';

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
}

export type Reporter = (report: AuditReport, options?: RenderOptions) => string;
