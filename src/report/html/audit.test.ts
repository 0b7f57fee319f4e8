import { createHash } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type AuditReport, countByStatus } from '../../model/finding.js';
import { sampleReport } from '../../../test/helpers/sample-report.js';
import { renderAuditHtml } from './audit.js';
import { CONTENT_SECURITY_POLICY, esc } from './shell.js';

/** The elements the renderers write; anything else in the output came from the report. */
const OUR_TAGS = new Set(
  (
    'html head meta title style body script header main section footer h1 h2 h3 p span b br code ' +
    'ul ol li table thead tbody tr th td div form fieldset legend label input select option output ' +
    'details summary dl dt dd pre a svg g rect text path title circle line polyline'
  ).split(' '),
);

function tagsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1] ?? ''));
}

function inline(html: string, tag: 'style' | 'script'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
    (m) => m[1] ?? '',
  );
}

function tainted(text: string): AuditReport {
  const report = sampleReport();
  const findings = report.findings.map((f) => ({
    ...f,
    app: `${f.app}${text}`,
    message: `${f.message}${text}`,
    remediation: `${f.remediation}${text}`,
    resource: { ...f.resource, name: `${f.resource.name}${text}` },
    evidence: { ...f.evidence, actual: text, [`k${text}`]: text },
  }));
  return {
    ...report,
    integrations: report.integrations.map((i) => ({
      ...i,
      app: `${i.app}${text}`,
      runAsUsername: `${i.runAsUsername ?? ''}${text}`,
    })),
    findings,
    warnings: [text],
    summary: countByStatus(findings),
  };
}

describe('renderAuditHtml', () => {
  it('is one document whose only inline style and script are the ones the CSP allows by hash', () => {
    const html = renderAuditHtml(sampleReport());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const styles = inline(html, 'style');
    const scripts = inline(html, 'script');
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    const hash = (s: string): string =>
      `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src ${hash(styles[0] ?? '')}`);
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src ${hash(scripts[0] ?? '')}`);
    expect(CONTENT_SECURITY_POLICY.startsWith("default-src 'none'")).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    );
  });

  it('loads nothing: no src, no stylesheet link, no url() or @import, no style attribute', () => {
    const html = renderAuditHtml(sampleReport());
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/url\(|@import/i);
    // An inline style attribute would need 'unsafe-inline'.
    expect(html).not.toMatch(/\sstyle=/i);
    // The only links are the rule pages, opened by a click, never loaded.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs)
      expect(href).toMatch(
        /^https:\/\/unpkg\.com\/runas-guard@0\.1\.0\/docs\/rules\/RG-\d{4}\.md$/,
      );
  });

  it('renders a finding message with a script tag as text', () => {
    const report = sampleReport();
    const [first] = report.findings;
    if (first === undefined) throw new Error('empty sample');
    first.message = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    first.app = '"><svg onload=alert(3)>';
    const html = renderAuditHtml(report);
    expect(inline(html, 'script')).toHaveLength(1);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
    expect(html).toContain('data-app="&quot;&gt;&lt;svg onload=alert(3)&gt;"');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert\(2\)>/);
  });

  it('keeps every string from the report out of the markup, whatever it holds', () => {
    const hostile = fc.string({
      unit: fc.oneof(
        fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
        fc.constantFrom('<', '>', '&', '"', "'", '</script>', '<style>', '<!--', ']]>', '\u202e'),
      ),
      maxLength: 30,
    });
    fc.assert(
      fc.property(hostile, (text) => {
        const html = renderAuditHtml(tainted(text));
        for (const tag of tagsOf(html)) expect(OUR_TAGS.has(tag), tag).toBe(true);
        // Tags we write too (script, style) may appear only where we write them.
        expect(html.match(/<\/?script/gi)).toHaveLength(2);
        expect(html.match(/<\/?style/gi)).toHaveLength(2);
        expect(html).not.toContain('<!--');
        expect(html).not.toContain('\u202e');
      }),
      { numRuns: 120 },
    );
  });

  it('gives the same bytes for the same report, however often and from whichever copy', () => {
    const a = renderAuditHtml(sampleReport());
    const b = renderAuditHtml(structuredClone(sampleReport()));
    expect(b).toBe(a);
    expect(renderAuditHtml(sampleReport())).toBe(a);
  });

  it('has a row per finding with its severity and status, failures first', () => {
    const report = sampleReport();
    const html = renderAuditHtml(report);
    const rows = [
      ...html.matchAll(
        /<details class="finding" data-row data-severity="(\w+)" data-status="([\w-]+)"/g,
      ),
    ];
    expect(rows).toHaveLength(report.findings.length);
    const statuses = rows.map((m) => m[2]);
    expect(statuses.slice(0, 4)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(statuses.at(-1)).toBe('pass');
    // The first failures are the critical and high ones.
    expect(rows.slice(0, 2).map((m) => m[1])).toEqual(['critical', 'high']);
  });

  it('summarises each integration, and an app only the findings name', () => {
    const html = renderAuditHtml(sampleReport());
    const table = /<table id="integrations">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const apps = [...table.matchAll(/<td><b>([^<]+)<\/b>/g)].map((m) => m[1]);
    // Worst first: Supplier_Catalog (critical), Ledger_Export and Payroll_Sync (high), in report order.
    expect(apps).toEqual(['Supplier_Catalog', 'Ledger_Export', 'Payroll_Sync']);
    expect(table).toContain('not in the org');
    expect(html).toContain('waiver for RG-0013 on Ledger_Export expired on 2026-10-31');
    expect(html).toContain('<code>rest.query.LoginHistory</code> INSUFFICIENT_ACCESS');
  });

  it('names the command in the title (preflight renders its gate report through it)', () => {
    const html = renderAuditHtml(sampleReport(), { command: 'preflight' });
    expect(html).toContain('<title>runas-guard preflight: FAIL · 00D000000000001AAA</title>');
  });
});

describe('esc', () => {
  it('escapes markup and neutralises controls, bidi overrides and lone surrogates', () => {
    expect(esc(`<a href='x'>&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
    expect(esc('a\u0000b\u202ec\u200bd\ud800e')).toBe('a?b?c?d\ufffde');
    expect(esc('tab\tnew\nline')).toBe('tab\tnew\nline');
  });
});
