// The preflight report (`runas-guard preflight --format json`, docs/preflight.md). The zod schema is
// the published contract: docs/schemas/preflight.schema.json is generated from it
// (scripts/gen-schemas.ts). It mirrors src/preflight/types.ts field for field (model cannot import
// preflight; src/model/preflight-report.test.ts checks that the types agree). Key order here is the
// order of the JSON output.

import { z } from 'zod';

import { AuditReportSchema, FindingSchema, SeveritySchema } from './finding.js';

const nonEmpty = z.string().min(1);
const COUNT = z.number().int().min(0);

export const ChangeLocationSchema = z
  .object({
    file: nonEmpty.describe('Path relative to the project directory.'),
    line: z.exactOptional(z.number().int().min(1)).describe('1-based line of the XML element.'),
    side: z
      .enum(['base', 'head'])
      .describe('The side whose text the line is in: base for a file or block the change removed.'),
  })
  .strict()
  .describe('A file and line of the project that made the change.');

export const AccessChangeSchema = z
  .object({
    permission: nonEmpty.describe(
      '`Case edit`, `field Case.Priority edit`, `system permission ViewAllData`.',
    ),
    key: nonEmpty.describe(
      'Grant key: `object:Case:edit`, `field:Case.Priority:edit`, `system:ViewAllData`.',
    ),
    via: z
      .array(z.string())
      .describe('The container paths: at the base for a loss, at the head for a gain.'),
    locations: z
      .array(ChangeLocationSchema)
      .describe("The containers' changed files, the first the one the finding points at."),
    highRisk: z.exactOptional(z.boolean()).describe('For a gain: a high-risk system permission.'),
  })
  .strict()
  .describe('One permission an integration loses or gains with the change.');

export const PreflightFindingSchema = FindingSchema.safeExtend({
  change: z
    .enum(['introduced', 'existing'])
    .describe('introduced: absent (or passing) at the base; only these can fail the run.'),
}).describe('A finding at the head, with what the change did to it.');

export const PreflightIntegrationSchema = z
  .object({
    app: nonEmpty,
    integration: nonEmpty.describe("The manifest entry's name, else the app's."),
    runAs: z
      .object({ base: z.string().nullable(), head: z.string().nullable() })
      .strict()
      .describe('The run-as username at each side; null when the app has none.'),
    status: z
      .enum(['evaluated', 'not-evaluated'])
      .describe("not-evaluated: the run-as user's access is neither declared nor readable."),
    reason: z.exactOptional(z.string()).describe('What to declare, for not-evaluated.'),
    lost: z
      .array(AccessChangeSchema)
      .describe('Declared needs held at the base and not at the head (RG-0033).'),
    gained: z
      .array(AccessChangeSchema)
      .describe('Grants at the head beyond the declared needs, or of high risk (RG-0034).'),
  })
  .strict();

const SideSchema = z
  .object({ ref: nonEmpty.describe('The ref as given.'), commit: z.string().regex(/^[0-9a-f]+$/) })
  .strict();

export const PreflightReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.literal('preflight'),
    tool: z.object({ name: nonEmpty, version: nonEmpty }).strict(),
    project: AuditReportSchema.shape.project,
    base: SideSchema,
    head: SideSchema,
    generatedAt: z.iso.datetime({ offset: true }),
    failOn: SeveritySchema.describe('The lowest severity that fails the run.'),
    changedFiles: z
      .array(z.string())
      .describe(
        'Files of the project directory whose blob differs between the sides (added, removed, changed).',
      ),
    integrations: z.array(PreflightIntegrationSchema),
    findings: z
      .array(PreflightFindingSchema)
      .describe("RG-0033 and RG-0034, then the catalog's failures at the head."),
    summary: z
      .object({ introduced: COUNT, existing: COUNT, notEvaluated: COUNT })
      .strict()
      .describe('Findings introduced and existing, integrations not evaluated.'),
    warnings: z.array(z.string()),
    exitCode: z
      .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
      .describe('0 pass, 1 introduced findings at or above failOn, 2 input, 3 collection.'),
  })
  .strict()
  .describe('The result of one runas-guard preflight: what a change does to each integration.');
export type PreflightReportDoc = z.infer<typeof PreflightReportSchema>;
