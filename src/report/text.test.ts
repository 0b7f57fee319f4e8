import { describe, expect, it } from 'vitest';

import type { AuditReport, Finding } from '../model/finding.js';
import { countByStatus } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { renderText } from './text.js';

// eslint-disable-next-line no-control-regex -- ANSI escapes are what is removed
const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
/** Whitespace-collapsed, so phrases can be found across wrapped lines. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');
const linesOf = (text: string): string[] => text.split('\n');

/** The lines of one integration block, from its heading to the blank line after it. */
function blockOf(text: string, heading: string): string[] {
  const lines = linesOf(text);
  const start = lines.indexOf(heading);
  expect(start, `block ${heading}`).toBeGreaterThan(-1);
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

function withFindings(report: AuditReport, findings: Finding[]): AuditReport {
  return { ...report, findings, summary: countByStatus(findings) };
}

describe('renderText', () => {
  const report = sampleReport();
  const text = renderText(report);
  const verbose = renderText(report, { verbose: true });

  it('starts with a header naming the tool, the org, the collection time and the mode', () => {
    const lines = linesOf(text);
    expect(lines[0]).toBe('runas-guard 0.1.0 audit report');
    expect(lines[1]).toMatch(/^Org +00D000000000001AAA \(production\) https:\/\/northwindtraders/);
    expect(lines[2]).toMatch(/^Collected +2026-11-25T12:00:00\.000Z$/);
    expect(lines[3]).toMatch(/^Mode +live, 42 API requests$/);
  });

  it("shows the org's daily API usage on one line after the mode, when the report has it", () => {
    expect(text).not.toMatch(/^API usage/m);
    const withUsage = renderText({
      ...report,
      collection: { ...report.collection, apiUsage: { used: 10018, max: 100000 } },
    });
    const lines = linesOf(withUsage);
    expect(lines[4]).toMatch(/^API usage +10018 of 100000 daily requests used, 89982 left$/);
  });

  it('names the project instead of the org in project mode', () => {
    const project: AuditReport = {
      ...report,
      org: null,
      project: { name: 'northwind', path: 'force-app' },
      collection: { ...report.collection, mode: 'project' },
    };
    const out = renderText(project);
    expect(out).toMatch(/^Project +northwind force-app$/m);
    expect(out).not.toMatch(/^Org /m);
    expect(out).toMatch(/^Mode +project,/m);
  });

  it('puts the integration with the worst failure first, and apps without a record last', () => {
    const order = ['Supplier_Catalog (Connected App)', 'Ledger_Export (Connected App)'].map((h) =>
      linesOf(text).indexOf(h),
    );
    const payroll = linesOf(text).indexOf('Payroll_Sync (not among the audited apps)');
    expect(order[0]).toBeGreaterThan(0);
    expect(order[0]).toBeLessThan(order[1] ?? -1);
    expect(order[1]).toBeLessThan(payroll);
  });

  it('shows the run-as user and a verdict with failures counted per severity', () => {
    const block = blockOf(text, 'Supplier_Catalog (Connected App)');
    expect(block[1]).toMatch(/^ {2}run as +supplier\.integration@northwindtraders\.com/);
    expect(block[2]).toMatch(/^ {2}FAIL +2 failed \(1 critical, 1 medium\), 1 waived, 1 passed$/);
  });

  it('lists failures critical first, with upper-case severity, rule id and message', () => {
    // The sample lists the medium finding before the critical one.
    const ids = report.findings.filter((f) => f.app === 'Supplier_Catalog').map((f) => f.ruleId);
    expect(ids.indexOf('RG-0011')).toBeLessThan(ids.indexOf('RG-0009'));
    const block = blockOf(text, 'Supplier_Catalog (Connected App)');
    const critical = block.findIndex((l) =>
      /^ {2}CRITICAL +RG-0009 +supplier\.integration@/.test(l),
    );
    const medium = block.findIndex((l) => /^ {2}MEDIUM +RG-0011 +supplier\.integration@/.test(l));
    expect(critical).toBeGreaterThan(-1);
    expect(medium).toBeGreaterThan(critical);
  });

  it('groups not-evaluated findings by the failed request and names the permission', () => {
    const block = blockOf(text, 'Ledger_Export (Connected App)');
    const groups = block.filter((l) => l.startsWith('  NOT EVALUATED'));
    expect(groups).toHaveLength(1);
    expect(flat(block.join('\n'))).toContain(
      'NOT EVALUATED RG-0021, RG-0031: request rest.query.LoginHistory failed (INSUFFICIENT_ACCESS); ' +
        'the auditing user needs Manage Users',
    );
  });

  it('takes the error code and permission from the failed requests when the evidence lacks them', () => {
    const findings = structuredClone(report.findings).map((f) =>
      f.status === 'not-evaluated' ? { ...f, evidence: { request: 'rest.query.LoginHistory' } } : f,
    );
    const out = flat(renderText(withFindings(report, findings)));
    expect(out).toContain(
      'RG-0021, RG-0031: request rest.query.LoginHistory failed (INSUFFICIENT_ACCESS)',
    );
    expect(out).toContain('needs Manage Users');
  });

  it('keeps different causes and errors in separate groups', () => {
    const findings = structuredClone(report.findings).map((f): Finding => {
      if (f.ruleId === 'RG-0031')
        return { ...f, evidence: { reason: 'user state is not metadata' } };
      if (f.ruleId === 'RG-0003')
        return { ...f, status: 'error', evidence: { request: 'rest.query.User' } };
      return f;
    });
    const block = blockOf(
      renderText(withFindings(report, findings)),
      'Ledger_Export (Connected App)',
    );
    expect(block.filter((l) => l.startsWith('  NOT EVALUATED'))).toEqual([
      expect.stringMatching(/RG-0021: request rest\.query\.LoginHistory/),
      expect.stringMatching(/RG-0031: user state is not metadata$/),
    ]);
    expect(block).toContainEqual(
      expect.stringMatching(/^ {2}ERROR +RG-0003: request rest\.query\.User failed$/),
    );
    expect(block[2]).toMatch(/FAIL +1 failed \(1 high\), 1 error, 2 not evaluated$/);
  });

  it('shows a waived finding with what it would have been, the reason and the expiry', () => {
    const out = flat(text);
    expect(out).toContain(
      'WAIVED RG-0023 Supplier_Catalog grants RefreshToken. Waived (would be fail, medium) until ' +
        '2027-03-31: Portal vendor needs RefreshToken until SEC-88',
    );
  });

  it('shows passes, evidence and remediation only when verbose', () => {
    const passes = (out: string): string[] => linesOf(out).filter((l) => l.startsWith('  PASS'));
    expect(passes(text)).toEqual([]);
    expect(text).not.toContain('via:');
    expect(text).not.toContain('fix:');
    expect(passes(verbose)).toEqual([
      expect.stringMatching(
        /RG-0007 +supplier\.integration@northwindtraders\.com has API Enabled\.$/,
      ),
      expect.stringMatching(/RG-0003 +ledger\.integration@northwindtraders\.com is active\.$/),
    ]);
    const supplier = blockOf(verbose, 'Supplier_Catalog (Connected App)').join('\n');
    expect(supplier).toContain(
      'via: PermissionSet Supplier_Catalog_API in group Supplier_Catalog_Access',
    );
    expect(supplier).toContain('fix: Remove Modify All Data from Supplier_Catalog_API.');
    expect(supplier).toContain('expected: false; actual: true');
    // The resource is named only when it is not the run-as user.
    expect(supplier).toContain('resource: ConnectedApp Supplier_Catalog');
    expect(supplier).not.toContain('resource: User');
  });

  it('ends with totals by status, the failed requests and the warnings', () => {
    const lines = linesOf(text);
    const totals = lines.findIndex((l) => l.startsWith('Totals'));
    expect(lines[totals]).toMatch(
      /^Totals +4 fail, 0 error, 2 not-evaluated, 1 waived, 0 skip, 2 pass$/,
    );
    expect(flat(lines.slice(totals).join('\n'))).toContain(
      'Failed requests rest.query.LoginHistory: INSUFFICIENT_ACCESS; the auditing user needs Manage ' +
        'Users. Insufficient privileges to query LoginHistory. Warnings waiver for RG-0013',
    );
    expect(text.endsWith('expired on 2026-10-31\n')).toBe(true);
  });

  it('says PASS for a clean integration and INCOMPLETE when only data is missing', () => {
    const findings = report.findings.filter((f) => f.app !== 'Payroll_Sync' && f.status !== 'fail');
    const out = renderText(withFindings(report, findings));
    expect(blockOf(out, 'Ledger_Export (Connected App)')[2]).toMatch(
      /^ {2}INCOMPLETE +2 not evaluated, 1 passed$/,
    );
    expect(blockOf(out, 'Supplier_Catalog (Connected App)')[2]).toMatch(
      /^ {2}PASS +1 waived, 1 passed$/,
    );
    const bare = renderText(withFindings(report, []));
    expect(blockOf(bare, 'Ledger_Export (Connected App)')[2]).toMatch(/^ {2}PASS +no findings$/);
  });

  it('says so when there is nothing to report', () => {
    const out = renderText({ ...withFindings(report, []), integrations: [] });
    expect(linesOf(out)).toContain('No client-credentials apps found.');
  });

  it('does not depend on the order of the findings', () => {
    const reversed = { ...report, findings: [...report.findings].reverse() };
    expect(renderText(reversed, { verbose: true })).toBe(verbose);
  });

  it('uses ANSI colour only when asked, without changing the layout', () => {
    expect(text).not.toContain('\u001b');
    expect(verbose).not.toContain('\u001b');
    const colored = renderText(report, { color: true, verbose: true });
    expect(colored).toContain('\u001b[1;31mCRITICAL');
    expect(stripAnsi(colored)).toBe(verbose);
  });

  it('keeps every line within 100 columns, however long the org data', () => {
    const long = sampleReport();
    const target = long.findings[0];
    if (target === undefined) throw new Error('sample has findings');
    target.message = `${'word '.repeat(120)}${'x'.repeat(260)} end`;
    target.remediation = 'y'.repeat(230);
    const integration = long.integrations[0];
    if (integration !== null && integration !== undefined)
      integration.runAsUsername = `${'u'.repeat(250)}@x.com`;
    long.warnings.push('w'.repeat(333));
    for (const options of [{}, { verbose: true }, { verbose: true, color: true }]) {
      const out = stripAnsi(renderText(long, options));
      const widest = Math.max(...linesOf(out).map((l) => Array.from(l).length));
      expect(widest).toBeLessThanOrEqual(100);
      expect(flat(out)).toContain('word word');
    }
  });

  it('neutralizes control characters and cuts overlong fields from the org', () => {
    const hostile = sampleReport();
    const target = hostile.findings[0];
    if (target === undefined) throw new Error('sample has findings');
    target.message = 'locked\u001b[2J\nFAKE LINE\u202e\u0007 done';
    const out = renderText(hostile);
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).not.toMatch(/^FAKE LINE/m);
    expect(out).toContain('locked?[2J FAKE LINE?? done');

    target.message = 'z'.repeat(1_000_000);
    const big = renderText(hostile);
    expect(big.length).toBeLessThan(20_000);
    expect(big).toContain('zzz...');
  });
});

describe('renderText: a block with only mode gaps', () => {
  it('says NOT EVALUATED, never PASS', () => {
    const base = sampleReport();
    const template = base.findings[0];
    if (template === undefined) throw new Error('sample has no finding');
    const gap: Finding = {
      ...template,
      ruleId: 'RG-0026',
      slug: 'consumer-secret-in-source',
      status: 'not-evaluated',
      messageId: 'notInMode',
      message: "Not evaluated in live mode: the project's files (needs --project)",
      fingerprint: 'f'.repeat(64),
    };
    delete gap.waivedStatus;
    delete gap.waiver;
    const report: AuditReport = { ...base, findings: [gap], summary: countByStatus([gap]) };
    expect(renderText(report)).toMatch(/NOT EVALUATED +1 not evaluated/);
    expect(renderText(report)).not.toMatch(/PASS +1 not evaluated/);
  });
});

describe('renderText: the mode footer', () => {
  it('says each rule group’s facets and the mode’s reason once', () => {
    const base = sampleReport();
    const template = base.findings[0];
    if (template === undefined) throw new Error('sample has no finding');
    const gap: Finding = {
      ...template,
      ruleId: 'RG-0005',
      status: 'not-evaluated',
      messageId: 'notInMode',
      message:
        'Not evaluated in project mode: the run-as User records: user state is not metadata; UserLogin: user state is not metadata',
      fingerprint: 'e'.repeat(64),
    };
    delete gap.waivedStatus;
    delete gap.waiver;
    const report: AuditReport = { ...base, findings: [gap], summary: countByStatus([gap]) };
    expect(renderText(report)).toContain(
      'RG-0005: the run-as User records and UserLogin: user state is not metadata',
    );
  });
});
