// The integration manifest (docs/manifest.md) as a zod schema: the source of truth for the types,
// for validation at load time and for docs/schemas/manifest.schema.json (scripts/gen-schemas.ts),
// whose descriptions are what editors show while completing a manifest. Every object is strict:
// an unknown key is an error, not a silently ignored typo.

import { z } from 'zod';

import { SEVERITIES } from '../model/finding.js';
import { FIELD_ACTIONS, OBJECT_ACTIONS } from '../model/permissions.js';
import { SCHEDULE_PATTERN, scheduleError } from './schedule.js';

export {
  ALWAYS,
  MINUTES_PER_DAY,
  parseSchedule,
  SCHEDULE_PATTERN,
  scheduleError,
  ScheduleSyntaxError,
  WEEKDAYS,
} from './schedule.js';
export type { MinuteInterval, WeeklyWindows } from './schedule.js';

import { misspeltField, misspeltObject, misspeltPermission } from './known-names.js';

// Salesforce API names: a letter, then letters, digits and underscores (`Invoice__c`, `ns__Obj__c`).
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/;
const NOT_BLANK = /\S/;

const apiName = (what: string, example: string) =>
  z.string().regex(API_NAME, { error: `must be ${what} API name such as ${example}` });

/** A name that must not narrowly miss a standard one (see known-names.ts). */
const notMisspelt =
  (what: string, misspelt: (name: string) => string | undefined) =>
  (name: string, ctx: z.RefinementCtx) => {
    const hint = misspelt(name);
    if (hint !== undefined)
      ctx.addIssue({ code: 'custom', message: `unknown ${what} ${name}: did you mean ${hint}?` });
  };

const text = () => z.string().regex(NOT_BLANK, { error: 'must not be empty' });

export const ObjectActionSchema = z
  .enum(OBJECT_ACTIONS)
  .describe(
    'An object permission: read, create, edit, delete, viewAll (View All records) or modifyAll ' +
      '(Modify All records).',
  );

export const FieldActionSchema = z
  .enum(FIELD_ACTIONS)
  .describe('A field permission: read or edit.');

export const NeedsSchema = z
  .object({
    objects: z
      .exactOptional(
        z.record(
          apiName('an object', 'Account or Invoice__c').superRefine(
            notMisspelt('object', misspeltObject),
          ),
          z
            .array(ObjectActionSchema)
            .min(1, { error: 'must list at least one action' })
            .describe('The actions the callback performs on this object.'),
        ),
      )
      .describe('Object API name to the object permissions the callback needs.'),
    fields: z
      .exactOptional(
        z.record(
          z
            .string()
            .regex(FIELD_NAME, {
              error: 'must be Object.Field, such as Account.Billing_Status__c',
            })
            .superRefine(notMisspelt('field', misspeltField)),
          z
            .array(FieldActionSchema)
            .min(1, { error: 'must list at least one action' })
            .describe('read and/or edit.'),
        ),
      )
      .describe(
        '`Object.Field` to the field permissions the callback needs (field-level security).',
      ),
    systemPermissions: z
      .exactOptional(
        z.array(
          apiName('a system permission', 'ApiEnabled')
            .superRefine(notMisspelt('system permission', misspeltPermission))
            .describe(
              'Metadata name of a system permission (the SOQL field without its Permissions prefix).',
            ),
        ),
      )
      .describe(
        'System permissions the callback needs, by metadata name: ApiEnabled, ApiUserOnly, ...',
      ),
  })
  .strict()
  .describe(
    "What the callback's follow-on actions require. RG-0010 fails when the run-as user lacks any " +
      'of it, RG-0011 when the user has more.',
  );
export type ManifestNeeds = z.infer<typeof NeedsSchema>;

export const RunAsAccessSchema = z
  .object({
    profile: z
      .exactOptional(text())
      .describe('Profile label (Minimum Access - API Only Integrations) or metadata full name.'),
    permissionSets: z
      .exactOptional(z.array(apiName('a permission set', 'Billing_Integration')))
      .describe('Permission sets assigned to the run-as user, by API name.'),
    permissionSetGroups: z
      .exactOptional(z.array(apiName('a permission set group', 'Billing_Access')))
      .describe('Permission set groups assigned to the run-as user, by API name.'),
  })
  .strict()
  .describe(
    "The run-as user's access as it should be, so that `preflight` and `--project` audits can " +
      'compute effective access without an org.',
  );
export type RunAsAccess = z.infer<typeof RunAsAccessSchema>;

export const NetworkSchema = z
  .object({
    egressIps: z
      .array(
        z
          .ipv4({ error: 'must be an IPv4 address such as 203.0.113.10' })
          .describe('An IPv4 address token requests come from.'),
      )
      .min(1, { error: 'must list at least one address' })
      .describe("Where the callback's token requests come from (checked against login IP ranges)."),
  })
  .strict()
  .describe('Where the callback calls from.');

export const ProbeActionSchema = z
  .object({
    soql: z
      .string()
      // No flags: JSON Schema patterns have none, so the case is spelled out.
      .regex(/^\s*[Ss][Ee][Ll][Ee][Cc][Tt]\s/, { error: 'must be a SOQL SELECT query' })
      .describe('A read-only SOQL query the callback runs after getting its token.'),
  })
  .strict()
  .describe('One read-only follow-on action.');

export const ScheduleSchema = z
  .string()
  .check((ctx) => {
    const problem = scheduleError(ctx.value);
    if (problem !== undefined)
      ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
  })
  // For editors only: zod checks the grammar above, the JSON Schema carries an approximation.
  .meta({ pattern: SCHEDULE_PATTERN })
  .describe(
    'When the callback must be able to log in: DAYS HH:MM-HH:MM[; ...], e.g. ' +
      '"Mon-Fri 06:00-20:00; Sat 08:00-12:00". DAYS: Mon..Sun, ranges (Mon-Fri) and lists (Mon,Wed). ' +
      "24:00 is allowed; an end before the start wraps past midnight. Times are in the org's default " +
      'time zone. Absent: always.',
  );

export const ManifestIntegrationSchema = z
  .object({
    name: text().describe('Free text naming the integration; unique in the manifest.'),
    app: apiName('an app developer', 'Billing_Callback').describe(
      'Developer name of the Connected App or External Client App.',
    ),
    clientId: z
      .exactOptional(z.string().regex(/^\S+$/, { error: 'must be a consumer key without spaces' }))
      .describe("The app's consumer key, for `probe` (not a secret; the secret is never here)."),
    runAs: z
      .exactOptional(
        z.string().regex(/^[^\s@]+@[^\s@]+$/, {
          error: 'must be a Salesforce username such as billing.integration@acme.com',
        }),
      )
      .describe(
        'The expected run-as username. In a sandbox, the sandbox suffix (.uat) is matched with ' +
          '--sandbox-suffix or settings.sandboxSuffix / sandboxSuffixes.',
      ),
    owner: z.exactOptional(text()).describe('Who answers for the integration (team or email).'),
    needs: z.exactOptional(NeedsSchema),
    runAsAccess: z.exactOptional(RunAsAccessSchema),
    network: z.exactOptional(NetworkSchema),
    schedule: z.exactOptional(ScheduleSchema),
    probe: z
      .exactOptional(z.array(ProbeActionSchema))
      .describe('Read-only follow-on actions that `probe` performs after the token request.'),
  })
  .strict()
  .describe('One client-credentials integration: its app, its run-as user and what it needs.');
export type ManifestIntegration = z.infer<typeof ManifestIntegrationSchema>;

/** A rule id (RG-0009) or, since ids and slugs are both permanent (docs/rules/), a rule slug. */
export const RULE_REFERENCE = /^(?:RG-\d{4}|[a-z0-9]+(?:-[a-z0-9]+)*)$/;

export const WaiverSchema = z
  .object({
    rule: z
      .string()
      .regex(RULE_REFERENCE, {
        error: 'must be a rule id such as RG-0009 or a rule slug such as app-overbroad-scopes',
      })
      .describe('The rule waived: its id (RG-0009) or its slug.'),
    app: z
      .exactOptional(apiName('an app developer', 'Billing_Callback'))
      .describe('Narrows the waiver to the findings of this app.'),
    resource: z
      .exactOptional(text())
      .describe(
        "Narrows the waiver to the findings on this resource: a username (sandbox suffix ignored) or an app's developer name.",
      ),
    reason: text().describe('Why the risk is accepted, and until what (a ticket).'),
    expires: z.iso
      .date({ error: 'must be a date YYYY-MM-DD' })
      .describe(
        'Last day (UTC) the waiver applies; from the next day on the finding counts again and the report warns.',
      ),
  })
  .strict()
  .check((ctx) => {
    // A waiver for every resource of a rule would silence it org-wide: name what is accepted.
    if (ctx.value.app === undefined && ctx.value.resource === undefined)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: 'a waiver needs app, resource or both: a waiver for every resource is not allowed',
      });
  })
  .describe(
    'An accepted risk: matching findings report status waived with what they would have been. ' +
      'Needs a reason and an expiry.',
  );
export type Waiver = z.infer<typeof WaiverSchema>;

const DAYS = z.int();

export const ManifestSettingsSchema = z
  .object({
    auditorApps: z
      .exactOptional(z.array(apiName('an app developer', 'RunAs_Guard_Auditor')))
      .describe("The auditor's own app(s): reported as such, not audited as integrations."),
    failOn: z
      .exactOptional(z.enum(SEVERITIES))
      .describe(
        'Lowest severity of a failure that makes the exit code 1 (--fail-on wins). Default high.',
      ),
    expiringAssignmentDays: z
      .exactOptional(DAYS.min(0).max(3650))
      .describe('RG-0013: an assignment expiring within this many days is reported. Default 14.'),
    dormantDays: z
      .exactOptional(DAYS.min(1).max(3650))
      .describe('RG-0021, RG-0027, RG-0028, RG-0030: the look-back window in days. Default 90.'),
    sandboxSuffix: z
      .exactOptional(
        z.string().regex(/^\.?[A-Za-z][A-Za-z0-9]*$/, {
          error: 'must be a sandbox name such as uat',
        }),
      )
      .describe(
        'Sandbox name appended to usernames in the sandbox (uat for name@acme.com.uat); ' +
          '--sandbox-suffix wins.',
      ),
    sandboxSuffixes: z
      .exactOptional(
        z.record(
          z.string().regex(/^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/, {
            error: 'must be an org id (00D...)',
          }),
          z.string().regex(/^\.?[A-Za-z][A-Za-z0-9]*$/, {
            error: 'must be a sandbox name such as uat',
          }),
        ),
      )
      .describe('Per-org sandbox suffixes: org id (15 or 18 characters) to sandbox name.'),
  })
  .strict()
  .describe('Evaluation settings; each has a default without a manifest.');
export type ManifestSettings = z.infer<typeof ManifestSettingsSchema>;

export const ManifestSchema = z
  .object({
    integrations: z
      .exactOptional(z.array(ManifestIntegrationSchema))
      .describe('The client-credentials integrations of the org, one entry per app.'),
    waivers: z
      .exactOptional(z.array(WaiverSchema))
      .describe('Accepted risks, each with a reason and an expiry.'),
    settings: z.exactOptional(ManifestSettingsSchema),
  })
  .strict()
  .describe(
    'runas-guard integration manifest (runas-guard.yaml): the declared integrations, their ' +
      'run-as users and needs, waivers and settings.',
  );
export type Manifest = z.infer<typeof ManifestSchema>;
