// defineRule(): a rule is metadata plus a pure, synchronous check (docs/architecture.md 4.1). The
// metadata is validated when the rule module loads, so a malformed rule never reaches a report.

import { z } from 'zod';

import { FRAMEWORK_IDS, findControl } from '../frameworks/index.js';
import { SEVERITIES } from '../model/finding.js';
import type { Severity } from '../model/finding.js';
import { FACETS } from '../model/snapshot.js';
import type { Facet } from '../model/snapshot.js';
import { ENGINE_MESSAGE_IDS } from './messages.js';
import type { RuleContext } from './types.js';

export const RULE_CATEGORIES = ['identity', 'privilege', 'policy', 'hygiene', 'change'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/**
 * What one status is about: `run-as-user` = one per (app, run-as user) pair with resource the
 * User; `app` = one per integration with resource the app; `manifest-integration` = one per
 * manifest entry with resource the ManifestIntegration; `source-file` = one per project file
 * holding a secret (resource the SourceFile) and one per integration without one (the app).
 */
export const RULE_SCOPES = ['run-as-user', 'app', 'manifest-integration', 'source-file'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export type FrameworkMap = Partial<Record<(typeof FRAMEWORK_IDS)[number], readonly string[]>>;

export interface RuleMeta<M extends string = string> {
  /** Opaque and permanent (docs/architecture.md 4.2). */
  id: string;
  /** Kebab-case, equal to the rule's folder name. */
  slug: string;
  /** Former ids or slugs, kept so waivers keep working. */
  aliases: readonly string[];
  /** States the risky condition, sentence case, no trailing period. */
  title: string;
  severity: Severity;
  /** Other severities a finding may take where the rule catalog gives two. */
  severities?: readonly Severity[];
  category: RuleCategory;
  tags: readonly string[];
  scope: RuleScope;
  frameworks: FrameworkMap;
  /** Snapshot facets the rule reads: a failed or unsupported one makes it `not-evaluated`. */
  requires: readonly Facet[];
  /**
   * Facets the rule reads when they were collected and does without otherwise
   * (`ctx.optionalFacet`); what it cannot decide without them it reports with `ctx.notCollected`.
   */
  optional?: readonly Facet[];
  rationale: string;
  /** What to change, in Setup terms. */
  remediation: string;
  references: readonly string[];
  messages: Readonly<Record<M, string>>;
  deprecated?: { replacedBy?: string };
}

export interface RuleDefinition<M extends string, O> extends RuleMeta<M> {
  /** Schema of the rule's options, with defaults. */
  options?: z.ZodType<O>;
  /** Pure and synchronous: no I/O, no clock (use ctx.now). */
  check(ctx: RuleContext<M>, options: O): void;
}

export interface Rule<M extends string = string, O = unknown> {
  readonly meta: Readonly<RuleMeta<M>>;
  readonly options: z.ZodType<O> | undefined;
  check(ctx: RuleContext<M>, options: O): void;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const RULE_ID = /^RG-\d{4}$/;

const TitleSchema = z
  .string()
  .min(10)
  .max(100)
  .refine((t) => /^[A-Z]/.test(t), 'starts with a capital letter (sentence case)')
  .refine((t) => !/[.\s]$/.test(t), 'has no trailing period or space')
  .refine((t) => !/\s{2}/.test(t), 'has single spaces')
  .refine(
    (t) => !/^(Enforce|Require|Disallow|Ensure|Check)\b/.test(t),
    'states the risky condition, not an instruction',
  );

const MessagesSchema = z
  .record(z.string().regex(CAMEL, 'message ids are camelCase'), z.string().min(1))
  .refine((m) => Object.keys(m).length > 0, 'has at least one message')
  .superRefine((messages, ctx) => {
    for (const [id, template] of Object.entries(messages)) {
      if ((ENGINE_MESSAGE_IDS as readonly string[]).includes(id))
        ctx.addIssue({ code: 'custom', path: [id], message: `"${id}" is reserved for the engine` });
      if (/[{}]/.test(template.replace(/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g, '')))
        ctx.addIssue({ code: 'custom', path: [id], message: 'has a malformed {{placeholder}}' });
      if (template.trim() !== template)
        ctx.addIssue({ code: 'custom', path: [id], message: 'has leading or trailing space' });
    }
  });

const FrameworksSchema = z
  .partialRecord(z.enum(FRAMEWORK_IDS), z.array(z.string()).min(1))
  .superRefine((frameworks, ctx) => {
    for (const [framework, controls] of Object.entries(frameworks))
      for (const control of controls)
        if (findControl(framework, control) === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [framework],
            message: `control ${control} is not in src/frameworks (${framework})`,
          });
  });

const RuleDefinitionSchema = z
  .strictObject({
    id: z.string().regex(RULE_ID, 'matches RG-NNNN'),
    slug: z.string().regex(KEBAB, 'is kebab-case'),
    aliases: z.array(z.string().min(1)),
    title: TitleSchema,
    severity: z.enum(SEVERITIES),
    severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
    category: z.enum(RULE_CATEGORIES),
    tags: z.array(z.string().regex(KEBAB, 'tags are kebab-case')),
    scope: z.enum(RULE_SCOPES),
    frameworks: FrameworksSchema,
    requires: z.array(z.enum(FACETS)).min(1),
    optional: z.array(z.enum(FACETS)).min(1).optional(),
    rationale: z.string().min(20),
    remediation: z.string().min(20),
    references: z.array(z.url({ protocol: /^https$/ })),
    messages: MessagesSchema,
    deprecated: z.strictObject({ replacedBy: z.string().regex(RULE_ID).optional() }).optional(),
    options: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'is a zod schema').optional(),
    check: z.custom<(...args: unknown[]) => unknown>(
      (v) => typeof v === 'function',
      'is a function',
    ),
  })
  .superRefine((rule, ctx) => {
    if (rule.severities?.includes(rule.severity))
      ctx.addIssue({ code: 'custom', path: ['severities'], message: 'repeats `severity`' });
    if (new Set(rule.requires).size !== rule.requires.length)
      ctx.addIssue({ code: 'custom', path: ['requires'], message: 'lists a facet twice' });
    const optional = rule.optional ?? [];
    if (new Set(optional).size !== optional.length)
      ctx.addIssue({ code: 'custom', path: ['optional'], message: 'lists a facet twice' });
    if (optional.some((f) => rule.requires.includes(f)))
      ctx.addIssue({
        code: 'custom',
        path: ['optional'],
        message: 'repeats a facet of `requires`',
      });
    if (rule.aliases.includes(rule.id) || rule.aliases.includes(rule.slug))
      ctx.addIssue({ code: 'custom', path: ['aliases'], message: 'repeats the id or slug' });
  });

export class RuleDefinitionError extends Error {
  constructor(
    readonly ruleId: string,
    readonly issues: readonly string[],
  ) {
    super(`rule ${ruleId} is malformed:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'RuleDefinitionError';
  }
}

/** Validates a rule's metadata (unknown keys rejected) and freezes it. */
export function defineRule<M extends string, O = undefined>(
  definition: RuleDefinition<M, O>,
): Rule<M, O> {
  const parsed = RuleDefinitionSchema.safeParse(definition);
  if (!parsed.success) {
    const id = typeof definition.id === 'string' ? definition.id : '(no id)';
    throw new RuleDefinitionError(
      id,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`),
    );
  }
  // check and options (a function, a schema) cannot be cloned: they stay outside the frozen meta.
  const meta = Object.fromEntries(
    Object.entries(definition).filter(([key]) => key !== 'check' && key !== 'options'),
  ) as unknown as RuleMeta<M>;
  const rule: Rule<M, O> = {
    meta: deepFreeze(structuredClone(meta)),
    options: definition.options,
    check: (ctx, options) => {
      definition.check(ctx, options);
    },
  };
  return Object.freeze(rule);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
