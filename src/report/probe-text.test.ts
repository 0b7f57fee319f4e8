import { describe, expect, it } from 'vitest';

import type { AuditProbe, ProbeReport, ProbeResultDoc } from '../model/probe-report.js';
import { renderAuditProbesText, renderProbeText } from './probe-text.js';

type Cause = NonNullable<ProbeResultDoc['diagnosis']>['causes'][number];

const passed: ProbeResultDoc = {
  app: 'Fleet_Telematics',
  ok: true,
  outcome: 'passed',
  startedAt: '2026-11-25T12:00:00.000Z',
  loginUrl: 'https://acme-demo.my.salesforce.com',
  instanceUrl: 'https://acme-demo.my.salesforce.com',
  orgId: '00D5e00000AcmLGEAZ',
  runAsUser: { id: '0055e00000AcmU3AAJ', username: 'telematics.integration@acme.example' },
  scopes: ['api'],
  steps: [
    { name: 'token', kind: 'token', ok: true, durationMs: 31, detail: 'token issued' },
    { name: 'identity', kind: 'identity', ok: true, durationMs: 7, detail: 'run-as user known' },
    {
      name: 'soql 1',
      kind: 'soql',
      target: 'SELECT Id FROM Shipment__c LIMIT 1',
      ok: true,
      durationMs: 4,
      detail: 'SELECT Id FROM Shipment__c LIMIT 1 returned 0 row(s)',
      request: 'GET /services/data/v62.0/query',
    },
  ],
  notes: [],
};

const inactive: Cause = {
  id: 'run-as-user-inactive',
  title: 'The run-as user is deactivated',
  fix: 'Reactivate the user (Setup > Users > Edit > Active).',
  rules: ['RG-0003', 'RG-0030'],
  confidence: 'UNCONFIRMED',
  confidenceNote: 'OBS for other grants',
  verdict: 'found',
  evidence: 'dock.integration@acme.example was deactivated on 2026-11-20',
  source: 'audit',
};
const frozen: Cause = {
  id: 'run-as-user-frozen',
  title: 'The run-as user is frozen',
  fix: 'Unfreeze the user.',
  rules: ['RG-0004'],
  confidence: 'UNCONFIRMED',
  verdict: 'ruled-out',
  evidence: 'dock.integration@acme.example is not frozen',
  source: 'audit',
};
const locked: Cause = {
  id: 'run-as-user-locked',
  title: 'The run-as user is locked out',
  fix: 'Unlock the user.',
  rules: ['RG-0005'],
  confidence: 'UNCONFIRMED',
  verdict: 'unknown',
};

const tokenError = {
  kind: 'oauth',
  status: 400,
  code: 'invalid_grant',
  message: 'inactive user',
} as const;

function failed(causes: Cause[], supported: boolean): ProbeResultDoc {
  return {
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
        error: tokenError,
      },
    ],
    failure: { step: 'token', error: tokenError },
    diagnosis: {
      entry: 'token-inactive-user',
      error: 'invalid_grant: inactive user',
      known: 'Salesforce answers this for inactive users in other flows.',
      confidence: 'UNCONFIRMED',
      causes,
      supported,
      rules: [...new Set(causes.flatMap((c) => c.rules))].sort(),
      message: 'The whole diagnosis in sentences.',
    },
    notes: [],
  };
}

function reportOf(probe: ProbeResultDoc, source: 'live' | 'none' = 'live'): ProbeReport {
  return {
    schemaVersion: 1,
    tool: { name: 'runas-guard', version: '0.1.0' },
    generatedAt: '2026-11-25T12:00:01.000Z',
    facts:
      source === 'live'
        ? { source, collectedAt: '2026-11-25T12:00:00.000Z', failingRules: ['RG-0003'] }
        : { source, failingRules: [] },
    probe,
  };
}

/** The line that starts with `label` (after the indent), and the lines after it. */
function from(text: string, label: string): string {
  const at = text.indexOf(`\n  ${label}`);
  return at < 0 ? '' : text.slice(at + 1);
}

describe('renderProbeText', () => {
  it('passed: every step with its duration, then the run-as user and what succeeded', () => {
    const text = renderProbeText(reportOf(passed));
    expect(text).toMatch(/^Probe of Fleet_Telematics\n/);
    expect(text).toMatch(/ {2}OK {4}token\s+31 ms {2}token issued\n/);
    expect(text).toMatch(/ {2}OK {4}soql 1\s+4 ms {2}SELECT Id FROM Shipment__c/);
    expect(text).toContain(
      'Run-as user    telematics.integration@acme.example (0055e00000AcmU3AAJ) in org 00D5e00000AcmLGEAZ',
    );
    expect(text).toContain('Succeeded      token, identity, soql 1');
    expect(text).not.toContain('Diagnosis');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Result: PASSED');
    // Requests only on failure or with verbose.
    expect(text).not.toContain('request: GET');
    expect(renderProbeText(reportOf(passed), { verbose: true })).toContain(
      'request: GET /services/data/v62.0/query',
    );
  });

  it('failed: the first cause with its evidence, fix and rules, then the other candidates', () => {
    const text = renderProbeText(reportOf(failed([inactive, frozen, locked], true)));
    expect(text).toMatch(/ {2}FAIL {2}token\s+12 ms {2}invalid_grant: inactive user\n/);
    expect(text).toContain('request: POST /services/oauth2/token');
    const diagnosis = from(text, 'Known');
    const order = [
      'Known',
      'Likely cause   The run-as user is deactivated (RG-0003, RG-0030)',
      'Evidence       the audit found dock.integration@acme.example was deactivated on 2026-11-20',
      'Confidence     UNCONFIRMED: OBS for other grants',
      'Fix            Reactivate the user (Setup > Users > Edit > Active).',
      'Rules          RG-0003, RG-0004, RG-0005, RG-0030',
      'Other candidates',
      '- The run-as user is frozen (RG-0004) (ruled out: dock.integration@acme.example is not frozen)',
      '- The run-as user is locked out (RG-0005) (not known)',
    ];
    let last = -1;
    for (const line of order) {
      const at = diagnosis.indexOf(line);
      expect(at, line).toBeGreaterThan(last);
      last = at;
    }
    expect(text).not.toContain('could not confirm');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Result: FAILED at token (a finding: exit 1)');
    expect(text).not.toContain('The whole diagnosis in sentences.');
    expect(renderProbeText(reportOf(failed([inactive], true)), { verbose: true })).toContain(
      'The whole diagnosis in sentences.',
    );
  });

  it('says when the audit confirmed no cause, and names a DOC cause as the cause', () => {
    const unknown = renderProbeText(
      reportOf(failed([{ ...locked }, { ...inactive, verdict: 'unknown' }], false), 'none'),
    );
    expect(unknown).toContain('none (no source given)');
    expect(unknown).toContain('The audit could not confirm any cause');
    expect(unknown).toContain('Possible cause The run-as user is locked out (RG-0005)');
    expect(unknown).toContain('Evidence       none: the audit has no fact about this cause');
    const documented = renderProbeText(
      reportOf(failed([{ ...inactive, confidence: 'DOC', source: 'probe' }], true)),
    );
    expect(documented).toContain('Cause          The run-as user is deactivated');
    expect(documented).toContain('Evidence       the probe saw dock.integration');
    expect(documented).not.toContain('Confidence');
  });

  it('unreachable: says the org did not answer (exit 3)', () => {
    const down: ProbeResultDoc = {
      ...failed([], false),
      outcome: 'unreachable',
      failure: {
        step: 'token',
        error: { kind: 'network', status: 0, code: 'ECONNREFUSED', message: 'refused' },
      },
    };
    expect(renderProbeText(reportOf(down))).toContain(
      'Result: UNREACHABLE: the org did not answer at token (exit 3)',
    );
  });

  it('neutralises control characters from the org and caps huge fields', () => {
    const hostile = failed(
      [{ ...inactive, evidence: `x\u001b[2J\u202eevil\r\n${'y'.repeat(5000)}` }],
      true,
    );
    const text = renderProbeText(reportOf(hostile));
    for (const c of ['\u001b', '\u202e', '\r']) expect(text).not.toContain(c);
    expect(text).toContain('x?[2J?evil');
    expect(text.length).toBeLessThan(4000);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('prints the notes of UNCONFIRMED observations', () => {
    const noted = { ...passed, notes: ['Salesforce issued a token although the user is frozen.'] };
    expect(renderProbeText(reportOf(noted))).toContain(
      'Note           Salesforce issued a token although the user is frozen.',
    );
  });
});

describe('renderAuditProbesText', () => {
  it('one line per app: outcome, run-as user or first cause, or why it was not probed', () => {
    const probes: AuditProbe[] = [
      { app: 'Dock_Scheduling', outcome: 'failed', result: failed([inactive, frozen], true) },
      { app: 'Fleet_Telematics', outcome: 'passed', result: passed },
      {
        app: 'Route_Optimizer',
        outcome: 'not-probed',
        reason: 'no secret: set RUNAS_GUARD_SECRET_ROUTE_OPTIMIZER',
      },
    ];
    const text = renderAuditProbesText(probes);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Probes/);
    expect(lines[1]).toMatch(
      /^ {2}FAILED {6}Dock_Scheduling {3}token: invalid_grant: inactive user; likely/,
    );
    expect(text.replace(/\s+/g, ' ')).toContain(
      'likely cause: the run-as user is deactivated (RG-0003, RG-0030)',
    );
    expect(text).toMatch(
      /\n {2}PASSED {6}Fleet_Telematics {2}run as telematics\.integration@acme\.example \(0055e00000AcmU3AAJ\); 3/,
    );
    expect(lines.at(-1)).toBe(
      '  NOT PROBED  Route_Optimizer   no secret: set RUNAS_GUARD_SECRET_ROUTE_OPTIMIZER',
    );
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(renderAuditProbesText([])).toBe('');
  });
});
