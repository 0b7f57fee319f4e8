import { describe, expect, it } from 'vitest';

import { FRAMEWORKS } from '../frameworks/index.js';
import type { Framework } from '../frameworks/index.js';
import { countByStatus } from '../model/finding.js';
import type { AuditReport, Finding } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { validateReport } from '../../test/helpers/validate-report.js';
import {
  FRAMEWORK_IDS,
  frameworkCoverage,
  frameworkOf,
  groupByControl,
  rulesByControl,
  withCoverage,
} from './frameworks.js';
import type { RuleMapping } from './frameworks.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

const RULES: RuleMapping[] = [
  { id: 'RG-0009', frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'] } },
  { id: 'RG-0003', frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['PR.AA-01'] } },
  { id: 'RG-0020', frameworks: { 'owasp-nhi-2025': ['NHI10', 'NHI5', 'NHI5'] } },
];

const TINY: Framework = {
  id: 'tiny',
  name: 'Tiny',
  version: '1',
  url: 'https://example.com/tiny',
  source: 'test',
  controls: [
    { id: 'B', title: 'Second letter' },
    { id: 'A', title: 'First letter' },
  ],
};

/** The sample report's findings, with framework mappings chosen per rule id. */
function mapped(frameworks: Record<string, Finding['frameworks']>): AuditReport {
  const report = sampleReport();
  const findings = report.findings.map((f) => ({ ...f, frameworks: frameworks[f.ruleId] ?? {} }));
  return { ...report, findings, summary: countByStatus(findings) };
}

const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('frameworkCoverage', () => {
  it('splits each framework into covered and not covered controls, in the framework order', () => {
    const coverage = frameworkCoverage(RULES);
    expect(Object.keys(coverage)).toEqual([...FRAMEWORK_IDS]);
    expect(coverage['owasp-nhi-2025']).toEqual({
      covered: ['NHI1', 'NHI5', 'NHI10'],
      notCovered: ['NHI2', 'NHI3', 'NHI4', 'NHI6', 'NHI7', 'NHI8', 'NHI9'],
    });
    expect(coverage['nist-csf-2.0']?.covered).toEqual(['PR.AA-01', 'PR.AA-05']);
    expect(coverage.sbs).toEqual({
      covered: [],
      notCovered: FRAMEWORKS.sbs.controls.map((c) => c.id),
    });
    expect(coverage['nist-ai-rmf-1.0']).toEqual({ covered: [], notCovered: [] });
  });

  it('counts only the rules it is given, and ignores controls the framework does not list', () => {
    expect(frameworkCoverage([], [TINY])).toEqual({
      tiny: { covered: [], notCovered: ['B', 'A'] },
    });
    const rules = [{ id: 'RG-0001', frameworks: { tiny: ['A', 'Z'] } }];
    expect(frameworkCoverage(rules, [TINY])).toEqual({
      tiny: { covered: ['A'], notCovered: ['B'] },
    });
  });

  it('lists the rules of each control once, sorted', () => {
    const byControl = rulesByControl(RULES, FRAMEWORKS['owasp-nhi-2025']);
    expect([...byControl.keys()]).toEqual(FRAMEWORKS['owasp-nhi-2025'].controls.map((c) => c.id));
    expect(byControl.get('NHI5')).toEqual(['RG-0009', 'RG-0020']);
    expect(byControl.get('NHI2')).toEqual([]);
  });

  it('adds coverage to a report that still validates against both schemas', () => {
    const report = withCoverage(sampleReport(), RULES);
    expect(report.coverage?.['owasp-nhi-2025']?.covered).toEqual(['NHI1', 'NHI5', 'NHI10']);
    expect(validateReport(JSON.parse(renderJson(report)))).toEqual([]);
    expect(JSON.parse(renderJson(report))).toHaveProperty('coverage.sbs.notCovered');
    expect(JSON.parse(renderJson(sampleReport()))).not.toHaveProperty('coverage');
  });

  it('is rejected by the report schema when malformed', () => {
    const report = { ...sampleReport(), coverage: { sbs: { covered: ['SBS-ACS-008'] } } };
    expect(validateReport(report).join('\n')).toMatch(/coverage.*notCovered/);
  });
});

describe('frameworkOf', () => {
  it('knows the four framework keys and rejects others with the list', () => {
    expect(FRAMEWORK_IDS).toEqual(['owasp-nhi-2025', 'nist-csf-2.0', 'sbs', 'nist-ai-rmf-1.0']);
    expect(frameworkOf('sbs')).toBe(FRAMEWORKS.sbs);
    expect(() => frameworkOf('cis')).toThrow(RangeError);
    expect(() => frameworkOf('__proto__')).toThrow(/owasp-nhi-2025, nist-csf-2.0, sbs/);
  });
});

describe('groupByControl', () => {
  const report = mapped({
    'RG-0009': { 'owasp-nhi-2025': ['NHI5'] },
    'RG-0011': { 'owasp-nhi-2025': ['NHI5', 'NHI10'], 'nist-csf-2.0': ['PR.AA-05'] },
    'RG-0007': { 'owasp-nhi-2025': ['NHI99'] },
  });

  it('puts a finding under every control it maps to, one group per control in order', () => {
    const grouping = groupByControl(report.findings, 'owasp-nhi-2025');
    expect(grouping.controls.map((g) => g.label)).toEqual(
      Array.from({ length: 10 }, (_, i) => `NHI${i + 1}:2025`),
    );
    const ids = (control: string) =>
      grouping.controls.find((g) => g.control.id === control)?.findings.map((f) => f.ruleId);
    expect(ids('NHI5')).toEqual(['RG-0011', 'RG-0009']);
    expect(ids('NHI10')).toEqual(['RG-0011']);
    expect(ids('NHI1')).toEqual([]);
  });

  it('keeps the findings the framework does not map, including unknown controls', () => {
    const grouping = groupByControl(report.findings, FRAMEWORKS['owasp-nhi-2025']);
    const unmapped = grouping.unmapped.map((f) => f.ruleId);
    expect(unmapped).toContain('RG-0007');
    expect(unmapped).not.toContain('RG-0009');
    const placed = new Set(grouping.controls.flatMap((g) => g.findings));
    expect(placed.size + grouping.unmapped.length).toBe(report.findings.length);
  });

  it('rejects an unknown framework', () => {
    expect(() => groupByControl(report.findings, 'nist-csf-1.1')).toThrow(RangeError);
  });
});

describe('renderText with a framework', () => {
  const report = withCoverage(
    mapped({
      'RG-0009': { 'owasp-nhi-2025': ['NHI5'] },
      'RG-0011': { 'owasp-nhi-2025': ['NHI5', 'NHI10'] },
    }),
    RULES,
  );
  const text = renderText(report, { framework: 'owasp-nhi-2025' });
  const lines = text.split('\n');

  it('names the framework and lists its controls in order instead of the integrations', () => {
    expect(text).toMatch(/^Framework +OWASP Non-Human Identities Top 10 2025 \(owasp-nhi-2025\)/m);
    const headings = ['NHI1:2025 Improper Offboarding', 'NHI5:2025 Overprivileged NHI'];
    const at = headings.map((h) => lines.indexOf(h));
    expect(at[0]).toBeGreaterThan(0);
    expect(at[1]).toBeGreaterThan(at[0] ?? Infinity);
    expect(lines).not.toContain('Supplier_Catalog (Connected App)');
  });

  it('shows a finding under each control it maps to', () => {
    const block = (heading: string): string[] => {
      const start = lines.indexOf(heading);
      return lines.slice(start, lines.indexOf('', start));
    };
    const nhi5 = block('NHI5:2025 Overprivileged NHI');
    expect(nhi5.some((l) => /^ {2}CRITICAL +RG-0009 /.test(l))).toBe(true);
    expect(nhi5.some((l) => /^ {2}MEDIUM +RG-0011 /.test(l))).toBe(true);
    expect(nhi5[1]).toMatch(/^ {2}FAIL +2 failed/);
    const nhi10 = block('NHI10:2025 Human Use of NHI');
    expect(nhi10.some((l) => l.includes('RG-0011'))).toBe(true);
    expect(nhi10.some((l) => l.includes('RG-0009'))).toBe(false);
  });

  it('says which controls no rule that ran covers, and never calls an empty control a pass', () => {
    const nhi2 = lines.indexOf('NHI2:2025 Secret Leakage');
    expect(lines[nhi2 + 1]).toMatch(/^ {2}NOT COVERED +no rule that ran maps to this control$/);
    const nhi1 = lines.indexOf('NHI1:2025 Improper Offboarding');
    expect(lines[nhi1 + 1]).toMatch(/^ {2}NO FINDINGS +no finding maps to this control$/);
  });

  it('lists the findings the framework does not map in a block of their own', () => {
    const start = lines.indexOf('Not mapped to OWASP Non-Human Identities Top 10 2025');
    expect(start).toBeGreaterThan(lines.indexOf('NHI10:2025 Human Use of NHI'));
    expect(lines.slice(start).some((l) => l.includes('RG-0037'))).toBe(true);
  });

  it('ends with the coverage of that framework only', () => {
    const tail = flat(text.slice(text.indexOf('Framework coverage')));
    expect(tail).toContain(
      'owasp-nhi-2025: 3 of 10 controls covered; not covered: NHI2, NHI3, NHI4, NHI6, NHI7, NHI8, NHI9',
    );
    expect(tail).not.toContain('nist-csf-2.0');
  });

  it('rejects an unknown framework before rendering anything', () => {
    expect(() => renderText(report, { framework: 'pci-dss' })).toThrow(/unknown framework/);
  });

  it('shows the coverage of every framework without one, and none when the report has none', () => {
    const plain = flat(renderText(report));
    expect(plain).toContain('nist-csf-2.0: 2 of 10 controls covered;');
    expect(plain).toContain('nist-ai-rmf-1.0: no controls listed');
    expect(plain).toContain('Supplier_Catalog (Connected App)');
    expect(renderText(sampleReport())).not.toContain('Framework coverage');
  });

  it('keeps hostile coverage keys off the terminal', () => {
    const hostile = { ...report, coverage: { 'x\u001b[2Jy': { covered: [], notCovered: ['A'] } } };
    expect(renderText(hostile)).not.toContain('\u001b');
  });
});
