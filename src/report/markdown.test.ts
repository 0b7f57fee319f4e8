import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  type AuditReport,
  countByStatus,
  type Finding,
  type IntegrationSummary,
} from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { ruleDocUrl } from './ci.js';
import { code, MARKDOWN_LIMIT, MAX_ROWS, md, renderMarkdown } from './markdown.js';

function withFindings(report: AuditReport, findings: Finding[]): AuditReport {
  return { ...report, findings, summary: countByStatus(findings) };
}

/** The cells of a table row as GFM splits them: a pipe after a backslash is content. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length - 1; i++) {
    const c = row[i] ?? '';
    if (c === '\\') {
      cell += c + (row[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

const tableRows = (text: string): string[] =>
  text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));

const headings = (text: string): string[] =>
  text.split('\n').filter((line) => line.startsWith('### '));

describe('renderMarkdown', () => {
  const report = sampleReport();
  const text = renderMarkdown(report);

  it('opens with the verdict, the source and the totals', () => {
    const [first] = text.split('\n');
    expect(first).toBe('## ❌ runas-guard audit: FAIL');
    expect(text).toContain('Org `00D000000000001AAA` (production) · mode live');
    expect(text).toContain(
      '**4 failed** (1 critical, 2 high, 1 medium) · 0 errors · 2 not evaluated · 1 waived · 2 passed',
    );
  });

  it('names the command in the title, the rest unchanged', () => {
    const preflight = renderMarkdown(report, { command: 'preflight' });
    expect(preflight.split('\n')[0]).toBe('## ❌ runas-guard preflight: FAIL');
    expect(preflight.split('\n').slice(1)).toEqual(text.split('\n').slice(1));
  });

  it('has one table per integration that needs attention, worst first', () => {
    expect(headings(text).map((h) => /`([^`]+)`/.exec(h)?.[1])).toEqual([
      'Supplier_Catalog', // a critical failure
      'Ledger_Export', // high
      'Payroll_Sync', // high, not among the audited apps
    ]);
    expect(headings(text)[0]).toBe(
      '### ❌ FAIL `Supplier_Catalog` · Connected App · run as `supplier.integration@northwindtraders.com`',
    );
  });

  it('lists failures by severity, then gaps grouped by cause, then waivers, linking each rule', () => {
    const rows = tableRows(text).filter((r) => !r.startsWith('| Status'));
    const supplier = rows.slice(0, 3).map(cells);
    expect(supplier.map((c) => c[0])).toEqual([
      '**critical**',
      '**medium**',
      'waived (fail, medium)',
    ]);
    expect(supplier[0]?.[1]).toBe(`[RG-0009](<${ruleDocUrl('0.1.0', 'RG-0009')}>)`);
    expect(supplier[2]?.[3]).toContain('Waived until 2027-03-31: Portal vendor needs RefreshToken');
    const gap = rows.map(cells).find((c) => c[0] === 'not evaluated');
    expect(gap?.[1]).toContain('RG-0021');
    expect(gap?.[1]).toContain('RG-0031');
    expect(gap?.[3]).toBe(
      'request rest.query.LoginHistory failed (INSUFFICIENT\\_ACCESS); the auditing user needs Manage Users',
    );
    for (const row of tableRows(text)) expect(cells(row)).toHaveLength(4);
  });

  it('ends with the failed requests and warnings', () => {
    expect(text).toContain(
      '- `rest.query.LoginHistory`: INSUFFICIENT\\_ACCESS; the auditing user needs Manage Users',
    );
    expect(text).toContain('- waiver for RG-0013 on Ledger\\_Export expired on 2026-10-31');
  });

  it('puts integrations without findings on one line, and says PASS when nothing failed', () => {
    const clean: IntegrationSummary = {
      app: 'Clean_App',
      appType: 'ExternalClientApplication',
      runAsUsername: 'clean@example.com',
      runAsUserId: null,
      effectiveAccess: null,
    };
    const passes = report.findings.filter((f) => f.status === 'pass');
    const out = renderMarkdown(
      withFindings(
        { ...report, integrations: [clean], warnings: [] },
        passes.map((f) => ({ ...f, app: 'Clean_App' })),
      ),
    );
    expect(out.split('\n')[0]).toBe('## ✅ runas-guard audit: PASS');
    expect(out).toContain('✅ **PASS** (1): `Clean_App`');
    expect(headings(out)).toEqual([]);
  });
});

describe('renderMarkdown on hostile strings', () => {
  const hostile =
    'a|b `c` ``d`` <img src=x onerror=alert(1)> [l](http://x) *e* _f_ &#124; \u001b[2J\n# g';

  it('keeps every table row at four cells and escapes markup', () => {
    const report = sampleReport();
    const findings = report.findings.map((f) => ({
      ...f,
      app: `${f.app}${hostile}`,
      message: `${f.message}${hostile}`,
      resource: { ...f.resource, name: `${f.resource.name}${hostile}` },
    }));
    const integrations = report.integrations.map((i) => ({
      ...i,
      app: `${i.app}${hostile}`,
      runAsUsername: `${i.runAsUsername ?? ''}${hostile}`,
    }));
    const text = renderMarkdown(withFindings({ ...report, integrations }, findings));
    const rows = tableRows(text);
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) expect(cells(row), row).toHaveLength(4);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).not.toMatch(/^# g/m);
    // The finding cell is prose: every markup character in it is escaped (the input has no \\).
    const findingCells = rows.map((row) => cells(row)[3] ?? '').filter((c) => c.includes('a\\|b'));
    expect(findingCells.length).toBeGreaterThan(3);
    for (const cell of findingCells) {
      expect(cell.match(/(?<!\\)[<[*_`]/g), cell).toBeNull();
      expect(cell).toContain('\\<img src=x onerror=alert(1)\\> \\[l\\](http://x)');
      expect(cell).toContain('&\\#124;');
    }
  });

  it('fences a code span longer than any run of backticks inside it', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a `b` c')).toBe('``a `b` c``');
    expect(code('``x``')).toBe('``` ``x`` ```');
    expect(md('a*b_c`d\\e')).toBe('a\\*b\\_c\\`d\\\\e');
  });
});

describe('renderMarkdown on a large report', () => {
  function integration(n: number): IntegrationSummary {
    return {
      app: `App_${String(n).padStart(5, '0')}`,
      appType: 'ConnectedApp',
      runAsUsername: `user${n}@example.com`,
      runAsUserId: null,
      effectiveAccess: null,
    };
  }
  function failure(app: string, i: number): Finding {
    const name = `${app}.user${i}@example.com`;
    return {
      ruleId: 'RG-0011',
      slug: 'integration-excess-access',
      severity: i % 2 === 0 ? 'high' : 'medium',
      status: 'fail',
      app,
      resource: { type: 'User', name },
      messageId: 'excess',
      message: `${name} can delete Object_${i}__c, which ${app} does not declare.`,
      frameworks: {},
      remediation: '',
      fingerprint: createHash('sha256').update(`${app}/${i}`).digest('hex'),
    };
  }

  const integrations = Array.from({ length: 1500 }, (_, n) => integration(n));
  const findings = integrations.flatMap((i, n) =>
    Array.from({ length: n === 0 ? 60 : 3 }, (_, k) => failure(i.app, k)),
  );
  const report = withFindings({ ...sampleReport(), integrations, warnings: [] }, findings);
  const text = renderMarkdown(report);

  it(`stays under ${MARKDOWN_LIMIT} characters and says how much it left out`, () => {
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const shown = headings(text).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(integrations.length);
    const note = /Truncated: (\d+) more integration\(s\) with (\d+) failure\(s\)/.exec(text);
    expect(Number(note?.[1])).toBe(integrations.length - shown);
    const shownApps = new Set(headings(text).map((h) => /`([^`]+)`/.exec(h)?.[1]));
    const hiddenFailures = findings.filter((f) => !shownApps.has(f.app)).length;
    expect(Number(note?.[2])).toBe(hiddenFailures);
  });

  it(`cuts one integration's table at ${MAX_ROWS} rows and counts the rest`, () => {
    const first = text.slice(text.indexOf('`App_00000`'));
    const table = first.slice(0, first.indexOf('### '));
    expect(tableRows(table)).toHaveLength(MAX_ROWS + 1); // + the header row
    expect(table).toContain(`… and ${60 - MAX_ROWS} more rows`);
  });
});
