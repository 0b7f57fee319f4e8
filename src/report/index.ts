// Report formats by name (Vitest's reporters map), each a pure function of the one report.

import type { AuditReport } from '../model/finding.js';
import { renderAuditHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import type { RenderOptions, Reporter } from './types.js';

export type { RenderOptions, Reporter, RuleInfo } from './types.js';
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
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif } from './sarif.js';
export { renderText } from './text.js';
export { renderAuditHtml, renderDriftHtml, renderHistoryHtml } from './html/index.js';
export type { DriftHtmlOptions, HistoryHtmlOptions, HistoryRun } from './html/index.js';
export { ruleDocUrl } from './ci.js';

const REPORTERS = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderAuditHtml,
} as const satisfies Record<string, Reporter>;

/** Every renderer with the one `Reporter` signature, so `reporters[format](report, options)` works. */
export const reporters: Readonly<Record<keyof typeof REPORTERS, Reporter>> = REPORTERS;

export type ReportFormat = keyof typeof reporters;

export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

/** The file each format is written to under `--output-dir`. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  text: 'runas-guard.txt',
  json: 'runas-guard.json',
  sarif: 'runas-guard.sarif',
  junit: 'runas-guard.junit.xml',
  markdown: 'runas-guard.md',
  html: 'runas-guard.html',
};

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
