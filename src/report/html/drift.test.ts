import { describe, expect, it } from 'vitest';

import { sampleDriftReport } from '../../../test/helpers/sample-drift-report.js';
import { renderDriftHtml } from './drift.js';
import { CONTENT_SECURITY_POLICY } from './shell.js';

describe('renderDriftHtml', () => {
  it('lists every change as a filterable row with its kind and whether it breaks', () => {
    const report = sampleDriftReport();
    const html = renderDriftHtml(report);
    expect(html).toContain(CONTENT_SECURITY_POLICY);
    const rows = [...html.matchAll(/<tr data-row data-kind="(\w+)" data-breaking="(yes|no)">/g)];
    const changes = report.integrations.flatMap((i) => i.changes);
    expect(rows.map((m) => m[1])).toEqual(changes.map((c) => c.kind));
    expect(rows.filter((m) => m[2] === 'yes')).toHaveLength(report.summary.breaking);
    expect(html).toContain('Broken: Supplier_Catalog, ledger-export');
    expect(html).toContain('ledger-export <span class="muted">(app Ledger_Export)</span>');
    expect(html).toContain('Only on the <b>to</b> side');
    expect(html).toContain('Not compared: user state not collected on the from side');
    // monitor diff has no findings section of its own: the changes carry them.
    expect(html).not.toContain('<h2>Findings</h2>');
  });

  it("adds compare's findings with their filters, the sandbox suffix and the exit code", () => {
    const html = renderDriftHtml(sampleDriftReport('compare'));
    expect(html).toContain(
      '<title>runas-guard compare: snapshot prod.json → --target-org uat</title>',
    );
    expect(html).toContain('sandbox suffix <code>uat</code>');
    expect(html).toContain('exit code 1');
    expect(html).toContain('<h2>Findings</h2>');
    expect(html).toMatch(/data-severity="high" data-status="fail" data-rule="RG-0032"/);
    expect(html).toContain('the sandbox has no Login History for 30 days');
  });

  it('escapes the change texts and is byte-stable', () => {
    const report = sampleDriftReport();
    const [first] = report.integrations;
    const change = first?.changes[0];
    if (change === undefined) throw new Error('sample changed');
    change.text = '<script>alert(1)</script>';
    change.breaks = ['<b>x</b>'];
    const html = renderDriftHtml(report);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html.match(/<\/?script/g)).toHaveLength(2);
    expect(renderDriftHtml(structuredClone(report))).toBe(html);
  });

  it('says so when nothing changed', () => {
    const report = sampleDriftReport();
    report.integrations = report.integrations
      .filter((i) => i.presence === 'both')
      .map((i) => ({ ...i, changes: [] }));
    expect(renderDriftHtml(report)).toContain('Nothing changed.');
  });
});
