// `probe --format json`: the probe report itself, byte-stable (schema key order, 2-space indent).
// Parsing with the schema orders the keys and proves the output matches the published schema.

import { type ProbeReport, ProbeReportSchema } from '../model/probe-report.js';

/** @throws ZodError when the report does not match the schema (a bug, never user input). */
export function renderProbeJson(report: ProbeReport): string {
  return `${JSON.stringify(ProbeReportSchema.parse(report), null, 2)}\n`;
}
