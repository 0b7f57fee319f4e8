// Report formats by name (Vitest's reporters map). sarif, junit, markdown and html join this map.

import type { AuditReport } from '../model/finding.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';
import type { RenderOptions, Reporter } from './types.js';

export type { RenderOptions, Reporter } from './types.js';
export {
  ALL_FRAMEWORKS,
  displayControl,
  FRAMEWORK_IDS,
  frameworkCoverage,
  frameworkOf,
  groupByControl,
  isFrameworkId,
  rulesByControl,
  withCoverage,
} from './frameworks.js';
export type { ControlGroup, ControlGrouping, FrameworkId, RuleMapping } from './frameworks.js';
export { renderJson } from './json.js';
export { renderText } from './text.js';

const REPORTERS = {
  text: renderText,
  json: renderJson,
} as const satisfies Record<string, Reporter>;

/** Every renderer with the one `Reporter` signature, so `reporters[format](report, options)` works. */
export const reporters: Readonly<Record<keyof typeof REPORTERS, Reporter>> = REPORTERS;

export type ReportFormat = keyof typeof reporters;

export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(reporters, name);
}

export function renderReport(
  format: ReportFormat,
  report: AuditReport,
  options: RenderOptions = {},
): string {
  return reporters[format](report, options);
}
