import { describe, expect, it } from 'vitest';

import { sampleReport } from '../../test/helpers/sample-report.js';
import { renderSummary } from './summary.js';

describe('renderSummary', () => {
  it('lists failing integrations first, each with its failures by severity', () => {
    const report = sampleReport();
    const text = renderSummary(report);
    const verdicts = text.split('\n').filter((l) => /^(FAIL|PASS|GAPS) /.test(l));
    expect(verdicts.length).toBeGreaterThan(0);
    const firstPass = verdicts.findIndex((l) => l.startsWith('PASS'));
    const lastFail = verdicts.map((l) => l.startsWith('FAIL')).lastIndexOf(true);
    if (firstPass >= 0 && lastFail >= 0) expect(lastFail).toBeLessThan(firstPass);
    for (const finding of report.findings.filter((f) => f.status === 'fail')) {
      expect(text).toContain(finding.ruleId);
    }
    expect(text).toContain(`${report.summary.fail} failure(s)`);
  });

  it('keeps every line within 100 columns', () => {
    for (const line of renderSummary(sampleReport()).split('\n'))
      expect(line.length).toBeLessThanOrEqual(100);
  });
});
