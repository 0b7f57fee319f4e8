// The HTML reports (docs/adr/0022-html-report.md): pure renderers, report in, one self-contained
// document out. `audit --format html` goes through the reporters map (src/report/index.ts); `monitor
// diff`, `compare` and `monitor history` call these directly.

export { renderAuditHtml } from './audit.js';
export { renderDriftHtml, type DriftHtmlOptions } from './drift.js';
export { renderHistoryHtml, type HistoryHtmlOptions, type HistoryRun } from './history.js';
export { accessGraph, blastRadius, type AccessGraph, type GraphNode } from './graph.js';
export { CONTENT_SECURITY_POLICY, esc } from './shell.js';
