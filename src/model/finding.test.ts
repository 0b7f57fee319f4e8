import { describe, expect, expectTypeOf, it } from 'vitest';

import { sampleReport } from '../../test/helpers/sample-report.js';
import { validateReport, zodReportIssues } from '../../test/helpers/validate-report.js';
import {
  type AuditReport,
  AuditReportSchema,
  canonicalizeReport,
  countByStatus,
  type Finding,
  type FindingResource,
  type FindingVia,
  type ResourceType,
  type Severity,
  SEVERITIES,
  SEVERITY_RANK,
  type Status,
  STATUSES,
} from './finding.js';

/** The sample with its first finding changed by `edit`. */
function withFirstFinding(edit: (finding: Record<string, unknown>) => void): unknown {
  const report = sampleReport() as unknown as { findings: Record<string, unknown>[] };
  const first = report.findings[0];
  if (first === undefined) throw new Error('sample has findings');
  edit(first);
  return report;
}

describe('AuditReportSchema', () => {
  it('accepts the sample report, in zod and in the published JSON Schema', () => {
    expect(validateReport(sampleReport())).toEqual([]);
  });

  it('rejects a finding without a fingerprint, in both', () => {
    const doc = withFirstFinding((f) => delete f.fingerprint);
    expect(zodReportIssues(doc)).toContainEqual(
      expect.stringMatching(/^findings\.0\.fingerprint: /),
    );
    expect(validateReport(doc)).toContainEqual('schema (root).findings.0: missing fingerprint');
  });

  it('rejects an unknown status, in both', () => {
    const doc = withFirstFinding((f) => (f.status = 'warning'));
    expect(zodReportIssues(doc)).toContainEqual(expect.stringMatching(/^findings\.0\.status: /));
    expect(validateReport(doc)).toContainEqual(
      expect.stringMatching(/^schema \(root\)\.findings\.0\.status: not one of/),
    );
  });

  it('rejects unknown keys, a malformed fingerprint or rule id, in both', () => {
    for (const edit of [
      (f: Record<string, unknown>) => (f.extra = 1),
      (f: Record<string, unknown>) => (f.fingerprint = 'ABC'),
      (f: Record<string, unknown>) => (f.ruleId = 'RG-5'),
      (f: Record<string, unknown>) => (f.resource = { type: 'Group', name: 'x' }),
    ]) {
      const issues = validateReport(withFirstFinding(edit));
      expect(issues.some((i) => i.startsWith('zod '))).toBe(true);
      expect(issues.some((i) => i.startsWith('schema '))).toBe(true);
    }
    const report = sampleReport() as unknown as Record<string, unknown>;
    report.extra = true;
    expect(validateReport(report)).toEqual([
      'zod (root): Unrecognized key: "extra"',
      'schema (root): unknown key extra',
    ]);
  });

  it('requires a waiver and the underlying status on a waived finding, and only there', () => {
    const waived = sampleReport();
    const target = waived.findings.find((f) => f.status === 'waived');
    if (target === undefined) throw new Error('sample has a waived finding');
    delete target.waiver;
    expect(zodReportIssues(waived)).toEqual([
      expect.stringMatching(/^findings\.6\.waiver: a waived finding needs/),
    ]);

    const failing = withFirstFinding((f) => (f.waivedStatus = 'fail'));
    expect(zodReportIssues(failing)).toEqual([
      expect.stringMatching(/^findings\.0\.waivedStatus: /),
    ]);

    const selfWaived = sampleReport();
    const again = selfWaived.findings.find((f) => f.status === 'waived');
    if (again === undefined) throw new Error('sample has a waived finding');
    again.waivedStatus = 'waived';
    expect(zodReportIssues(selfWaived)).toEqual([
      expect.stringMatching(/^findings\.6\.waivedStatus: /),
    ]);
  });

  it('requires the summary to count the findings, and fingerprints to be unique', () => {
    const report = sampleReport();
    report.summary.fail += 1;
    expect(zodReportIssues(report)).toEqual(['summary.fail: summary says 5, findings have 4']);

    const duplicated = sampleReport();
    const [first, second] = duplicated.findings;
    if (first === undefined || second === undefined) throw new Error('sample has findings');
    second.fingerprint = first.fingerprint;
    expect(zodReportIssues(duplicated)).toEqual(['findings.1.fingerprint: duplicate fingerprint']);
  });

  it('keeps evidence open for keys a rule adds', () => {
    const doc = withFirstFinding((f) => (f.evidence = { expected: 1, missing: ['Account.Name'] }));
    expect(validateReport(doc)).toEqual([]);
  });

  it('accepts a project-mode report and rejects an org without a usable instance URL', () => {
    const project: AuditReport = {
      ...sampleReport(),
      org: null,
      project: { name: 'northwind', path: '/repo' },
    };
    expect(validateReport(project)).toEqual([]);
    const bad = sampleReport();
    if (bad.org === null) throw new Error('sample has an org');
    bad.org.instanceUrl = 'javascript:alert(1)';
    expect(zodReportIssues(bad)).toEqual([expect.stringMatching(/^org\.instanceUrl: /)]);
  });
});

describe('canonicalizeReport', () => {
  it('rebuilds only what is out of order: a canonical report comes back as it is', () => {
    const canonical = canonicalizeReport(sampleReport());
    expect(canonicalizeReport(canonical)).toBe(canonical);
    // One finding's evidence out of order: that finding and the path to it are new, the rest kept.
    const findings = canonical.findings.map((f, i) =>
      i === 0 ? { ...f, evidence: { zeta: [{ b: 1, a: 2 }], ...f.evidence } } : f,
    );
    const again = canonicalizeReport({ ...canonical, findings });
    expect(again).not.toBe(canonical);
    expect(again.integrations).toBe(canonical.integrations);
    expect(again.findings[1]).toBe(canonical.findings[1]);
    expect(again.findings[0]).not.toBe(findings[0]);
    const evidence = again.findings[0]?.evidence ?? {};
    expect(Object.keys(evidence).at(-1)).toBe('zeta');
    expect(evidence.zeta).toEqual([{ a: 2, b: 1 }]);
    expect(JSON.stringify((evidence.zeta as object[])[0])).toBe('{"a":2,"b":1}');
  });

  it('is a pure function of the content: any key order gives the same JSON', () => {
    const report = sampleReport();
    const reversed = JSON.parse(JSON.stringify(report), (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ) as AuditReport;
    expect(JSON.stringify(canonicalizeReport(reversed))).toBe(
      JSON.stringify(canonicalizeReport(report)),
    );
  });
});

describe('countByStatus', () => {
  it('counts every status, zero included', () => {
    expect(countByStatus([{ status: 'fail' }, { status: 'fail' }, { status: 'skip' }])).toEqual({
      pass: 0,
      fail: 2,
      error: 0,
      'not-evaluated': 0,
      waived: 0,
      skip: 1,
    });
  });
});

describe('exported names', () => {
  it('keeps the constants of the former hand-written module', () => {
    expect(SEVERITIES).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(STATUSES).toEqual(['pass', 'fail', 'error', 'not-evaluated', 'waived', 'skip']);
    expect(SEVERITIES.map((s) => SEVERITY_RANK[s])).toEqual([1, 2, 3, 4, 5]);
    // The report schema's eleven keys, then the optional framework coverage (`--framework`) and
    // probes (`audit --probe`).
    expect(Object.keys(AuditReportSchema.shape)).toEqual([
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
      'coverage',
      'probes',
    ]);
  });

  it('infers the same types as the former interfaces (checked by tsc)', () => {
    expectTypeOf<Severity>().toEqualTypeOf<'critical' | 'high' | 'medium' | 'low' | 'info'>();
    expectTypeOf<Status>().toEqualTypeOf<
      'pass' | 'fail' | 'error' | 'not-evaluated' | 'waived' | 'skip'
    >();
    expectTypeOf<FindingResource>().toEqualTypeOf<{
      type: ResourceType;
      id?: string;
      name: string;
    }>();
    expectTypeOf<FindingVia>().toEqualTypeOf<{
      type: string;
      name: string;
      group?: string;
      impliedBy?: string;
    }>();
    expectTypeOf<Finding['waivedStatus']>().toEqualTypeOf<Status | undefined>();
    expectTypeOf<AuditReport['summary']>().toEqualTypeOf<{
      pass: number;
      fail: number;
      error: number;
      'not-evaluated': number;
      waived: number;
      skip: number;
    }>();
    expect(true).toBe(true);
  });
});
