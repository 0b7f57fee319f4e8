// `--format junit`: JUnit XML for CI test views (GitLab, Jenkins, Azure DevOps), a pure function of
// the report (docs/formats.md). One test suite per integration, one test case per rule x resource
// (each finding): fail is a failure, error an error, not-evaluated and skip are skipped with the
// reason, a waived finding is skipped with its waiver. Strings from the org are escaped, and
// characters XML 1.0 cannot carry are replaced, so the document always parses.

import { listingText } from './listing.js';
import type { AuditReport, Finding, IntegrationSummary, Status } from '../model/finding.js';
import { reasonOf } from './ci.js';

interface Suite {
  name: string;
  integration: IntegrationSummary | undefined;
  findings: Finding[];
}

type Outcome = 'failure' | 'error' | 'skipped' | 'passed';

export function renderJunit(report: AuditReport): string {
  const suites = suitesOf(report);
  const all = suites.flatMap((s) => s.findings);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: `${report.tool.name} audit`, ...counts(all), timestamp: report.generatedAt })}>`,
  ];
  for (const suite of suites) {
    lines.push(
      `  <testsuite${attributes({ name: suite.name, ...counts(suite.findings), timestamp: report.generatedAt })}>`,
    );
    const properties = propertiesOf(report, suite);
    if (properties.length > 0) {
      lines.push('    <properties>');
      for (const [name, value] of properties)
        lines.push(`      <property${attributes({ name, value })}/>`);
      lines.push('    </properties>');
    }
    for (const finding of suite.findings) lines.push(...testcase(report, suite, finding));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** One suite per audited app in the report's order, then apps only findings name. */
function suitesOf(report: AuditReport): Suite[] {
  const byApp = new Map<string, Finding[]>();
  for (const finding of report.findings)
    byApp.set(finding.app, [...(byApp.get(finding.app) ?? []), finding]);
  const suites: Suite[] = report.integrations.map((integration) => ({
    name: integration.app,
    integration,
    findings: byApp.get(integration.app) ?? [],
  }));
  const audited = new Set(report.integrations.map((i) => i.app));
  for (const [app, findings] of byApp)
    if (!audited.has(app)) suites.push({ name: app, integration: undefined, findings });
  return suites;
}

function outcomeOf(status: Status): Outcome {
  switch (status) {
    case 'fail':
      return 'failure';
    case 'error':
      return 'error';
    case 'pass':
      return 'passed';
    default:
      return 'skipped';
  }
}

function counts(findings: readonly Finding[]): Record<string, string> {
  const n = (outcome: Outcome) =>
    String(findings.filter((f) => outcomeOf(f.status) === outcome).length);
  return {
    tests: String(findings.length),
    failures: n('failure'),
    errors: n('error'),
    skipped: n('skipped'),
  };
}

function propertiesOf(report: AuditReport, suite: Suite): [string, string][] {
  const properties: [string, string][] = [];
  if (report.org !== null) properties.push(['org', report.org.id]);
  if (report.project !== null) properties.push(['project', report.project.name]);
  properties.push(['mode', report.collection.mode]);
  const integration = suite.integration;
  if (integration !== undefined) {
    properties.push(['appType', integration.appType]);
    properties.push(['runAsUsername', integration.runAsUsername ?? '(not set)']);
  }
  return properties;
}

function testcase(report: AuditReport, suite: Suite, finding: Finding): string[] {
  const { resource } = finding;
  const name = `${finding.ruleId} ${finding.slug}: ${resource.type} ${resource.name}`;
  const open = `    <testcase${attributes({ name, classname: `${report.tool.name}.${suite.name}` })}`;
  const details = detailsOf(finding);
  switch (outcomeOf(finding.status)) {
    case 'passed':
      return [`${open}/>`];
    case 'failure':
      return [
        `${open}>`,
        `      <failure${attributes({ message: finding.message, type: finding.severity })}>${text(details)}</failure>`,
        '    </testcase>',
      ];
    case 'error':
      return [
        `${open}>`,
        `      <error${attributes({ message: reasonOf(report, finding), type: 'error' })}>${text(details)}</error>`,
        '    </testcase>',
      ];
    case 'skipped':
      return [
        `${open}>`,
        `      <skipped${attributes({ message: skipReason(report, finding) })}/>`,
        '    </testcase>',
      ];
  }
}

function skipReason(report: AuditReport, finding: Finding): string {
  if (finding.status === 'waived') {
    const waiver = finding.waiver;
    const would = `would be ${finding.waivedStatus ?? 'unknown'}`;
    return waiver === undefined
      ? `waived (${would})`
      : `waived until ${waiver.expires} (${would}): ${waiver.reason}`;
  }
  if (finding.status === 'not-evaluated') return `not evaluated: ${reasonOf(report, finding)}`;
  return finding.message;
}

function detailsOf(finding: Finding): string {
  const { resource } = finding;
  const id = resource.id === undefined ? '' : ` (${resource.id})`;
  const lines = [
    finding.message,
    `severity: ${finding.severity}`,
    `resource: ${resource.type} ${resource.name}${id}`,
  ];
  const via = finding.evidence?.via ?? [];
  if (via.length > 0) {
    const paths = via.map(
      (v) => `${v.type} ${v.name}${v.group === undefined ? '' : ` in group ${v.group}`}`,
    );
    lines.push(`via: ${paths.join('; ')}`);
  }
  const listing = finding.evidence?.listing;
  if (listing?.truncated === true) lines.push(`evidence: ${listingText(listing)}`);
  const probe = finding.evidence?.confirmedByProbe;
  if (probe !== undefined)
    lines.push(`confirmed by the probe: ${probe.step} failed: ${probe.error}`);
  if (finding.remediation !== '') lines.push(`fix: ${finding.remediation}`);
  lines.push(`fingerprint: ${finding.fingerprint}`);
  return lines.join('\n');
}

/**
 * Characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF;
 * unpaired surrogates) and C1 controls become `?`: org data must not make the document unreadable.
 */
function xmlSafe(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '?',
  );
}

function text(value: string): string {
  return xmlSafe(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function attribute(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${attribute(value)}"`)
    .join('');
}
