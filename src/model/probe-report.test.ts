import { describe, expect, expectTypeOf, it } from 'vitest';

import type { ProbeResult } from '../probe/types.js';
import { AuditReportSchema } from './finding.js';
import {
  AuditProbeSchema,
  type ProbeReport,
  ProbeReportSchema,
  type ProbeResultDoc,
  ProbeResultSchema,
} from './probe-report.js';

const failedProbe: ProbeResultDoc = {
  app: 'Dock_Scheduling',
  ok: false,
  outcome: 'failed',
  startedAt: '2026-11-25T12:00:00.000Z',
  loginUrl: 'https://acme-demo.my.salesforce.com',
  steps: [
    {
      name: 'token',
      kind: 'token',
      ok: false,
      durationMs: 12,
      detail: 'the token endpoint refused the request (HTTP 400)',
      request: 'POST /services/oauth2/token',
      error: { kind: 'oauth', status: 400, code: 'invalid_grant', message: 'inactive user' },
    },
  ],
  failure: {
    step: 'token',
    error: { kind: 'oauth', status: 400, code: 'invalid_grant', message: 'inactive user' },
  },
  diagnosis: {
    entry: 'token-inactive-user',
    error: 'invalid_grant: inactive user',
    known: 'Salesforce answers invalid_grant inactive user for inactive users.',
    confidence: 'UNCONFIRMED',
    causes: [
      {
        id: 'run-as-user-inactive',
        title: 'The run-as user is deactivated',
        fix: 'Reactivate the user.',
        rules: ['RG-0003'],
        confidence: 'UNCONFIRMED',
        confidenceNote: 'OBS for other grants',
        verdict: 'found',
        evidence: 'dock.integration@acme-logistics.example is inactive',
        source: 'audit',
      },
    ],
    supported: true,
    rules: ['RG-0003'],
    message: 'invalid_grant: inactive user. Likely: the run-as user is deactivated.',
  },
  notes: [],
};

describe('probe report schema', () => {
  it('has the same shape as the probe library result, both ways', () => {
    expectTypeOf<ProbeResult>().toEqualTypeOf<ProbeResultDoc>();
  });

  it('accepts a probe result and orders its keys as the schema does', () => {
    const shuffled = Object.fromEntries(Object.entries(failedProbe).reverse());
    const parsed = ProbeResultSchema.parse(shuffled);
    expect(Object.keys(parsed)).toEqual([
      'app',
      'ok',
      'outcome',
      'startedAt',
      'loginUrl',
      'steps',
      'failure',
      'diagnosis',
      'notes',
    ]);
  });

  it('rejects unknown keys (a token field would not slip through) and wrong values', () => {
    expect(ProbeResultSchema.safeParse({ ...failedProbe, accessToken: 'x' }).success).toBe(false);
    expect(ProbeResultSchema.safeParse({ ...failedProbe, outcome: 'maybe' }).success).toBe(false);
    const step = { ...failedProbe.steps[0], durationMs: -1 };
    expect(ProbeResultSchema.safeParse({ ...failedProbe, steps: [step] }).success).toBe(false);
  });

  it('wraps the result in a versioned report', () => {
    const report: ProbeReport = {
      schemaVersion: 1,
      tool: { name: 'runas-guard', version: '0.1.0' },
      generatedAt: '2026-11-25T12:00:01.000Z',
      facts: { source: 'none', failingRules: [] },
      probe: failedProbe,
    };
    expect(ProbeReportSchema.parse(report)).toEqual(report);
    expect(ProbeReportSchema.safeParse({ ...report, schemaVersion: 2 }).success).toBe(false);
  });

  it('lets an audit report carry probes and confirmations, or not probed apps with a reason', () => {
    expect(
      AuditProbeSchema.safeParse({ app: 'X', outcome: 'not-probed', reason: 'no secret' }).success,
    ).toBe(true);
    expect(AuditProbeSchema.safeParse({ app: 'X', outcome: 'skipped' }).success).toBe(false);
    const probes = AuditReportSchema.shape.probes;
    expect(
      probes.safeParse([{ app: 'Dock_Scheduling', outcome: 'failed', result: failedProbe }])
        .success,
    ).toBe(true);
  });
});
