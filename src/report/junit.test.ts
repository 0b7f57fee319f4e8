import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { type AuditReport, countByStatus, type Finding } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { renderJunit } from './junit.js';

interface Testcase {
  '@_name': string;
  '@_classname': string;
  failure?: { '#text': string; '@_message': string; '@_type': string };
  error?: { '#text': string; '@_message': string };
  skipped?: { '@_message': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: Testcase[];
}
interface Doc {
  testsuites: Omit<Suite, 'testcase' | '@_name'> & { '@_name': string; testsuite: Suite[] };
}

/** Parsed back as a CI server would: attributes kept, entities decoded, lists always arrays. */
function parse(xml: string): Doc {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only validator installed
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    alwaysCreateTextNode: true,
    processEntities: true,
    // Numeric character references (&#10;) are decoded only with htmlEntities.
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Doc;
}

function withFindings(report: AuditReport, findings: Finding[]): AuditReport {
  return { ...report, findings, summary: countByStatus(findings) };
}

describe('renderJunit', () => {
  const report = sampleReport();
  const doc = parse(renderJunit(report));
  const suites = doc.testsuites.testsuite;
  const cases = suites.flatMap((s) => s.testcase);
  const caseOf = (ruleId: string, app: string) =>
    suites.find((s) => s['@_name'] === app)?.testcase.find((t) => t['@_name'].startsWith(ruleId));

  it('has one suite per integration, then apps only findings name, in report order', () => {
    expect(suites.map((s) => s['@_name'])).toEqual([
      'Ledger_Export',
      'Supplier_Catalog',
      'Payroll_Sync',
    ]);
  });

  it('has one test case per rule x resource: every finding, passes included', () => {
    expect(cases).toHaveLength(report.findings.length);
    expect(caseOf('RG-0005', 'Ledger_Export')?.['@_name']).toBe(
      'RG-0005 run-as-user-password-locked: User ledger.integration@northwindtraders.com',
    );
    expect(caseOf('RG-0005', 'Ledger_Export')?.['@_classname']).toBe('runas-guard.Ledger_Export');
  });

  it('turns a failure into <failure> with the message, severity, fix and fingerprint', () => {
    const failure = caseOf('RG-0009', 'Supplier_Catalog')?.failure;
    const finding = report.findings.find((f) => f.ruleId === 'RG-0009');
    expect(failure?.['@_message']).toBe(finding?.message);
    expect(failure?.['@_type']).toBe('critical');
    expect(failure?.['#text']).toContain(`fix: ${finding?.remediation ?? '?'}`);
    expect(failure?.['#text']).toContain(`fingerprint: ${finding?.fingerprint ?? '?'}`);
    expect(failure?.['#text']).toContain(
      'via: PermissionSet Supplier_Catalog_API in group Supplier_Catalog_Access',
    );
    const pass = caseOf('RG-0003', 'Ledger_Export');
    expect(pass?.failure ?? pass?.error ?? pass?.skipped).toBeUndefined();
  });

  it('skips not-evaluated with the reason and waived with the waiver', () => {
    expect(caseOf('RG-0021', 'Ledger_Export')?.skipped?.['@_message']).toBe(
      'not evaluated: request rest.query.LoginHistory failed (INSUFFICIENT_ACCESS); the auditing user needs Manage Users',
    );
    expect(caseOf('RG-0023', 'Supplier_Catalog')?.skipped?.['@_message']).toBe(
      'waived until 2027-03-31 (would be fail): Portal vendor needs RefreshToken until SEC-88',
    );
  });

  it('reports an error as <error>, never as a pass or a skip', () => {
    const [first, ...rest] = report.findings;
    if (first === undefined) throw new Error('sample has findings');
    const errored: Finding = {
      ...first,
      status: 'error',
      evidence: { request: 'rest.query.User', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    };
    const out = parse(renderJunit(withFindings(report, [errored, ...rest])));
    const testcase = out.testsuites.testsuite[0]?.testcase[0];
    expect(testcase?.error?.['@_message']).toBe(
      'request rest.query.User failed (REQUEST_LIMIT_EXCEEDED)',
    );
    expect(out.testsuites['@_errors']).toBe('1');
  });

  it('counts tests, failures, errors and skips per suite and in total', () => {
    expect(doc.testsuites['@_tests']).toBe(String(report.findings.length));
    expect(doc.testsuites['@_failures']).toBe(String(report.summary.fail));
    expect(doc.testsuites['@_errors']).toBe(String(report.summary.error));
    expect(doc.testsuites['@_skipped']).toBe(
      String(report.summary['not-evaluated'] + report.summary.skip + report.summary.waived),
    );
    const ledger = suites[0];
    expect([ledger?.['@_tests'], ledger?.['@_failures'], ledger?.['@_skipped']]).toEqual([
      '4',
      '1',
      '2',
    ]);
  });
});

describe('renderJunit on hostile strings', () => {
  it('escapes markup and replaces what XML 1.0 cannot carry, so the document parses', () => {
    const hostile = `<x a="1">&amp; ]]> '"\u0000\u0007\u001b[2J\ufffe\ud800 \t\n\r`;
    const report = sampleReport();
    const findings = report.findings.map((f) => ({
      ...f,
      app: `App${hostile}`,
      message: `Message ${hostile}`,
      remediation: `Fix ${hostile}`,
      resource: { ...f.resource, name: `Name ${hostile}` },
    }));
    const xml = renderJunit(
      withFindings({ ...report, integrations: [], org: null, project: null }, findings),
    );
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe]/);
    expect(xml).not.toContain(']]>');
    const doc = parse(xml);
    const suite = doc.testsuites.testsuite[0];
    // What the org wrote comes back, except the characters XML cannot hold.
    expect(suite?.['@_name']).toBe(`App<x a="1">&amp; ]]> '"???[2J?? \t\n\r`);
    const failure = suite?.testcase.find((t) => t.failure !== undefined)?.failure;
    expect(failure?.['@_message']).toBe(`Message <x a="1">&amp; ]]> '"???[2J?? \t\n\r`);
    expect(failure?.['#text']).toContain('Fix <x a="1">&amp; ]]>');
  });
});
