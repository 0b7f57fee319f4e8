import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../test/helpers/snapshot-builder.js';
import { baseManifest } from './testing/snapshot-builder.js';
import type { AuditReport, Finding } from '../model/finding.js';
import { evaluate } from './engine.js';
import type { EvaluateOptions } from './engine.js';
import { assembleReport, exitCodeOf, isIncomplete, summarize } from './outcome.js';
import { RULES } from './rules/index.js';

const GENERATED = '2026-11-25T12:00:03.000Z';

function reportOf(s = snapshot().build(), options: EvaluateOptions = {}): AuditReport {
  return assembleReport(s, evaluate(s, RULES, options), GENERATED);
}

describe('assembleReport', () => {
  it('fills the report schema from a live snapshot', () => {
    const s = snapshot().build();
    const report = reportOf(s, { manifest: baseManifest() });
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'runas-guard', version: '0.0.0-test' },
      org: { id: BASE.orgId, instanceUrl: BASE.instanceUrl, isSandbox: false },
      project: null,
      collectedAt: BASE.collectedAt,
      generatedAt: GENERATED,
      warnings: [],
      collection: { mode: 'live', apiRequests: s.apiRequests, failedRequests: [] },
    });
    expect(Object.keys(report.org ?? {})).toEqual(['id', 'instanceUrl', 'isSandbox']);
    expect(report.integrations.map((i) => i.app)).toEqual([BASE.eca, BASE.connectedApp]);
    // Every rule examines both integrations, and the base with its manifest passes all of them
    // but RG-0026, which skips both: a live snapshot holds no project files.
    expect(report.summary).toEqual({
      pass: RULES.length * 2 - 2,
      fail: 0,
      error: 0,
      'not-evaluated': 0,
      waived: 0,
      skip: 2,
    });
  });

  it('uses the project and no org in project mode, and the caller’s tool version', () => {
    const s = snapshot().inProjectMode({ name: 'acme-int', path: '/work/acme-int' }).build();
    const report = assembleReport(s, evaluate(s, RULES), GENERATED, {
      name: 'runas-guard',
      version: '9.9.9',
    });
    expect(report.org).toBeNull();
    expect(report.project).toEqual({ name: 'acme-int', path: '/work/acme-int' });
    expect(report.tool.version).toBe('9.9.9');
    expect(report.summary).toEqual(summarize(report.findings));
    expect(report.summary['not-evaluated']).toBeGreaterThan(0);
  });

  it('lists the failed requests of the ledger', () => {
    const s = snapshot()
      .failFacet('userLogin', {
        request: 'rest.query.UserLogin',
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'insufficient access rights',
        permission: 'Manage Users',
      })
      .build();
    expect(reportOf(s).collection.failedRequests).toEqual([
      {
        request: 'rest.query.UserLogin',
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'insufficient access rights',
        permission: 'Manage Users',
      },
    ]);
  });

  it('lists a request that failed several facets once', () => {
    const failure = {
      request: 'rest.query.User',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    };
    const s = snapshot()
      .failFacet('users', failure)
      .failFacet('userLogin', failure)
      .failFacet('loginHistory', failure)
      .build();
    expect(reportOf(s).collection.failedRequests).toEqual([failure]);
  });
});

describe('summarize', () => {
  it('counts every status, zero included', () => {
    const f = (status: Finding['status']) => ({ status }) as Finding;
    expect(summarize([f('fail'), f('fail'), f('waived'), f('skip')])).toEqual({
      pass: 0,
      fail: 2,
      error: 0,
      'not-evaluated': 0,
      waived: 1,
      skip: 1,
    });
  });
});

describe('exitCodeOf', () => {
  it('is 0 when everything passes', () => {
    expect(exitCodeOf({ report: reportOf(), failOn: 'high', allowIncomplete: false })).toBe(0);
  });

  it('is 1 for a failure at or above the threshold only', () => {
    // RG-0008 (medium): a Standard User can log into the UI; RG-0006 low: a human licence.
    const report = reportOf(snapshot().withProfile(BASE.ecaUser, 'Standard User').build());
    const failing = report.findings
      .filter((f) => f.status === 'fail')
      .map((f) => [f.ruleId, f.severity]);
    expect(failing).toEqual([
      ['RG-0009', 'high'],
      ['RG-0008', 'medium'],
      ['RG-0006', 'low'],
    ]);
    expect(exitCodeOf({ report: report, failOn: 'critical', allowIncomplete: false })).toBe(0);
    expect(exitCodeOf({ report: report, failOn: 'high', allowIncomplete: false })).toBe(1);
    expect(exitCodeOf({ report: report, failOn: 'low', allowIncomplete: false })).toBe(1);
  });

  it('ignores waived failures', () => {
    const report = reportOf(snapshot().withUser(BASE.ecaUser, { isActive: false }).build());
    expect(exitCodeOf({ report: report, failOn: 'high', allowIncomplete: false })).toBe(1);
    const waived: AuditReport = {
      ...report,
      findings: report.findings.map((f) =>
        f.status === 'fail'
          ? {
              ...f,
              status: 'waived',
              waivedStatus: 'fail',
              waiver: { reason: 'r', expires: '2027-01-31' },
            }
          : f,
      ),
    };
    expect(exitCodeOf({ report: waived, failOn: 'high', allowIncomplete: false })).toBe(0);
  });

  it('is 3 when a request failed, unless incomplete results are allowed', () => {
    const report = reportOf(
      snapshot()
        .failFacet('userLogin', { request: 'rest.query.UserLogin', permission: 'Manage Users' })
        .withUser(BASE.ecaUser, { isActive: false })
        .build(),
    );
    expect(isIncomplete(report)).toBe(true);
    expect(exitCodeOf({ report: report, failOn: 'high', allowIncomplete: false })).toBe(3);
    expect(exitCodeOf({ report: report, failOn: 'high', allowIncomplete: true })).toBe(1);
  });

  it('is 3 for an error finding (data that could not be interpreted)', () => {
    const report = reportOf(
      snapshot().withUser(BASE.ecaUser, { profileName: 'Ghost', profileFullName: 'Ghost' }).build(),
    );
    expect(
      report.findings.some((f) => f.status === 'error' && f.messageId === 'accessUnresolved'),
    ).toBe(true);
    expect(exitCodeOf({ report: report, failOn: 'critical', allowIncomplete: false })).toBe(3);
    expect(exitCodeOf({ report: report, failOn: 'critical', allowIncomplete: true })).toBe(0);
  });

  it('is not 3 for what the mode cannot see', () => {
    const report = reportOf(snapshot().inProjectMode().build());
    expect(report.findings.some((f) => f.status === 'not-evaluated')).toBe(true);
    expect(report.findings.every((f) => f.messageId !== 'requestFailed')).toBe(true);
    expect(isIncomplete(report)).toBe(false);
    expect(exitCodeOf({ report: report, failOn: 'high', allowIncomplete: false })).toBe(0);
  });
});

describe('exitCodeOf with probes (audit --probe, probe)', () => {
  const failed = { outcome: 'failed' };
  const unreachable = { outcome: 'unreachable' };
  const passed = { outcome: 'passed' };
  const notProbed = { outcome: 'not-probed' };
  const clean = reportOf();

  it('a failed probe is a finding: at least 1', () => {
    expect(exitCodeOf({ report: clean, probes: [passed, failed] })).toBe(1);
    expect(exitCodeOf({ report: clean, probes: [passed, notProbed] })).toBe(0);
    expect(exitCodeOf({ probes: [failed] })).toBe(1);
    expect(exitCodeOf({ probes: [passed] })).toBe(0);
  });

  it('an unreachable org is 3 unless incomplete runs are allowed; an incomplete audit stays 3', () => {
    expect(exitCodeOf({ report: clean, probes: [unreachable] })).toBe(3);
    expect(exitCodeOf({ probes: [unreachable] })).toBe(3);
    expect(exitCodeOf({ report: clean, probes: [unreachable], allowIncomplete: true })).toBe(0);
    expect(
      exitCodeOf({ report: clean, probes: [unreachable, failed], allowIncomplete: true }),
    ).toBe(1);
    const incomplete = reportOf(
      snapshot()
        .failFacet('userLogin', { request: 'rest.query.UserLogin', permission: 'Manage Users' })
        .build(),
    );
    expect(exitCodeOf({ report: incomplete, probes: [failed] })).toBe(3);
  });
});
