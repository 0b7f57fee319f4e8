// Findings and the audit report, published as docs/schemas/report.schema.json. The zod schemas are the source of
// truth: the TypeScript types are inferred from them and docs/schemas/report.schema.json is generated
// from them (scripts/gen-schemas.ts), so the three cannot drift apart.

import { z } from 'zod';

import { AuditProbeSchema, ConfirmedByProbeSchema } from './probe-report.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z
  .enum(SEVERITIES)
  .describe('How bad a failure of the rule is; upper-case only in text output.');
export type Severity = z.infer<typeof SeveritySchema>;

/** Lower is more severe: thresholds are comparisons. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 1,
  high: 2,
  medium: 3,
  low: 4,
  info: 5,
};

export const STATUSES = ['pass', 'fail', 'error', 'not-evaluated', 'waived', 'skip'] as const;
export const StatusSchema = z
  .enum(STATUSES)
  .describe(
    'Outcome of one rule on one resource. error / not-evaluated: the data could not be collected or ' +
      'is not available in this mode; never a pass.',
  );
export type Status = z.infer<typeof StatusSchema>;

export const RESOURCE_TYPES = [
  'User',
  'ConnectedApp',
  'ExternalClientApplication',
  'PermissionSetAssignment',
  'ManifestIntegration',
  /** A project file holding a secret (RG-0026): name = path relative to the project root. */
  'SourceFile',
] as const;
export const ResourceTypeSchema = z.enum(RESOURCE_TYPES);
export type ResourceType = z.infer<typeof ResourceTypeSchema>;

export const APP_TYPES = ['ConnectedApp', 'ExternalClientApplication'] as const;

export const FindingResourceSchema = z
  .object({
    type: ResourceTypeSchema,
    id: z.exactOptional(z.string().min(1)).describe('Salesforce record id, when known.'),
    name: z
      .string()
      .min(1)
      .describe(
        'Username for a User, developer name for an app, manifest name for an integration, ' +
          'path relative to the project root for a source file.',
      ),
  })
  .strict()
  .describe('The thing the finding points at.');
export type FindingResource = z.infer<typeof FindingResourceSchema>;

export const FindingViaSchema = z
  .object({
    type: z.string().min(1).describe('Container type: Profile, PermissionSet, PermissionSetGroup.'),
    name: z.string().min(1),
    group: z.exactOptional(z.string()).describe('The group a permission set was held through.'),
    impliedBy: z
      .exactOptional(z.string())
      .describe('The permission that implies this grant (ModifyAllData, modifyAll, ...).'),
  })
  .strict()
  .describe('One path by which a grant reaches the run-as user.');
export type FindingVia = z.infer<typeof FindingViaSchema>;

const ITEM_COUNT = z.number().int().nonnegative();

export const EvidenceListingSchema = z
  .object({
    of: z.string().min(1).describe('The evidence key holding the list that may be cut (excess).'),
    total: ITEM_COUNT.describe('Items in the full list.'),
    listed: ITEM_COUNT.describe("Items the evidence lists: the first ones, in the rule's order."),
    truncated: z.boolean().describe('Whether items were left out (listed < total).'),
    byKind: z
      .exactOptional(z.record(z.string(), ITEM_COUNT))
      .describe('Items of the full list per kind (system, object, field).'),
    byContainer: z
      .exactOptional(
        z.array(
          z
            .object({
              type: z.string().min(1),
              name: z.string().min(1),
              group: z.exactOptional(z.string().min(1)),
              count: ITEM_COUNT,
            })
            .strict(),
        ),
      )
      .describe(
        'Items of the full list per container they come through (an item with two paths counts ' +
          'in both), most first.',
      ),
  })
  .strict()
  .describe(
    "A list that grows with the org (an evidence list, an integration's fields) is cut to its " +
      'first items (10 by default; every one with audit --full-evidence); this says how many ' +
      'there are and where they come from.',
  );
export type EvidenceListing = z.infer<typeof EvidenceListingSchema>;

// Evidence stays open (rules add their own keys); the keys every renderer understands are typed.
export const FindingEvidenceSchema = z
  .object({
    expected: z.exactOptional(z.unknown()),
    actual: z.exactOptional(z.unknown()),
    via: z.exactOptional(z.array(FindingViaSchema)),
    request: z
      .exactOptional(z.string())
      .describe('error / not-evaluated: the request that failed, as the request catalog names it.'),
    errorCode: z.exactOptional(z.string()).describe('error / not-evaluated: the error code.'),
    permission: z
      .exactOptional(z.string())
      .describe('error / not-evaluated: what the auditing user needs for the request.'),
    reason: z
      .exactOptional(z.string())
      .describe(
        'not-evaluated by mode: why the data is not available (e.g. user state in project mode).',
      ),
    confirmedByProbe: z.exactOptional(ConfirmedByProbeSchema),
    listing: z.exactOptional(EvidenceListingSchema),
  })
  .catchall(z.unknown())
  .describe('Expected versus actual, and how the access was granted.');

export const WaiverSchema = z
  .object({
    reason: z.string().min(1),
    expires: z
      .union([z.iso.date(), z.iso.datetime({ offset: true })])
      .describe('Past this date the waiver no longer applies.'),
  })
  .strict();

export const FindingSchema = z
  .object({
    ruleId: z
      .string()
      .regex(/^RG-\d{4}$/)
      .describe('Opaque, permanent rule id (docs/rules/).'),
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .describe('Kebab-case rule name.'),
    severity: SeveritySchema,
    status: StatusSchema,
    waivedStatus: z
      .exactOptional(StatusSchema)
      .describe('For a waived finding: the status it would have had (never waived).'),
    waiver: z.exactOptional(WaiverSchema).describe('For a waived finding: the accepted risk.'),
    app: z.string().min(1).describe('Developer name of the app the finding belongs to.'),
    resource: FindingResourceSchema,
    messageId: z.string().min(1).describe("Key of the message in the rule's metadata."),
    message: z.string().min(1).describe('One sentence naming the thing and the reason.'),
    evidence: z.exactOptional(FindingEvidenceSchema),
    frameworks: z
      .record(z.string(), z.array(z.string()))
      .describe('Framework id to control ids (owasp-nhi-2025: [NHI5]).'),
    remediation: z.string().describe('What to change, in Setup terms.'),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe(
        'Lower-case hex sha256 of rule id, org key, app, resource type and resource name: ' +
          'stable across runs, unique per finding.',
      ),
  })
  .strict()
  .superRefine((finding, ctx) => {
    const waived = finding.status === 'waived';
    if (waived && (finding.waivedStatus === undefined || finding.waiver === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['waiver'],
        message: 'a waived finding needs waivedStatus and waiver',
      });
    }
    if (finding.waivedStatus !== undefined && (!waived || finding.waivedStatus === 'waived')) {
      ctx.addIssue({
        code: 'custom',
        path: ['waivedStatus'],
        message: 'waivedStatus is only for a waived finding, and is never waived itself',
      });
    }
  })
  .describe('One status of one rule on one resource of one integration.');
export type Finding = z.infer<typeof FindingSchema>;

const ACCESS_LIST = z.array(z.string());

export const IntegrationSummarySchema = z
  .object({
    app: z.string().min(1).describe('Developer name of the client-credentials app.'),
    appType: z.enum(APP_TYPES),
    runAsUsername: z.string().nullable().describe('Configured run-as username; null when unset.'),
    runAsUserId: z.string().nullable().describe('null when unset or not found.'),
    effectiveAccess: z
      .object({
        systemPermissions: ACCESS_LIST,
        objects: z.record(z.string(), ACCESS_LIST).describe('Object API name to actions.'),
        fields: z.record(z.string(), ACCESS_LIST).describe('Object.Field to actions.'),
      })
      .strict()
      .nullable()
      .describe(
        "The run-as user's effective access; null when it could not be computed. `fields` lists " +
          'the first fields only when `listing.truncated` (audit --full-evidence lists every one).',
      ),
    containers: z
      .exactOptional(
        z.array(
          z
            .object({
              type: z.enum(['Profile', 'PermissionSet', 'PermissionSetGroup']),
              name: z.string().min(1),
              group: z
                .exactOptional(z.string().min(1))
                .describe('The group a permission set is held through.'),
            })
            .strict(),
        ),
      )
      .describe(
        'The permission containers a grant of the effective access comes through (the blast radius: changing one changes every app that runs as this user); absent when access could not be computed.',
      ),
    listing: z
      .exactOptional(EvidenceListingSchema)
      .describe(
        'effectiveAccess.fields cut to its first fields (of: "effectiveAccess.fields"; byKind counts ' +
          'fields per action, byContainer per container); every one with audit --full-evidence. ' +
          'Absent when access could not be computed.',
      ),
  })
  .strict()
  .describe('One client-credentials app and its run-as user.');
export type IntegrationSummary = z.infer<typeof IntegrationSummarySchema>;

/**
 * One request that failed: the one definition of its fields. The snapshot's `failedRequests` and
 * its ledger extend it (src/model/snapshot.ts) with the facet and what recovered it.
 */
export const FailedRequestSchema = z
  .object({
    request: z.string().min(1).describe('The request, as the request catalog names it.'),
    errorCode: z.string(),
    message: z.string(),
    permission: z
      .exactOptional(z.string())
      .describe('What the auditing user needs for this request (e.g. Modify Metadata).'),
  })
  .strict();
export type FailedRequest = z.infer<typeof FailedRequestSchema>;

const COUNT = z.number().int().nonnegative();

export const SummarySchema = z
  .object(Object.fromEntries(STATUSES.map((s) => [s, COUNT])) as Record<Status, typeof COUNT>)
  .strict()
  .describe('Number of findings per status.');

export const COLLECTION_MODES = ['live', 'project', 'snapshot', 'project+live'] as const;

export const FrameworkCoverageSchema = z
  .object({
    covered: z
      .array(z.string())
      .describe("Controls at least one rule that ran maps to, in the framework's order."),
    notCovered: z
      .array(z.string())
      .describe("Controls no rule that ran maps to, in the framework's order."),
  })
  .strict()
  .describe('Which controls of one framework the audit checked.');
export type FrameworkCoverage = z.infer<typeof FrameworkCoverageSchema>;

export const AuditReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.string().min(1), version: z.string().min(1) }).strict(),
    org: z
      .object({
        id: z.string().min(1),
        instanceUrl: z.url({ protocol: /^https?$/ }),
        isSandbox: z.boolean(),
      })
      .strict()
      .nullable()
      .describe('The audited org; null in project mode.'),
    project: z
      .object({ name: z.string().min(1), path: z.string().min(1) })
      .strict()
      .nullable()
      .describe('The SFDX project; null without --project.'),
    collectedAt: z.iso
      .datetime({ offset: true })
      .describe("Evaluation time: the org's clock, or --now."),
    generatedAt: z.iso.datetime({ offset: true }),
    integrations: z.array(IntegrationSummarySchema),
    findings: z.array(FindingSchema),
    warnings: z.array(z.string()),
    summary: SummarySchema,
    collection: z
      .object({
        mode: z.enum(COLLECTION_MODES),
        apiRequests: COUNT,
        retries: z
          .exactOptional(COUNT)
          .describe('Requests sent again after a transient failure (live collection only).'),
        apiUsage: z
          .exactOptional(z.object({ used: COUNT, max: COUNT }).strict())
          .describe(
            "The org's daily API requests, used and allowed, from the last Sforce-Limit-Info " +
              'response header of the collection (live collection only; no request of its own).',
          ),
        failedRequests: z.array(FailedRequestSchema),
      })
      .strict(),
    coverage: z
      .exactOptional(z.record(z.string(), FrameworkCoverageSchema))
      .describe(
        'Framework id (owasp-nhi-2025, nist-csf-2.0, ...) to the controls the rules that ran ' +
          'cover and those they do not.',
      ),
    probes: z
      .exactOptional(z.array(AuditProbeSchema))
      .describe('audit --probe: the live probe of each integration, or why it was not probed.'),
  })
  .strict()
  .superRefine((report, ctx) => {
    const counted = countByStatus(report.findings);
    for (const status of STATUSES) {
      if (report.summary[status] !== counted[status]) {
        ctx.addIssue({
          code: 'custom',
          path: ['summary', status],
          message: `summary says ${report.summary[status]}, findings have ${counted[status]}`,
        });
      }
    }
    const seen = new Set<string>();
    report.findings.forEach((finding, index) => {
      if (seen.has(finding.fingerprint)) {
        ctx.addIssue({
          code: 'custom',
          path: ['findings', index, 'fingerprint'],
          message: 'duplicate fingerprint',
        });
      }
      seen.add(finding.fingerprint);
    });
  })
  .describe('The result of one runas-guard audit.');
export type AuditReport = z.infer<typeof AuditReportSchema>;

/** The `summary` of a report: findings counted per status, every status present. */
export function countByStatus(
  findings: readonly Pick<Finding, 'status'>[],
): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const finding of findings) counts[finding.status] += 1;
  return counts;
}

/**
 * The report with its objects' keys in schema order and its maps' keys (objects, fields,
 * frameworks, open evidence) sorted, so that serializing it is byte-stable however the report was
 * assembled. Array order is kept: it is the engine's. Linear: a part already in that order (as the
 * engine builds it) is returned as it is, not copied, so only what is out of order is rebuilt.
 */
export function canonicalizeReport(report: AuditReport): AuditReport {
  return orderLike(AuditReportSchema, report) as AuditReport;
}

function orderLike(schema: z.ZodType, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodExactOptional ||
    schema instanceof z.ZodNullable
  ) {
    return orderLike(schema.unwrap() as z.ZodType, value);
  }
  if (Array.isArray(value)) {
    const item = schema instanceof z.ZodArray ? (schema.element as z.ZodType) : undefined;
    return sameOrCopy(value as unknown[], (v) =>
      item === undefined ? sortedDeep(v) : orderLike(item, v),
    );
  }
  const record = value as Record<string, unknown>;
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const keys = [
      ...Object.keys(shape).filter((key) => Object.hasOwn(record, key)),
      ...sortedKeys(Object.keys(record).filter((key) => !Object.hasOwn(shape, key))),
    ];
    return withKeys(record, keys, (key) => {
      const sub = shape[key];
      return Object.hasOwn(shape, key) && sub !== undefined
        ? orderLike(sub, record[key])
        : sortedDeep(record[key]);
    });
  }
  if (schema instanceof z.ZodRecord) {
    const valueType = schema.valueType as z.ZodType;
    return withKeys(record, sortedKeys(Object.keys(record)), (key) =>
      orderLike(valueType, record[key]),
    );
  }
  return sortedDeep(value);
}

function sortedDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return sameOrCopy(value as unknown[], sortedDeep);
  const record = value as Record<string, unknown>;
  return withKeys(record, sortedKeys(Object.keys(record)), (key) => sortedDeep(record[key]));
}

/** The keys in code-unit order; the same array when they already are (the usual case). */
function sortedKeys(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++)
    if ((keys[i - 1] ?? '') > (keys[i] ?? '')) return [...keys].sort();
  return keys;
}

/** `list` itself when mapping changes no item; else the mapped copy. */
function sameOrCopy(list: unknown[], map: (item: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const mapped = map(item);
    if (copy === undefined && mapped !== item) copy = list.slice(0, i);
    copy?.push(mapped);
  }
  return copy ?? list;
}

/**
 * `record` itself when its own keys are `keys` in that order and mapping changes no value; else a
 * new object with `keys` in order. Entries, not assignments: an open evidence key named
 * __proto__ must stay a plain key.
 */
function withKeys(
  record: Record<string, unknown>,
  keys: readonly string[],
  map: (key: string) => unknown,
): Record<string, unknown> {
  const own = Object.keys(record);
  let same = own.length === keys.length;
  const values = keys.map((key, i) => {
    const mapped = map(key);
    if (same && (own[i] !== key || mapped !== record[key])) same = false;
    return mapped;
  });
  return same ? record : Object.fromEntries(keys.map((key, i) => [key, values[i]]));
}
