import { describe, expect, expectTypeOf, it } from 'vitest';

import type { PreflightFinding, PreflightReport } from '../preflight/types.js';
import { type PreflightReportDoc, PreflightReportSchema } from './preflight-report.js';

describe('PreflightReportSchema', () => {
  it('mirrors src/preflight/types.ts', () => {
    type Doc = PreflightReportDoc;
    expectTypeOf<Omit<PreflightReport, 'findings'>>().toEqualTypeOf<Omit<Doc, 'findings'>>();
    // A finding is an intersection there, one object here: compared as flattened objects.
    type DocFinding = Doc['findings'][number];
    expectTypeOf<Omit<PreflightFinding, never>>().toEqualTypeOf<Omit<DocFinding, never>>();
  });

  const minimal = {
    schemaVersion: 1,
    kind: 'preflight',
    tool: { name: 'runas-guard', version: '0.1.0' },
    project: { name: 'northwind', path: 'northwind' },
    base: { ref: 'main', commit: 'a'.repeat(40) },
    head: { ref: 'HEAD', commit: 'b'.repeat(40) },
    generatedAt: '2026-11-25T12:00:00.000Z',
    failOn: 'high',
    changedFiles: [],
    integrations: [],
    findings: [],
    summary: { introduced: 0, existing: 0, notEvaluated: 0 },
    warnings: [],
    exitCode: 0,
  };

  it('accepts a report and refuses unknown keys, an unknown change and an exit code out of range', () => {
    expect(PreflightReportSchema.safeParse(minimal).success).toBe(true);
    expect(PreflightReportSchema.safeParse({ ...minimal, extra: 1 }).success).toBe(false);
    expect(PreflightReportSchema.safeParse({ ...minimal, exitCode: 4 }).success).toBe(false);
    expect(PreflightReportSchema.safeParse({ ...minimal, kind: 'audit' }).success).toBe(false);
  });
});
