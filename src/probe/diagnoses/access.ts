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
import type { CauseDef } from './types.js';

export const ACCESS_CAUSES: readonly CauseDef[] = [
  {
    id: 'needed-access-session-based',
    title: 'The access comes only from a session-based permission set',
    fix: 'Grant the access through a permission set without Session Activation Required: a client-credentials session never activates session-based permission sets.',
    rules: ['RG-0012', 'RG-0010'],
    refines: ['object-not-readable', 'field-hidden-by-fls'],
    evidence: (ctx) => excludedEvidence(ctx, 'session-based'),
  },
  {
    id: 'needed-access-expired-assignment',
    title: 'The access came from a permission set assignment that has expired',
    fix: 'Renew the assignment (Setup > Users > the user > Permission Set Assignments > Edit Assignments) or grant the access through a permanent assignment.',
    rules: ['RG-0013', 'RG-0010'],
    refines: ['object-not-readable', 'field-hidden-by-fls'],
    evidence: (ctx) => excludedEvidence(ctx, 'expired'),
  },
  {
    id: 'needed-access-muted',
    title: "A permission set group's muting permission set removes the access",
    fix: "Edit the group's muting permission set (Setup > Permission Set Groups > the group > Muting Permission Set) so that it no longer mutes what the integration needs.",
    rules: ['RG-0014', 'RG-0010'],
    refines: ['object-not-readable', 'field-hidden-by-fls'],
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

/** RG-0012/13/14: the needed read reaches the user only through an excluded path. */
function excludedEvidence(
  ctx: EvidenceContext,
  reason: keyof typeof REASON_WORDS,
): Evidence | undefined {
  const access = ctx.facts.user?.access;
  const { object, field } = targetOf(ctx);
  if (access === undefined || object === undefined) return undefined;
  const what = field ?? object;
  const granted = field !== undefined ? canReadField(access, field) : canReadObject(access, object);
  if (granted) return undefined;
  // A field of an object the user cannot read: the object's read is what is missing.
  const permission =
    field !== undefined && canReadObject(access, object)
      ? `field:${field}:read`
      : `object:${object}:read`;
  const paths = excludedVia(access, reason, permission);
  if (paths.length === 0) return ruledOut(`Read on ${what} is not lost to ${REASON_NOUNS[reason]}`);
  const names = paths.map((p) =>
    p.expirationDate === undefined
      ? describeVia(p.via)
      : `${describeVia(p.via)} (expired ${p.expirationDate.slice(0, 10)})`,
  );
  return found(`Read on ${what} would come from ${names.join(', ')}: ${REASON_WORDS[reason]}`);
}
