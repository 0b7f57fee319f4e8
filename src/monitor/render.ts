// Text and JSON of `monitor record` and `monitor history` (the diff is a drift report, rendered by
// src/drift/). Nothing here reads a secret: runs name their source as the user named it.

import type { RecordOutcome } from './record.js';
import type { HistoryReport } from './history.js';
import type { RunSummary } from './store/types.js';

function runLine(run: RunSummary): string {
  const incomplete = run.exitCode === 3 ? ', incomplete (a source could not be collected)' : '';
  return `run ${run.id}  ${run.collectedAt}  ${run.integrationCount} integration(s), ${run.failCount} failing finding(s)${incomplete}  [${run.source}]`;
}

/** One line: the run recorded. */
export function renderRecordText(outcome: RecordOutcome): string {
  const { summary } = outcome;
  const incomplete = outcome.incomplete
    ? '; incomplete: a source could not be collected (its rules are not evaluated and never count as a change)'
    : '';
  return `recorded run ${summary.id} of ${summary.orgKey} (${summary.source}): ${summary.integrationCount} integration(s), ${summary.failCount} failing finding(s), collected ${summary.collectedAt}${incomplete}\n`;
}

export function renderRecordJson(outcome: RecordOutcome): string {
  return `${JSON.stringify({ ...outcome.summary, incomplete: outcome.incomplete }, null, 2)}\n`;
}

export function renderHistoryText(report: HistoryReport): string {
  const lines = [
    `runas-guard monitor history: ${report.orgKey}${report.app !== undefined ? `, app ${report.app}` : ''}`,
    '',
  ];
  if (report.runs.length === 0) lines.push('no runs');
  for (const entry of report.runs) {
    lines.push(runLine(entry.run));
    if (report.app === undefined) continue;
    if (entry.present === false) lines.push(`  ${report.app} is not in this run`);
    for (const change of entry.changes ?? []) {
      const breaks = change.breaks.length > 0 ? `  (breaks ${change.breaks.join(', ')})` : '';
      lines.push(`  ${change.text}${breaks}`);
    }
    for (const reason of entry.notCompared ?? []) lines.push(`  not compared: ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderHistoryJson(report: HistoryReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
