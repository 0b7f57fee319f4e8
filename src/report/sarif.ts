// `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps), a pure function of
// the report. Choices and the URL scheme are in docs/formats.md; test/schemas/ holds the OASIS schema
// the tests validate against.
//
// - One SARIF rule per rule the report names: title, rationale and remediation from the catalog, a
//   link to its page, `security` and framework tags, `security-severity` from the severity.
// - Results are what a code-scanning alert should be: failures, and waived failures with an accepted
//   external suppression. Passes and skips are not results (code scanning shows every result as an
//   alert, whatever its kind). error and not-evaluated are tool execution notifications: the audit
//   could not decide, which is neither an alert nor a pass.
// - Locations: a project file and line where the finding names one (RG-0026, changed XML), the
//   project's sfdx-project.json otherwise in project mode (code scanning needs a file), and always
//   a logical location org (or project) / app / resource.

import type { AuditReport, Finding, Severity } from '../model/finding.js';
import {
  compare,
  encodeSegment,
  isByMode,
  reasonOf,
  rulesOfReport,
  ruleDocUrl,
  sourceLocationsOf,
} from './ci.js';
import type { SourceLocation } from './ci.js';
import type { RenderOptions, RuleInfo } from './types.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The package's page: the tool's `informationUri`. */
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/runas-guard';

/** Result level by severity (as Trivy and CodeQL map theirs). */
export const SARIF_LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * `properties.security-severity` by severity, a CVSS-like score code scanning buckets (9.0+
 * critical, 7.0+ high, 4.0+ medium, above 0 low). info has none: it is not a security rating.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

/** The key of our fingerprint in `partialFingerprints`: versioned, as SARIF asks. */
export const FINGERPRINT_KEY = 'runasGuardFingerprint/v1';

/** The base a relative project path is resolved from: the directory the audit ran in (CI: the checkout). */
export const SRCROOT = '%SRCROOT%';
/** The base of file URIs when the project path is absolute (declared in originalUriBaseIds). */
export const PROJECTROOT = 'PROJECTROOT';

// The subset of the SARIF object model this writer emits (test/schemas/ has the whole schema).
interface Message {
  text: string;
  markdown?: string;
}
interface LogicalLocation {
  name?: string;
  fullyQualifiedName: string;
  kind?: string;
  index?: number;
  parentIndex?: number;
}
interface Location {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: { startLine: number };
  };
  logicalLocations?: LogicalLocation[];
  message?: Message;
}
interface RuleReference {
  id: string;
  index: number;
}
interface Notification {
  level: 'error' | 'warning' | 'note';
  message: Message;
  associatedRule?: RuleReference;
  locations?: Location[];
  properties?: Record<string, unknown>;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: 'fail';
  level: 'error' | 'warning' | 'note';
  message: Message;
  locations: Location[];
  relatedLocations?: Location[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: Record<string, unknown>;
}

export function renderSarif(report: AuditReport, options: RenderOptions = {}): string {
  return `${JSON.stringify(sarifLog(report, options), null, 2)}\n`;
}

/** The SARIF log as an object (tests validate it against the schema). */
export function sarifLog(
  report: AuditReport,
  options: RenderOptions = {},
): Record<string, unknown> {
  const rules = rulesOfReport(report, options.rules);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const locator = new Locator(report);
  const reference = (finding: Finding): RuleReference => ({
    id: finding.ruleId,
    index: ruleIndex.get(finding.ruleId) ?? 0,
  });

  const results: SarifResult[] = [];
  const notifications: Notification[] = [];
  for (const finding of report.findings) {
    const status = finding.status === 'waived' ? finding.waivedStatus : finding.status;
    if (status === 'fail') results.push(resultOf(finding, reference(finding), locator));
    else if (status === 'error' || status === 'not-evaluated') {
      notifications.push(notificationOf(report, finding, reference(finding), locator));
    }
  }
  for (const request of report.collection.failedRequests) {
    const permission =
      request.permission === undefined ? '' : `; the auditing user needs ${request.permission}`;
    notifications.push({
      level: 'error',
      message: { text: `Request ${request.request} failed: ${request.errorCode}${permission}` },
      properties: { request: request.request, errorCode: request.errorCode },
    });
  }

  const complete =
    report.collection.failedRequests.length === 0 &&
    !report.findings.some((f) => f.status === 'error');
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        informationUri: TOOL_INFORMATION_URI,
        rules: rules.map((rule) => descriptorOf(rule, report.tool.version)),
      },
    },
    ...(locator.originalUriBaseIds === undefined
      ? {}
      : { originalUriBaseIds: locator.originalUriBaseIds }),
    invocations: [
      {
        executionSuccessful: complete,
        endTimeUtc: report.generatedAt,
        toolExecutionNotifications: notifications,
        toolConfigurationNotifications: report.warnings.map((warning) => ({
          level: 'warning',
          message: { text: warning },
        })),
      },
    ],
    logicalLocations: locator.logicalLocations,
    results,
    properties: {
      mode: report.collection.mode,
      collectedAt: report.collectedAt,
      ...(report.org === null ? {} : { org: report.org }),
      ...(report.project === null ? {} : { project: report.project }),
      summary: report.summary,
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function descriptorOf(rule: RuleInfo, version: string): Record<string, unknown> {
  const helpUri = ruleDocUrl(version, rule.id);
  const tags = [
    'security',
    ...rule.tags,
    ...Object.entries(rule.frameworks)
      .sort(([a], [b]) => compare(a, b))
      .flatMap(([framework, controls]) => controls.map((control) => `${framework}:${control}`)),
  ];
  const helpText = [rule.rationale, rule.remediation === '' ? '' : `Fix: ${rule.remediation}`]
    .filter((part) => part !== '')
    .join('\n\n');
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: rule.slug,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale === '' ? rule.title : rule.rationale },
    help: {
      text: `${helpText === '' ? rule.title : helpText}\n\n${helpUri}`,
      markdown: `${helpText === '' ? rule.title : helpText}\n\n[${rule.id} ${rule.slug}](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      tags: [...new Set(tags)],
      severity: rule.severity,
      ...(securitySeverity === undefined ? {} : { 'security-severity': securitySeverity }),
    },
  };
}

function resultOf(finding: Finding, rule: RuleReference, locator: Locator): SarifResult {
  const [primary, ...others] = locator.locationsOf(finding);
  const waiver = finding.status === 'waived' ? finding.waiver : undefined;
  return {
    ruleId: rule.id,
    ruleIndex: rule.index,
    kind: 'fail',
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: primary === undefined ? [] : [primary],
    ...(others.length === 0 ? {} : { relatedLocations: others }),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(waiver === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: `${waiver.reason} (waived until ${waiver.expires})`,
            },
          ],
        }),
    properties: propertiesOf(finding),
  };
}

function notificationOf(
  report: AuditReport,
  finding: Finding,
  rule: RuleReference,
  locator: Locator,
): Notification {
  const status = finding.status === 'waived' ? finding.waivedStatus : finding.status;
  // A rule the mode cannot evaluate is expected; one a failed request stopped is not.
  const level = status === 'error' ? 'error' : isByMode(finding) ? 'note' : 'warning';
  const what =
    (status === 'error' ? 'Error' : 'Not evaluated') +
    (finding.status === 'waived' ? ' (waived)' : '');
  return {
    level,
    message: { text: `${what}: ${rule.id} on ${finding.app}: ${reasonOf(report, finding)}` },
    associatedRule: rule,
    locations: locator.locationsOf(finding).slice(0, 1),
    properties: propertiesOf(finding),
  };
}

function propertiesOf(finding: Finding): Record<string, unknown> {
  return {
    app: finding.app,
    resource: finding.resource,
    severity: finding.severity,
    status: finding.status,
    ...(finding.waivedStatus === undefined ? {} : { waivedStatus: finding.waivedStatus }),
    ...(finding.waiver === undefined ? {} : { waiver: finding.waiver }),
    frameworks: finding.frameworks,
    // Expected and actual, the containers that grant the access (via), a confirming probe.
    ...(finding.evidence === undefined ? {} : { evidence: finding.evidence }),
    ...(finding.remediation === '' ? {} : { remediation: finding.remediation }),
    fingerprint: finding.fingerprint,
  };
}

/** Physical and logical locations of findings, and the run's logical location tree. */
class Locator {
  readonly logicalLocations: LogicalLocation[] = [];
  readonly originalUriBaseIds: Record<string, { uri: string; uriBaseId?: string }> | undefined;
  private readonly indexOf = new Map<string, number>();
  private readonly root: string;
  private readonly base: { uriBaseId: string; prefix: string[] } | undefined;

  constructor(report: AuditReport) {
    this.root = report.org?.id ?? report.project?.name ?? report.tool.name;
    const path = report.project?.path;
    if (path === undefined) {
      this.base = undefined;
      this.originalUriBaseIds = undefined;
    } else if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
      // An absolute path is no repository path: files are relative to a declared project root.
      this.base = { uriBaseId: PROJECTROOT, prefix: [] };
      this.originalUriBaseIds = { [PROJECTROOT]: { uri: fileUri(path) } };
    } else {
      const prefix = segments(path);
      if (prefix[0] === '..') {
        // A project outside the working directory (`../x`) cannot be named from it: its files are
        // relative to PROJECTROOT, itself relative to the working directory.
        this.base = { uriBaseId: PROJECTROOT, prefix: [] };
        const uri = `${prefix.map((part) => encodeSegment(part)).join('/')}/`;
        this.originalUriBaseIds = { [PROJECTROOT]: { uri, uriBaseId: SRCROOT } };
      } else {
        this.base = { uriBaseId: SRCROOT, prefix };
        this.originalUriBaseIds = undefined;
      }
    }
  }

  /** File locations first (the first one is the result's), each with the logical location. */
  locationsOf(finding: Finding): Location[] {
    const logicalLocations = [this.logical(finding)];
    if (this.base === undefined) return [{ logicalLocations }];
    const files = sourceLocationsOf(finding);
    // Code scanning rejects a result without a file: the project's own descriptor stands in.
    const shown = files.length > 0 ? files : [{ file: 'sfdx-project.json' }];
    return shown.map((location) => ({
      physicalLocation: this.physical(location),
      logicalLocations,
    }));
  }

  private physical(location: SourceLocation): NonNullable<Location['physicalLocation']> {
    const base = this.base ?? { uriBaseId: SRCROOT, prefix: [] };
    const parts = segments([...base.prefix, ...segments(location.file)].join('/'));
    return {
      artifactLocation: {
        uri: parts.map((part) => encodeSegment(part)).join('/'),
        uriBaseId: base.uriBaseId,
      },
      ...(location.line === undefined ? {} : { region: { startLine: location.line } }),
    };
  }

  /** org (or project) / app / resource, each node once in the run's tree. */
  private logical(finding: Finding): LogicalLocation {
    const root = this.node(this.root, this.root, 'namespace', undefined);
    const app = this.node(finding.app, `${this.root}/${finding.app}`, 'module', root);
    const { type, name } = finding.resource;
    const isApp =
      (type === 'ConnectedApp' || type === 'ExternalClientApplication') && name === finding.app;
    const leaf = isApp
      ? app
      : this.node(name, `${this.root}/${finding.app}/${type}/${name}`, 'resource', app);
    const node = this.logicalLocations[leaf];
    return { index: leaf, fullyQualifiedName: node?.fullyQualifiedName ?? '' };
  }

  private node(name: string, fqn: string, kind: string, parent: number | undefined): number {
    const known = this.indexOf.get(fqn);
    if (known !== undefined) return known;
    const index = this.logicalLocations.length;
    this.logicalLocations.push({
      name,
      fullyQualifiedName: fqn,
      kind,
      ...(parent === undefined ? {} : { parentIndex: parent }),
    });
    this.indexOf.set(fqn, index);
    return index;
  }
}

/** `a/./b/../c` → [a, c]; leading `..` kept (nothing above the start is known). */
function segments(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out;
}

/** An absolute path as a `file:` URI ending with `/`, as originalUriBaseIds requires. */
function fileUri(path: string): string {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '');
  const drive = /^[A-Za-z]:$/.test(parts[0] ?? '') ? `/${parts.shift() ?? ''}` : '';
  const encoded = parts.map((part) => encodeSegment(part)).join('/');
  return `file://${drive}/${encoded}${encoded === '' ? '' : '/'}`;
}
