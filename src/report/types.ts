// The contract every renderer follows: pure, no I/O, no clock (the CLI writes files).

import type { AuditReport } from '../model/finding.js';

export interface RenderOptions {
  /** Also passes, skips, evidence and remediation (text). */
  verbose?: boolean;
  /** ANSI colour (text); off unless asked for. */
  color?: boolean;
}

export type Reporter = (report: AuditReport, options?: RenderOptions) => string;
