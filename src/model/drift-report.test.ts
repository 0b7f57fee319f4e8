import { describe, expect, expectTypeOf, it } from 'vitest';

import type { DriftReport } from '../drift/report.js';
import { type DriftReportDoc, DriftReportSchema } from './drift-report.js';

describe('DriftReportSchema', () => {
  it('mirrors src/drift/report.ts', () => {
    expectTypeOf<DriftReport>().toEqualTypeOf<DriftReportDoc>();
  });

  const minimal = {
    schemaVersion: 1,
    kind: 'compare',
    tool: { name: 'runas-guard', version: '0.1.0' },
    generatedAt: '2026-11-25T12:00:00.000Z',
    from: { label: 'snapshot prod.json' },
    to: { label: 'org uat' },
    integrations: [],
    summary: {
      integrations: 0,
      changed: 0,
      changes: 0,
      breaking: 0,
      broken: [],
      byKind: { runAs: 0, user: 0, preAuthorization: 0, policy: 0, access: 0, finding: 0 },
    },
    warnings: [],
  };

  it('accepts a report and refuses unknown keys, an unknown kind and a bad change', () => {
    expect(DriftReportSchema.safeParse(minimal).success).toBe(true);
    expect(DriftReportSchema.safeParse({ ...minimal, extra: 1 }).success).toBe(false);
    expect(DriftReportSchema.safeParse({ ...minimal, kind: 'audit' }).success).toBe(false);
    const integration = {
      app: 'A',
      integration: 'a',
      presence: 'both',
      runAs: { from: null, to: null },
      notCompared: [],
      changes: [
        {
          kind: 'user',
          key: 'k',
          text: 't',
          breaks: [],
          username: 'u',
          field: 'mood',
          from: 1,
          to: 2,
        },
      ],
    };
    expect(DriftReportSchema.safeParse({ ...minimal, integrations: [integration] }).success).toBe(
      false,
    );
  });
});
