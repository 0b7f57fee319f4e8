import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runAudit } from '../audit/run-audit.js';
import { ruleCatalog } from '../cli/commands/audit.js';
import { loadManifest } from '../manifest/load.js';
import { type AuditReport, countByStatus, type Finding } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { validateSarif } from '../../test/helpers/validate-sarif.js';
import { ruleDocUrl } from './ci.js';
import { FINGERPRINT_KEY, PROJECTROOT, renderSarif, sarifLog, SRCROOT } from './sarif.js';

const ROOT = join(import.meta.dirname, '../..');
const WITH_SECRET = join(ROOT, 'test/fixtures/projects/with-secret');
const DEMO_ORG = join(ROOT, 'demo/org');
const NOW = '2026-11-25T12:00:00.000Z';

// The parts of the SARIF object model the assertions read.
interface Location {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: { startLine: number };
  };
  logicalLocations?: { index: number; fullyQualifiedName: string }[];
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: Location[];
  relatedLocations?: Location[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  properties: { app: string; status: string };
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity'?: string };
}
interface Notification {
  level: string;
  message: { text: string };
  associatedRule?: { id: string; index: number };
  locations?: Location[];
}
interface Run {
  tool: { driver: { name: string; version: string; rules: Rule[] } };
  originalUriBaseIds?: Record<string, { uri: string }>;
  invocations: {
    executionSuccessful: boolean;
    toolExecutionNotifications: Notification[];
    toolConfigurationNotifications: Notification[];
  }[];
  logicalLocations: {
    name: string;
    fullyQualifiedName: string;
    kind: string;
    parentIndex?: number;
  }[];
  results: Result[];
}

function runOf(report: AuditReport, withCatalog = false): Run {
  const log = JSON.parse(
    renderSarif(report, withCatalog ? { rules: ruleCatalog() } : {}),
  ) as unknown as { runs: Run[] };
  expect(validateSarif(log)).toEqual([]);
  const [run] = log.runs;
  if (run === undefined) throw new Error('no run');
  return run;
}

function withFindings(report: AuditReport, findings: Finding[]): AuditReport {
  return { ...report, findings, summary: countByStatus(findings) };
}

async function projectReport(dir: string, manifest?: string): Promise<AuditReport> {
  const loaded = manifest === undefined ? undefined : await loadManifest(manifest);
  const { report } = await runAudit({
    source: { kind: 'project', dir },
    manifest: loaded,
    now: NOW,
  });
  return report;
}

describe('renderSarif on a live report', () => {
  const report = sampleReport();
  const run = runOf(report);

  it('validates against the OASIS SARIF 2.1.0 schema, and the validator can fail', () => {
    const broken = sarifLog(report) as { runs: { results: { level: string }[] }[] };
    const result = broken.runs[0]?.results[0];
    if (result !== undefined) result.level = 'fatal';
    expect(validateSarif(broken).join('\n')).toMatch(/level/);
  });

  it('has one rule per rule the report names, by id, each result pointing at its rule', () => {
    const ids = [...new Set(report.findings.map((f) => f.ruleId))].sort();
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(ids);
    for (const result of run.results)
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('reports failures and waived failures only, with the level of their severity', () => {
    const expected = report.findings
      .filter((f) => f.status === 'fail' || f.waivedStatus === 'fail')
      .map((f) => f.fingerprint);
    expect(run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(expected);
    const level = (ruleId: string) => run.results.find((r) => r.ruleId === ruleId)?.level;
    expect(level('RG-0009')).toBe('error'); // critical
    expect(level('RG-0005')).toBe('error'); // high
    expect(level('RG-0011')).toBe('warning'); // medium
    expect(run.results.every((r) => r.kind === 'fail')).toBe(true);
    // The evidence travels with the result: the containers that grant the access.
    const modifyAll = run.results.find((r) => r.ruleId === 'RG-0009');
    expect(modifyAll?.properties).toMatchObject({
      evidence: { via: [{ type: 'PermissionSet', name: 'Supplier_Catalog_API' }] },
    });
  });

  it('marks a waived failure as an accepted external suppression with the waiver', () => {
    const waived = run.results.find((r) => r.ruleId === 'RG-0023');
    expect(waived?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Portal vendor needs RefreshToken until SEC-88 (waived until 2027-03-31)',
      },
    ]);
    expect(run.results.filter((r) => r.suppressions !== undefined)).toHaveLength(1);
  });

  it('says what could not be evaluated as tool notifications, not as results', () => {
    const [invocation] = run.invocations;
    expect(invocation?.executionSuccessful).toBe(false);
    const notes = invocation?.toolExecutionNotifications ?? [];
    const rg0021 = notes.find((n) => n.associatedRule?.id === 'RG-0021');
    expect(rg0021?.level).toBe('warning');
    expect(rg0021?.message.text).toContain('request rest.query.LoginHistory failed');
    expect(rg0021?.message.text).toContain('Manage Users');
    expect(notes.some((n) => n.message.text.startsWith('Request rest.query.LoginHistory'))).toBe(
      true,
    );
    expect(run.results.some((r) => r.ruleId === 'RG-0021')).toBe(false);
    expect(invocation?.toolConfigurationNotifications.map((n) => n.message.text)).toEqual(
      report.warnings,
    );
  });

  it('locates live findings logically: org / app / resource, no file', () => {
    const locked = run.results.find((r) => r.ruleId === 'RG-0005');
    const [location] = locked?.locations ?? [];
    expect(location?.physicalLocation).toBeUndefined();
    const [logical] = location?.logicalLocations ?? [];
    expect(logical?.fullyQualifiedName).toBe(
      '00D000000000001AAA/Ledger_Export/User/ledger.integration@northwindtraders.com',
    );
    const user = run.logicalLocations[logical?.index ?? -1];
    const app = run.logicalLocations[user?.parentIndex ?? -1];
    const org = run.logicalLocations[app?.parentIndex ?? -1];
    expect([org?.name, app?.name, user?.name]).toEqual([
      '00D000000000001AAA',
      'Ledger_Export',
      'ledger.integration@northwindtraders.com',
    ]);
    expect(org?.parentIndex).toBeUndefined();
    // A finding about the app itself stops at the app.
    const scopes = run.results.find((r) => r.ruleId === 'RG-0023');
    expect(scopes?.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe(
      '00D000000000001AAA/Supplier_Catalog',
    );
  });

  it('is byte-stable for one report', () => {
    expect(renderSarif(report)).toBe(renderSarif(sampleReport()));
  });
});

describe('SARIF rules from the catalog', () => {
  const run = runOf(sampleReport(), true);

  it('carries title, rationale, help and a link to the rule page of this version', () => {
    const rule = run.tool.driver.rules.find((r) => r.id === 'RG-0011');
    const meta = ruleCatalog().find((r) => r.id === 'RG-0011');
    expect(rule?.shortDescription.text).toBe(meta?.title);
    expect(rule?.fullDescription.text).toBe(meta?.rationale);
    expect(rule?.help.text).toContain(meta?.remediation ?? '?');
    expect(rule?.helpUri).toBe(ruleDocUrl('0.1.0', 'RG-0011'));
    expect(rule?.help.markdown).toContain(`(${ruleDocUrl('0.1.0', 'RG-0011')})`);
  });

  it('links every rule to a page the package ships (docs/rules/)', () => {
    for (const rule of run.tool.driver.rules) {
      const path = rule.helpUri.replace(/^https:\/\/unpkg\.com\/runas-guard@0\.1\.0\//, '');
      expect(path, rule.helpUri).toBe(`docs/rules/${rule.id}.md`);
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
  });

  it('tags security, category and framework controls, and rates security-severity', () => {
    const byId = new Map(run.tool.driver.rules.map((r) => [r.id, r]));
    expect(byId.get('RG-0011')?.properties.tags).toEqual(
      expect.arrayContaining(['security', 'privilege', 'owasp-nhi-2025:NHI5']),
    );
    expect(byId.get('RG-0009')?.properties['security-severity']).toBe('9.5');
    expect(byId.get('RG-0009')?.defaultConfiguration.level).toBe('error');
    expect(byId.get('RG-0011')?.properties['security-severity']).toBe('5.5');
  });
});

describe('renderSarif in project mode', () => {
  it('points RG-0026 at the file and line, relative to the working directory', async () => {
    const report = await projectReport(relative(process.cwd(), WITH_SECRET));
    const run = runOf(report, true);
    const secrets = run.results.filter((r) => r.ruleId === 'RG-0026');
    expect(secrets.length).toBe(2);
    const xml = secrets.find((r) =>
      r.locations[0]?.physicalLocation?.artifactLocation.uri.endsWith('.connectedApp-meta.xml'),
    );
    const location = xml?.locations[0]?.physicalLocation;
    const prefix = relative(process.cwd(), WITH_SECRET).split('\\').join('/');
    expect(location).toEqual({
      artifactLocation: {
        uri: `${prefix}/force-app/main/default/connectedApps/Leaky_Callback.connectedApp-meta.xml`,
        uriBaseId: SRCROOT,
      },
      region: { startLine: 8 },
    });
    // The line is the secret's: the file says so, and SARIF never carries the value.
    const lines = readFileSync(join(process.cwd(), location?.artifactLocation.uri ?? ''), 'utf8');
    const line = lines.split('\n')[(location?.region?.startLine ?? 0) - 1] ?? '';
    expect(line).toContain('<consumerSecret>');
    const value = /<consumerSecret>([^<]+)</.exec(line)?.[1] ?? '?';
    expect(JSON.stringify(run)).not.toContain(value);
  });

  it('declares an absolute project path as PROJECTROOT in originalUriBaseIds', async () => {
    const report = await projectReport(WITH_SECRET);
    const run = runOf(report);
    expect(run.originalUriBaseIds?.[PROJECTROOT]?.uri).toBe(
      `file://${WITH_SECRET.split('/').map(encodeURIComponent).join('/')}/`,
    );
    const key = run.results.find((r) =>
      r.locations[0]?.physicalLocation?.artifactLocation.uri.endsWith('.key'),
    );
    expect(key?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: {
        uri: 'force-app/main/default/certs/jwt_signing.key',
        uriBaseId: PROJECTROOT,
      },
      region: { startLine: 2 },
    });
  });

  it('gives every result of the demo project a file (code scanning requires one)', async () => {
    const report = await projectReport('demo/org', join(DEMO_ORG, 'runas-guard.yaml'));
    const run = runOf(report, true);
    expect(run.results.length).toBe(
      report.findings.filter((f) => f.status === 'fail' || f.waivedStatus === 'fail').length,
    );
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      const uri = result.locations[0]?.physicalLocation?.artifactLocation.uri ?? '';
      expect(uri.startsWith('demo/org/'), uri).toBe(true);
      expect(existsSync(join(ROOT, decodeURIComponent(uri))), uri).toBe(true);
    }
    // Rules the mode cannot evaluate are notes: expected, not a failure of the audit.
    const notes = run.invocations[0]?.toolExecutionNotifications ?? [];
    const byMode = report.findings.filter(
      (f) => f.status === 'not-evaluated' && f.messageId === 'notInMode',
    );
    expect(notes.filter((n) => n.level === 'note')).toHaveLength(byMode.length);
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
  });

  it('uses evidence.location (a changed XML file and line) when a finding carries one', () => {
    const report = sampleReport();
    const [first, ...rest] = report.findings;
    if (first === undefined) throw new Error('sample has findings');
    const located: Finding = {
      ...first,
      evidence: {
        ...first.evidence,
        location: {
          file: 'force-app/main/default/permissionsets/Ledger API.permissionset-meta.xml',
          line: 12,
        },
      },
    };
    const project = withFindings({ ...report, org: null, project: { name: 'ledger', path: '.' } }, [
      located,
      ...rest,
    ]);
    const run = runOf(project);
    const result = run.results.find((r) => r.ruleId === first.ruleId);
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: {
        uri: 'force-app/main/default/permissionsets/Ledger%20API.permissionset-meta.xml',
        uriBaseId: SRCROOT,
      },
      region: { startLine: 12 },
    });
  });
  it('in project+live mode, has both: the project file and the org / app / resource', () => {
    const report = sampleReport();
    const run = runOf({
      ...report,
      project: { name: 'ledger', path: 'sfdx' },
      collection: { ...report.collection, mode: 'project+live' },
    });
    const locked = run.results.find((r) => r.ruleId === 'RG-0005')?.locations[0];
    expect(locked?.physicalLocation?.artifactLocation).toEqual({
      uri: 'sfdx/sfdx-project.json',
      uriBaseId: SRCROOT,
    });
    expect(locked?.logicalLocations?.[0]?.fullyQualifiedName).toMatch(
      /^00D000000000001AAA\/Ledger_Export\/User\//,
    );
  });

  it('declares a project above the working directory as PROJECTROOT relative to %SRCROOT%', () => {
    const report = sampleReport();
    const run = runOf({ ...report, org: null, project: { name: 'p', path: '../other/./repo' } });
    expect(run.originalUriBaseIds?.[PROJECTROOT]).toEqual({
      uri: '../other/repo/',
      uriBaseId: SRCROOT,
    });
    expect(run.results[0]?.locations[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: 'sfdx-project.json',
      uriBaseId: PROJECTROOT,
    });
  });
});

describe('renderSarif on hostile strings', () => {
  it('stays valid JSON and valid SARIF whatever the org puts in names and messages', () => {
    const hostile = 'a"b\\c\u0000\u001b[2J\u2028</script>]]>\ud800`|{{x}}';
    const report = sampleReport();
    const findings = report.findings.map((f) => ({
      ...f,
      app: `${f.app}${hostile}`,
      message: `${f.message}${hostile}`,
      resource: { ...f.resource, name: `${f.resource.name}${hostile}` },
    }));
    const project = withFindings(
      { ...report, org: null, project: { name: `p${hostile}`, path: `dir ${hostile}` } },
      findings,
    );
    const text = renderSarif(project);
    const parsed = JSON.parse(text) as unknown;
    expect(validateSarif(parsed)).toEqual([]);
    const run = (parsed as { runs: Run[] }).runs[0];
    expect(run?.results[0]?.message.text).toContain('</script>]]>');
  });
});
