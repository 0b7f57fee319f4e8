import { describe, expect, it } from 'vitest';

import { sampleReport } from '../../test/helpers/sample-report.js';
import {
  isReportFormat,
  renderReport,
  REPORT_FILE_NAMES,
  REPORT_FORMATS,
  reporters,
} from './index.js';
import { renderAuditHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

describe('reporters', () => {
  it('maps each format name to its renderer', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'markdown', 'html']);
    const report = sampleReport();
    expect(reporters.text(report, { verbose: true })).toBe(renderText(report, { verbose: true }));
    expect(reporters.json(report, { verbose: true, color: true })).toBe(renderJson(report));
    expect(renderReport('text', report, { color: true })).toBe(renderText(report, { color: true }));
    expect(renderReport('json', report)).toBe(renderJson(report));
    expect(renderReport('sarif', report)).toBe(renderSarif(report));
    expect(renderReport('junit', report)).toBe(renderJunit(report));
    expect(renderReport('markdown', report)).toBe(renderMarkdown(report));
    expect(renderReport('html', report)).toBe(renderAuditHtml(report));
  });

  it('names one distinct file per format for --output-dir', () => {
    const names = REPORT_FORMATS.map((format) => REPORT_FILE_NAMES[format]);
    expect(new Set(names).size).toBe(REPORT_FORMATS.length);
    expect(REPORT_FILE_NAMES.sarif).toBe('runas-guard.sarif');
    expect(REPORT_FILE_NAMES.junit).toBe('runas-guard.junit.xml');
    expect(REPORT_FILE_NAMES.markdown).toBe('runas-guard.md');
    expect(REPORT_FILE_NAMES.html).toBe('runas-guard.html');
  });

  it('recognizes only its own format names', () => {
    expect(isReportFormat('text')).toBe(true);
    expect(isReportFormat('json')).toBe(true);
    for (const format of ['sarif', 'junit', 'markdown', 'html'])
      expect(isReportFormat(format)).toBe(true);
    for (const name of ['HTML', 'SARIF', 'JSON', '', 'toString', '__proto__', 'constructor']) {
      expect(isReportFormat(name), name).toBe(false);
    }
  });
});
