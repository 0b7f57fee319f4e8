import { describe, expect, it } from 'vitest';

import { sampleReport } from '../../test/helpers/sample-report.js';
import { isReportFormat, renderReport, REPORT_FORMATS, reporters } from './index.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

describe('reporters', () => {
  it('maps each format name to its renderer', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json']);
    const report = sampleReport();
    expect(reporters.text(report, { verbose: true })).toBe(renderText(report, { verbose: true }));
    expect(reporters.json(report, { verbose: true, color: true })).toBe(renderJson(report));
    expect(renderReport('text', report, { color: true })).toBe(renderText(report, { color: true }));
    expect(renderReport('json', report)).toBe(renderJson(report));
  });

  it('recognizes only its own format names', () => {
    expect(isReportFormat('text')).toBe(true);
    expect(isReportFormat('json')).toBe(true);
    for (const name of ['sarif', 'JSON', '', 'toString', '__proto__', 'constructor']) {
      expect(isReportFormat(name), name).toBe(false);
    }
  });
});
