import { describe, expect, it } from 'vitest';

import type { AuditReport } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { validateReport } from '../../test/helpers/validate-report.js';
import { renderJson } from './json.js';

/** The same object with every object's keys in reverse insertion order, arrays untouched. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

const SPEC_ORDER = [
  'schemaVersion',
  'tool',
  'org',
  'project',
  'collectedAt',
  'generatedAt',
  'integrations',
  'findings',
  'warnings',
  'summary',
  'collection',
];

describe('renderJson', () => {
  const report = sampleReport();
  const out = renderJson(report);

  it('writes the report itself, indented by two spaces, with a trailing newline', () => {
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(JSON.parse(out)).toEqual(report);
  });

  it('writes a document that validates against the zod schema and the published JSON Schema', () => {
    expect(validateReport(JSON.parse(out))).toEqual([]);
  });

  it('lists keys in the order of the report schema, however the report was assembled', () => {
    expect(Object.keys(JSON.parse(out) as object)).toEqual(SPEC_ORDER);
    const shuffled = reverseKeys(report) as AuditReport;
    expect(Object.keys(shuffled)[0]).toBe('collection');
    expect(renderJson(shuffled)).toBe(out);
    const finding = (JSON.parse(out) as AuditReport).findings[0];
    expect(Object.keys(finding ?? {}).slice(0, 4)).toEqual([
      'ruleId',
      'slug',
      'severity',
      'status',
    ]);
  });

  it('sorts the keys of maps and keeps the order of arrays', () => {
    const parsed = JSON.parse(out) as AuditReport;
    // The sample lists Opportunity before Contract.
    expect(Object.keys(report.integrations[0]?.effectiveAccess?.objects ?? {})).toEqual([
      'Opportunity',
      'Contract',
    ]);
    expect(Object.keys(parsed.integrations[0]?.effectiveAccess?.objects ?? {})).toEqual([
      'Contract',
      'Opportunity',
    ]);
    const frameworks = parsed.findings.find((f) => f.ruleId === 'RG-0011')?.frameworks ?? {};
    expect(Object.keys(frameworks)).toEqual(['nist-csf-2.0', 'owasp-nhi-2025']);
    expect(parsed.findings.map((f) => f.fingerprint)).toEqual(
      report.findings.map((f) => f.fingerprint),
    );
  });

  it('keeps open evidence keys, sorted after the known ones, including a key named __proto__', () => {
    const custom = sampleReport();
    const target = custom.findings[0];
    if (target === undefined) throw new Error('sample has findings');
    target.evidence = JSON.parse(
      '{"zeta": {"b": 1, "a": 2}, "__proto__": {"polluted": true}, "actual": true, "expected": false}',
    ) as Record<string, unknown>;
    const text = renderJson(custom);
    const evidence = (JSON.parse(text) as AuditReport).findings[0]?.evidence ?? {};
    expect(Object.keys(evidence)).toEqual(['expected', 'actual', '__proto__', 'zeta']);
    expect(Object.getPrototypeOf(evidence)).toBe(Object.prototype);
    expect(text).toContain('"zeta": {"a": 2, "b": 1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('writes an array or object on one line when it fits in 100 characters, else one item a line', () => {
    const custom = sampleReport();
    const target = custom.findings[0];
    if (target === undefined) throw new Error('sample has findings');
    const long = Array.from({ length: 30 }, (_, i) => `Permission_${i}`);
    const tricky = ['a "quoted" ] [ {', 'line\nbreak', 'é\u2028', 1.5e-7, -2, true, null];
    const wide = { type: 'PermissionSet', name: 'N'.repeat(60), group: 'G'.repeat(20) };
    target.evidence = {
      expected: ['read', 'edit'],
      actual: long,
      tricky,
      rows: [{ a: [1, 2] }],
      wide,
      nested: { inner: { deep: [] } },
    };
    const text = renderJson(custom);
    expect(text).toContain('"expected": ["read", "edit"],');
    expect(text).toMatch(/"actual": \[\n +"Permission_0",\n +"Permission_1",/);
    expect(text).toContain('"rows": [{"a": [1, 2]}]');
    expect(text).toContain('"nested": {"inner": {"deep": []}}');
    expect(text).toMatch(
      /"wide": \{\n +"group": "G+",\n +"name": "N+",\n +"type": "PermissionSet"\n +\}/,
    );
    for (const line of text.split('\n'))
      if (line.trimStart().startsWith('{') || line.trimStart().startsWith('['))
        expect(line.trim().length).toBeLessThanOrEqual(101);
    const parsed = (JSON.parse(text) as AuditReport).findings[0]?.evidence;
    expect(parsed).toEqual({ ...target.evidence });
    // Apart from line breaks and indentation, exactly what JSON.stringify writes.
    const flat = (t: string) => t.replace(/\s+/g, '');
    expect(flat(text)).toBe(flat(JSON.stringify(JSON.parse(text), null, 2)));
  });
});
