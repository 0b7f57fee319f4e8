// `--format json`: the report itself, byte-stable (schema key order, sorted maps, 2-space indent).

import { type AuditReport, canonicalizeReport } from '../model/finding.js';

/** Options do not change JSON output: it is a contract, not a presentation. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(canonicalizeReport(report), null, 2)}\n`;
}
