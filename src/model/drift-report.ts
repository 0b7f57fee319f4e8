// The drift report (`monitor diff --format json`, `compare --format json`; docs/compare.md). The
// zod schema is the published contract: docs/schemas/drift.schema.json is generated from it
// (scripts/gen-schemas.ts). It mirrors src/drift/report.ts field for field (model cannot import
// drift; src/model/drift-report.test.ts checks that the types agree). Key order here is the order
// of the JSON output.

import { z } from 'zod';

import { FindingSchema, SeveritySchema, StatusSchema } from './finding.js';

const nonEmpty = z.string().min(1);
const COUNT = z.number().int().min(0);

const changeBase = {
  key: nonEmpty.describe(
    "Stable identity of the change, from its content only: the same change between the same two states has the same key (one alert per change); a shared run-as user's change has one key under every integration it touches.",
  ),
  text: nonEmpty.describe('One human line.'),
  breaks: z
    .array(z.string())
    .describe('Integrations (manifest name, else app) this change stops, sorted.'),
};

export const USER_FIELD_NAMES = [
  'found',
  'active',
  'frozen',
  'passwordLocked',
  'licence',
  'profile',
  'role',
] as const;

const userValue = z.union([z.string(), z.boolean()]).nullable();

export const DriftChangeSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        ...changeBase,
        kind: z.literal('user'),
        username: nonEmpty.describe('The run-as username on the `to` side.'),
        field: z.enum(USER_FIELD_NAMES),
        from: userValue,
        to: userValue,
      })
      .strict(),
    z
      .object({
        ...changeBase,
        kind: z.literal('access'),
        change: z.enum(['gained', 'lost']),
        grant: nonEmpty.describe('`object:Case:edit`, `field:Case.Priority:edit`, `system:X`.'),
        permission: nonEmpty.describe('`Case edit`, `field Case.Priority edit`, ...'),
        container: nonEmpty.describe('`profile Integration`, `Group / Set`, `Set`.'),
      })
      .strict(),
    z
      .object({
        ...changeBase,
        kind: z.literal('preAuthorization'),
        from: z.boolean().nullable(),
        to: z.boolean().nullable(),
      })
      .strict(),
    z
      .object({
        ...changeBase,
        kind: z.literal('policy'),
        policyKey: nonEmpty,
        from: z.string().nullable().describe('null: the key is absent on that side.'),
        to: z.string().nullable(),
      })
      .strict(),
    z
      .object({
        ...changeBase,
        kind: z.literal('finding'),
        change: z.enum(['new', 'resolved', 'changed']),
        ruleId: z.string().regex(/^RG-\d{4}$/),
        severity: SeveritySchema,
        fingerprint: nonEmpty,
        message: nonEmpty,
        from: StatusSchema.nullable().describe('null: absent on that side.'),
        to: StatusSchema.nullable(),
      })
      .strict(),
    z
      .object({
        ...changeBase,
        kind: z.literal('runAs'),
        from: z.string().nullable(),
        to: z.string().nullable(),
      })
      .strict(),
  ])
  .describe('One change of one integration.');

export const DRIFT_CHANGE_KINDS = [
  'runAs',
  'user',
  'preAuthorization',
  'policy',
  'access',
  'finding',
] as const;

export const DriftIntegrationSchema = z
  .object({
    app: nonEmpty,
    integration: nonEmpty.describe("The manifest entry's name, else the app's."),
    presence: z
      .enum(['both', 'added', 'removed'])
      .describe('added / removed: the app exists on one side only.'),
    runAs: z.object({ from: z.string().nullable(), to: z.string().nullable() }).strict(),
    notCompared: z
      .array(z.string())
      .describe('What could not be compared and why; unknown is never a change.'),
    changes: z.array(DriftChangeSchema),
  })
  .strict();

export const DriftSideSchema = z
  .object({
    label: nonEmpty.describe('`run 12 (...)`, `snapshot prod.json`, `org uat`.'),
    runId: z.exactOptional(z.number().int()),
    collectedAt: z.exactOptional(z.string()),
    source: z.exactOptional(z.string()),
    orgId: z.exactOptional(z.string()),
  })
  .strict();

export const DriftReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.enum(['monitor-diff', 'compare']),
    tool: z.object({ name: nonEmpty, version: nonEmpty }).strict(),
    generatedAt: z.string(),
    from: DriftSideSchema,
    to: DriftSideSchema,
    sandboxSuffix: z.exactOptional(z.string()),
    integrations: z.array(DriftIntegrationSchema),
    summary: z
      .object({
        integrations: COUNT,
        changed: COUNT,
        changes: COUNT.describe('Distinct changes (by key).'),
        breaking: COUNT,
        broken: z.array(z.string()),
        byKind: z
          .object(
            Object.fromEntries(DRIFT_CHANGE_KINDS.map((k) => [k, COUNT])) as Record<
              (typeof DRIFT_CHANGE_KINDS)[number],
              typeof COUNT
            >,
          )
          .strict(),
      })
      .strict(),
    findings: z
      .exactOptional(z.array(FindingSchema))
      .describe("compare: RG-0032 per integration, then the target's failures the source lacks."),
    warnings: z.array(z.string()),
    exitCode: z.exactOptional(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])),
  })
  .strict()
  .describe('What changed between two states of the integrations, and what each change breaks.');
export type DriftReportDoc = z.infer<typeof DriftReportSchema>;
