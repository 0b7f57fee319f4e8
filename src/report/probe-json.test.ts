import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ProbeReport } from '../model/probe-report.js';
import { validateJsonSchema, type JsonSchema } from '../../test/helpers/validate-report.js';
import { renderProbeJson } from './probe-json.js';

const SCHEMA = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/schemas/probe.schema.json'), 'utf8'),
) as JsonSchema;

const report: ProbeReport = {
  schemaVersion: 1,
  tool: { name: 'runas-guard', version: '0.1.0' },
  generatedAt: '2026-11-25T12:00:01.000Z',
  facts: { source: 'live', collectedAt: '2026-11-25T12:00:00.000Z', failingRules: [] },
  probe: {
    app: 'Fleet_Telematics',
    ok: true,
    outcome: 'passed',
    startedAt: '2026-11-25T12:00:00.000Z',
    loginUrl: 'http://127.0.0.1:4000',
    instanceUrl: 'http://127.0.0.1:4000',
    orgId: '00D5e00000AcmLGEAZ',
    runAsUser: { id: '0055e00000AcmU3AAJ', username: 'telematics.integration@acme.example' },
    scopes: ['api'],
    steps: [
      // Keys in another order than the schema's, as the probe fills them.
      {
        name: 'token',
        kind: 'token',
        durationMs: 3,
        ok: true,
        request: 'POST /services/oauth2/token',
        detail: "token issued with scopes 'api'",
      },
    ],
    notes: [],
  },
};

describe('renderProbeJson', () => {
  it('writes the report in schema key order, one trailing newline', () => {
    const text = renderProbeJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as ProbeReport;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'generatedAt', 'facts', 'probe']);
    expect(Object.keys(parsed.probe.steps[0] ?? {})).toEqual([
      'name',
      'kind',
      'ok',
      'durationMs',
      'detail',
      'request',
    ]);
    expect(parsed).toEqual(report);
  });

  it('is byte-stable whatever order the input keys come in', () => {
    const reversed = Object.fromEntries(Object.entries(report).reverse()) as ProbeReport;
    expect(renderProbeJson(reversed)).toBe(renderProbeJson(report));
  });

  it('validates against the published docs/schemas/probe.schema.json', () => {
    expect(validateJsonSchema(SCHEMA, JSON.parse(renderProbeJson(report)))).toEqual([]);
    const broken = { ...report, probe: { ...report.probe, outcome: 'fine' } };
    expect(validateJsonSchema(SCHEMA, broken)).not.toEqual([]);
  });

  it('refuses a report with a key the schema does not publish', () => {
    const leaky = { ...report, probe: { ...report.probe, accessToken: '00D!x' } } as ProbeReport;
    expect(() => renderProbeJson(leaky)).toThrow();
  });
});
