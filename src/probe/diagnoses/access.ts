// Causes of a follow-on read refused for access: the needed object or field read is missing, or
// reaches the user only through a path that does not grant it (session-based, expired, muted).

import {
  canReadField,
  canReadObject,
  describeVia,
  excludedVia,
  found,
  knownObject,
  likely,
  ruledOut,
  targetOf,
  type Evidence,
  type EvidenceContext,
} from '../evidence.js';
import { fieldActions, hasObjectAction } from '../../model/effective/query.js';
import type { CauseDef, DiagnosisEntry } from './types.js';

export const ACCESS_CAUSES: readonly CauseDef[] = [
  {
    id: 'needed-access-session-based',
    title: 'The access comes only from a session-based permission set',
    fix: 'Grant the access through a permission set without Session Activation Required: a client-credentials session never activates session-based permission sets.',
    rules: ['RG-0012', 'RG-0010'],
    refines: [
      'object-not-readable',
      'field-hidden-by-fls',
      'object-write-not-granted',
      'field-edit-not-granted',
    ],
    evidence: (ctx) => excludedEvidence(ctx, 'session-based'),
  },
  {
    id: 'needed-access-expired-assignment',
    title: 'The access came from a permission set assignment that has expired',
    fix: 'Renew the assignment (Setup > Users > the user > Permission Set Assignments > Edit Assignments) or grant the access through a permanent assignment.',
    rules: ['RG-0013', 'RG-0010'],
    refines: [
      'object-not-readable',
      'field-hidden-by-fls',
      'object-write-not-granted',
      'field-edit-not-granted',
    ],
    evidence: (ctx) => excludedEvidence(ctx, 'expired'),
  },
  {
    id: 'needed-access-muted',
    title: "A permission set group's muting permission set removes the access",
    fix: "Edit the group's muting permission set (Setup > Permission Set Groups > the group > Muting Permission Set) so that it no longer mutes what the integration needs.",
    rules: ['RG-0014', 'RG-0010'],
    refines: [
      'object-not-readable',
      'field-hidden-by-fls',
      'object-write-not-granted',
      'field-edit-not-granted',
    ],
    evidence: (ctx) => excludedEvidence(ctx, 'muted'),
  },
  {
    id: 'object-not-readable',
    title: 'The run-as user cannot read the object',
    fix: 'Grant Read on the object through a permission set assigned to the run-as user (Object Settings > the object > Read).',
    rules: ['RG-0010'],
    evidence(ctx) {
      const { object } = targetOf(ctx);
      const access = ctx.facts.user?.access;
      if (object === undefined || access === undefined) return undefined;
      // An object the audit's schema does not have is a different cause.
      if (ctx.facts.objects !== undefined && knownObject(ctx.facts, object) === undefined)
        return undefined;
      return canReadObject(access, object)
        ? ruledOut(`the audit found Read on ${object} for the run-as user`)
        : found(`no container of the run-as user grants Read on ${object}`);
    },
  },
  {
    id: 'object-not-in-org',
    title: 'The object does not exist in this org',
    fix: "Check the object's API name (custom objects end in __c; managed ones carry a namespace prefix) and that it is deployed to this org; then correct the manifest's needs and probe query.",
    rules: [],
    evidence(ctx) {
      const { object } = targetOf(ctx);
      if (object === undefined || ctx.facts.objects === undefined) return undefined;
      return knownObject(ctx.facts, object) === undefined
        ? found(`the audit's schema of this org has no object ${object}`)
        : ruledOut(`${object} exists in the org`);
    },
  },
  {
    id: 'field-hidden-by-fls',
    title: 'Field-level security hides the field from the run-as user',
    fix: 'Grant Read on the field through a permission set assigned to the run-as user (Object Settings > the object > Field Permissions > Read Access).',
    rules: ['RG-0010'],
    evidence(ctx) {
      const { field } = targetOf(ctx);
      const access = ctx.facts.user?.access;
      if (field === undefined || access === undefined) return undefined;
      if (canReadField(access, field))
        return ruledOut(`the audit found Read on ${field} for the run-as user`);
      const [object = '', name = ''] = field.split('.');
      const known = knownObject(ctx.facts, object);
      const fls =
        known === undefined
          ? undefined
          : ctx.facts.objects?.[known]?.some((f) => f.toLowerCase() === name.toLowerCase());
      // Only fields under field-level security can be hidden by it.
      return fls === true
        ? found(`no container of the run-as user grants Read on ${field}`)
        : undefined;
    },
  },
  {
    id: 'field-not-in-org',
    title: 'The field does not exist on the object in this org',
    fix: "Check the field's API name (custom fields end in __c) and that it is deployed to this org; then correct the manifest's needs and probe query.",
    rules: [],
    evidence(ctx) {
      const { field } = targetOf(ctx);
      if (field === undefined) return undefined;
      const [object = '', name = ''] = field.split('.');
      const known = knownObject(ctx.facts, object);
      const fields = known === undefined ? undefined : ctx.facts.objects?.[known];
      if (fields === undefined) return undefined;
      // The audit lists only fields under field-level security: absence is a hint, not proof.
      return fields.some((f) => f.toLowerCase() === name.toLowerCase())
        ? ruledOut(`${field} exists in the org`)
        : likely(
            `the audit's schema lists no field ${name} under field-level security on ${known ?? object}`,
          );
    },
  },
];

/** Causes of a declared create, edit or delete that the run-as user's describe denies. */
export const WRITE_CAUSES: readonly CauseDef[] = [
  {
    id: 'object-write-not-granted',
    title: 'The run-as user lacks the object permission the write needs',
    fix: 'Grant the object permission (Create, Edit or Delete) through a permission set assigned to the run-as user (Object Settings > the object); a field is writable only when its object is.',
    rules: ['RG-0010'],
    evidence(ctx) {
      const { object } = targetOf(ctx);
      const action = objectActionOf(ctx);
      const access = ctx.facts.user?.access;
      if (object === undefined || action === undefined || access === undefined) return undefined;
      return hasObjectAction(access, object, action)
        ? ruledOut(`the audit found ${WORD[action]} on ${object} for the run-as user`)
        : found(`no container of the run-as user grants ${WORD[action]} on ${object}`);
    },
  },
  {
    id: 'field-edit-not-granted',
    title: 'Field-level security grants the field read-only',
    fix: 'Grant Edit Access on the field through a permission set assigned to the run-as user (Object Settings > the object > Field Permissions > Edit Access).',
    rules: ['RG-0010'],
    evidence(ctx) {
      const { field } = targetOf(ctx);
      const access = ctx.facts.user?.access;
      if (ctx.step.kind !== 'field' || field === undefined || access === undefined)
        return undefined;
      const actions = fieldActions(access, field);
      if (actions.includes('edit'))
        return ruledOut(`the audit found Edit on ${field} for the run-as user`);
      if (!actions.includes('read')) return undefined;
      const via = (access.fields.get(field)?.get('read') ?? []).map(describeVia);
      return found(
        `Read on ${field} comes from ${via.length > 0 ? via.join(', ') : 'the run-as user'}; no container grants Edit`,
      );
    },
  },
  {
    id: 'field-computed',
    title: 'Salesforce computes the field: no permission makes it writable',
    fix: "Write the fields the formula, roll-up or auto-number is computed from, or correct the manifest's needs: declare read only for this field.",
    rules: [],
    evidence(ctx) {
      const marked = /the describe marks it (an? [\w-]+ field)/.exec(ctx.error.message);
      return marked?.[1] === undefined
        ? undefined
        : found(`the describe of the run-as user marks it ${marked[1]}`, 'probe');
    },
  },
];

export const ACCESS_ENTRIES: readonly DiagnosisEntry[] = [
  {
    id: 'need-write-not-granted',
    title: "A declared create, edit or delete is denied by the run-as user's describe",
    match: [
      { kind: 'check', steps: ['object'], code: 'OBJECT_NOT_CREATEABLE' },
      { kind: 'check', steps: ['object'], code: 'OBJECT_NOT_UPDATEABLE' },
      { kind: 'check', steps: ['object'], code: 'OBJECT_NOT_DELETABLE' },
      { kind: 'check', steps: ['field'], code: 'FIELD_NOT_EDITABLE' },
    ],
    confidence: 'DOC',
    known:
      "A describe says, for the calling user, whether the object is createable, updateable and deletable and whether each field is createable and updateable (DOC); the probe reads these flags under the run-as user's token instead of writing a record, so a write the callback needs would fail.",
    causes: [
      { cause: 'needed-access-muted', confidence: 'DOC' },
      { cause: 'needed-access-expired-assignment', confidence: 'DOC' },
      { cause: 'needed-access-session-based', confidence: 'DOC' },
      { cause: 'field-computed', confidence: 'DOC' },
      { cause: 'field-edit-not-granted', confidence: 'DOC' },
      { cause: 'object-write-not-granted', confidence: 'DOC' },
    ],
    example: {
      kind: 'check',
      step: 'field',
      status: 200,
      code: 'FIELD_NOT_EDITABLE',
      message:
        'Priority is not writable for the run-as user (createable false, updateable false in the describe of Case)',
    },
  },
];

const WORD = { read: 'Read', create: 'Create', edit: 'Edit', delete: 'Delete' } as const;

/** The object action a write step needs: the object's own, or the one a field write goes through. */
function objectActionOf(ctx: EvidenceContext): 'create' | 'edit' | 'delete' | undefined {
  const need = ctx.step.need;
  if (need === undefined) return undefined;
  return ctx.step.kind === 'field' ? (need.objectAction ?? 'edit') : need.action;
}

const REASON_WORDS = {
  'session-based': 'session-based (not active in a client-credentials session)',
  expired: 'an expired assignment',
  muted: "muted by its group's muting permission set",
} as const;

const REASON_NOUNS = {
  'session-based': 'a session-based permission set',
  expired: 'an expired assignment',
  muted: 'a muting permission set',
} as const;

/**
 * RG-0012/13/14: the needed read, or the needed write of a write step, reaches the user only
 * through an excluded path.
 */
function excludedEvidence(
  ctx: EvidenceContext,
  reason: keyof typeof REASON_WORDS,
): Evidence | undefined {
  const access = ctx.facts.user?.access;
  const { object, field } = targetOf(ctx);
  if (access === undefined || object === undefined) return undefined;
  const needed = neededPermission(ctx, access, object, field);
  if (needed === undefined) return undefined;
  const paths = excludedVia(access, reason, needed.permission);
  if (paths.length === 0) return ruledOut(`${needed.label} is not lost to ${REASON_NOUNS[reason]}`);
  const names = paths.map((p) =>
    p.expirationDate === undefined
      ? describeVia(p.via)
      : `${describeVia(p.via)} (expired ${p.expirationDate.slice(0, 10)})`,
  );
  const mutings = [...new Set(paths.flatMap((p) => (p.mutedBy === undefined ? [] : [p.mutedBy])))];
  const words =
    reason === 'muted' && mutings.length > 0
      ? `muted by its group's muting permission set ${mutings.join(', ')}`
      : REASON_WORDS[reason];
  return found(`${needed.label} would come from ${names.join(', ')}: ${words}`);
}

/**
 * The grant the failed step needed (`field:Case.Priority:edit`), when the user lacks it: Read for a
 * read step, the step's action for a write, the object's action first when a field write lacks it.
 */
function neededPermission(
  ctx: EvidenceContext,
  access: NonNullable<NonNullable<EvidenceContext['facts']['user']>['access']>,
  object: string,
  field: string | undefined,
): { permission: string; label: string } | undefined {
  const need = ctx.step.need;
  if (need === undefined) {
    const granted =
      field !== undefined ? canReadField(access, field) : canReadObject(access, object);
    if (granted) return undefined;
    // A field of an object the user cannot read: the object's read is what is missing.
    return field !== undefined && canReadObject(access, object)
      ? { permission: `field:${field}:read`, label: `Read on ${field}` }
      : { permission: `object:${object}:read`, label: `Read on ${object}` };
  }
  const action = objectActionOf(ctx) ?? need.action;
  if (!hasObjectAction(access, object, action))
    return { permission: `object:${object}:${action}`, label: `${WORD[action]} on ${object}` };
  if (ctx.step.kind !== 'field' || field === undefined) return undefined;
  if (fieldActions(access, field).includes('edit')) return undefined;
  return { permission: `field:${field}:edit`, label: `Edit on ${field}` };
}
