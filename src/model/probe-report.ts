// The probe's JSON output (`runas-guard probe --format json`, docs/schemas/probe.schema.json) and the `probes`
// entries of an audit report (`audit --probe`). The zod schemas are the source of truth: the
// published docs/schemas/probe.schema.json is generated from them (scripts/gen-schemas.ts). They
// mirror src/probe/types.ts field for field (model cannot import probe; a test checks both ways that
// the types agree). Key order here is the order of the JSON output.

import { z } from 'zod';

const text = z.string();
const nonEmpty = z.string().min(1);
const iso = z.iso.datetime({ offset: true });
const httpUrl = z.url({ protocol: /^https?$/ });

export const PROBE_STEP_KINDS = [
  'token',
  'identity',
  'api',
  'describe',
  'object',
  'field',
  'soql',
] as const;
export const PROBE_ERROR_KINDS = ['oauth', 'rest', 'network', 'check'] as const;
export const PROBE_OUTCOMES = ['passed', 'failed', 'unreachable'] as const;
export const VERDICTS = ['found', 'likely', 'unknown', 'ruled-out'] as const;
export const CONFIDENCES = ['DOC', 'OBS', 'UNCONFIRMED'] as const;

export const ProbeErrorSchema = z
  .object({
    kind: z
      .enum(PROBE_ERROR_KINDS)
      .describe(
        'oauth: the token endpoint error; rest: a REST error body or HTTP failure; network: no ' +
          "answer; check: the probe's own check failed on a good answer.",
      ),
    status: z.number().int().min(0).describe('HTTP status; 0 when no answer arrived.'),
    code: text.describe(
      'invalid_grant, API_CURRENTLY_DISABLED, ECONNREFUSED, FIELD_NOT_VISIBLE, ...',
    ),
    message: text.describe("Salesforce's error_description or message, secrets redacted."),
  })
  .strict()
  .describe('An error as Salesforce (or the network) gave it.');

export const RankedCauseSchema = z
  .object({
    id: nonEmpty.describe('Stable id of the root cause, the same under every error.'),
    title: nonEmpty,
    fix: text.describe('What to change, in Setup terms.'),
    rules: z.array(text).describe('Rule ids (docs/rules/) that audit this cause.'),
    confidence: z
      .enum(CONFIDENCES)
      .describe('How well it is established that this cause produces this error.'),
    confidenceNote: z.exactOptional(text).describe('Why, when the confidence is not DOC.'),
    verdict: z
      .enum(VERDICTS)
      .describe("What the audit's facts or the probe's own requests say about this cause."),
    evidence: z.exactOptional(text).describe('What was seen that gave the verdict.'),
    source: z.exactOptional(z.enum(['audit', 'probe'])).describe('Who saw it.'),
  })
  .strict()
  .describe('One possible root cause of an error.');

export const DiagnosisSchema = z
  .object({
    entry: nonEmpty.describe('Id of the diagnosis catalog entry that matched.'),
    error: text.describe('The error as Salesforce phrased it: `invalid_grant: inactive user`.'),
    known: text.describe('What is known about this error.'),
    confidence: z.enum(CONFIDENCES),
    causes: z.array(RankedCauseSchema).describe('Possible root causes, most likely first.'),
    supported: z
      .boolean()
      .describe(
        'Whether a cause is found or likely from the facts (else the catalog order stands).',
      ),
    rules: z.array(text).describe('Every rule id involved, sorted.'),
    message: text.describe('A few sentences for people: the error, what is likely, the fix.'),
  })
  .strict()
  .describe('The explanation of one failed step.');

export const ProbeStepSchema = z
  .object({
    name: nonEmpty.describe(
      'token, identity, api, `describe Object`, `object Object: edit`, `field Object.Field`, `field Object.Field: edit`, `soql N`.',
    ),
    kind: z.enum(PROBE_STEP_KINDS),
    target: z.exactOptional(text).describe('The object, Object.Field or query of the step.'),
    ok: z.boolean(),
    durationMs: z.number().int().min(0),
    detail: text.describe('What was asked and seen, one sentence; never a secret.'),
    request: z.exactOptional(text).describe('Method and path of the request (no query string).'),
    error: z.exactOptional(ProbeErrorSchema),
    diagnosis: z.exactOptional(DiagnosisSchema),
  })
  .strict()
  .describe('One timed step of the probe.');

export const ProbeResultSchema = z
  .object({
    app: nonEmpty.describe('Developer name of the probed app.'),
    ok: z.boolean(),
    outcome: z
      .enum(PROBE_OUTCOMES)
      .describe(
        "passed: every step succeeded; failed: the app's token or a follow-on call failed " +
          '(a finding, exit 1); unreachable: the org could not be reached (exit 3).',
      ),
    startedAt: iso,
    loginUrl: httpUrl.describe('Origin the token request went to.'),
    instanceUrl: z.exactOptional(httpUrl).describe('instance_url of the token response.'),
    orgId: z.exactOptional(text),
    runAsUser: z
      .exactOptional(z.object({ id: text, username: z.exactOptional(text) }).strict())
      .describe('The user the token runs as, from the identity URL.'),
    scopes: z.exactOptional(z.array(text)).describe('Scopes of the issued token.'),
    steps: z.array(ProbeStepSchema),
    failure: z
      .exactOptional(z.object({ step: text, error: ProbeErrorSchema }).strict())
      .describe('The first failed step.'),
    diagnosis: z.exactOptional(DiagnosisSchema).describe('The diagnosis of the first failed step.'),
    notes: z
      .array(text)
      .describe('Where what the probe saw disagrees with the audit (UNCONFIRMED behaviour).'),
  })
  .strict()
  .describe('The live client-credentials probe of one app. Holds no token and no secret.');
export type ProbeResultDoc = z.infer<typeof ProbeResultSchema>;

export const PROBE_FACT_SOURCES = ['live', 'snapshot', 'none'] as const;

export const ProbeReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: nonEmpty, version: nonEmpty }).strict(),
    generatedAt: iso,
    facts: z
      .object({
        source: z
          .enum(PROBE_FACT_SOURCES)
          .describe(
            'Where the facts that rank the causes came from: a live audit, a saved snapshot, or ' +
              'none (only --login-url: causes keep their catalog order).',
          ),
        collectedAt: z.exactOptional(iso).describe("The audit's collection time."),
        failingRules: z.array(text).describe('Rule ids the audit found failing for this app.'),
      })
      .strict(),
    probe: ProbeResultSchema,
  })
  .strict()
  .describe('The result of one runas-guard probe.');
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

export const AUDIT_PROBE_OUTCOMES = [...PROBE_OUTCOMES, 'not-probed'] as const;

export const AuditProbeSchema = z
  .object({
    app: nonEmpty.describe('Developer name of the app.'),
    outcome: z
      .enum(AUDIT_PROBE_OUTCOMES)
      .describe('not-probed: its client id or secret was not available (see reason).'),
    reason: z.exactOptional(text).describe('Why the app was not probed.'),
    result: z.exactOptional(ProbeResultSchema),
  })
  .strict()
  .describe('The probe of one integration during `audit --probe`.');
export type AuditProbe = z.infer<typeof AuditProbeSchema>;

export const ConfirmedByProbeSchema = z
  .object({
    step: text.describe('The failed probe step (token, api, describe Order, ...).'),
    error: text.describe('The error as Salesforce phrased it.'),
  })
  .strict()
  .describe('A failing probe whose diagnosis names this rule.');
export type ConfirmedByProbe = z.infer<typeof ConfirmedByProbeSchema>;
