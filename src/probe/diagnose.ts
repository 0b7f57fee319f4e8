// Explains one failed probe step: finds the catalog entry of the error, weighs each possible cause
// with the audit's facts and the probe's own observations, and ranks them deterministically
// (found > likely > unknown > ruled out; ties keep the catalog order).

import { CAUSES, DIAGNOSES, type DiagnosisEntry, type Matcher } from './diagnoses/index.js';
import type { EvidenceContext, ProbeContext, StepNeed } from './evidence.js';
import { type AuditFacts, noFacts } from './facts.js';
import type { Diagnosis, ProbeError, ProbeStepKind, RankedCause, Verdict } from './types.js';

export interface DiagnoseInput {
  step: { kind: ProbeStepKind; target?: string; need?: StepNeed };
  error: ProbeError;
  /** What the audit knows; absent: causes keep their catalog order. */
  facts?: AuditFacts;
  probe: ProbeContext;
}

const RANK: Readonly<Record<Verdict, number>> = {
  found: 3,
  likely: 2,
  unknown: 1,
  'ruled-out': 0,
};

function matches(matcher: Matcher, step: ProbeStepKind, error: ProbeError): boolean {
  if (matcher.kind !== error.kind) return false;
  if (matcher.steps !== undefined && !matcher.steps.includes(step)) return false;
  const code = error.code.toLowerCase();
  if (matcher.code !== undefined && matcher.code.toLowerCase() !== code) return false;
  if (matcher.codePrefix !== undefined && !code.startsWith(matcher.codePrefix.toLowerCase()))
    return false;
  if (matcher.minStatus !== undefined && error.status < matcher.minStatus) return false;
  if (matcher.descriptions !== undefined) {
    const text = error.message.toLowerCase();
    if (!matcher.descriptions.some((d) => text.includes(d.toLowerCase()))) return false;
  }
  return true;
}

/** The catalog entry for an error at a step: the first whose matcher accepts it. */
export function findEntry(step: ProbeStepKind, error: ProbeError): DiagnosisEntry {
  const entry = DIAGNOSES.find((e) => e.match.some((m) => matches(m, step, error)));
  // The catalog ends with catch-alls for every error kind.
  if (entry === undefined) throw new Error(`no diagnosis entry for a ${error.kind} error`);
  return entry;
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const entry = findEntry(input.step.kind, input.error);
  const ctx: EvidenceContext = {
    facts: input.facts ?? noFacts(),
    error: input.error,
    step: input.step,
    probe: input.probe,
  };
  const ranked = entry.causes.map((ref, index): [RankedCause, number, number] => {
    const def = CAUSES.get(ref.cause);
    if (def === undefined)
      throw new Error(`diagnosis ${entry.id} names unknown cause ${ref.cause}`);
    const evidence = def.evidence?.(ctx);
    const cause: RankedCause = {
      id: def.id,
      title: def.title,
      fix: def.fix,
      rules: [...def.rules],
      confidence: ref.confidence,
      ...(ref.note !== undefined ? { confidenceNote: ref.note } : {}),
      verdict: evidence?.verdict ?? 'unknown',
      ...(evidence !== undefined ? { evidence: evidence.detail, source: evidence.source } : {}),
    };
    // A found cause that explains another precisely ranks above it.
    const precise = cause.verdict === 'found' && (def.refines?.length ?? 0) > 0 ? 1 : 0;
    return [cause, precise, index];
  });
  ranked.sort(([a, p, i], [b, q, j]) => RANK[b.verdict] - RANK[a.verdict] || q - p || i - j);
  const causes = ranked.map(([cause]) => cause);
  const supported = causes.some((c) => c.verdict === 'found' || c.verdict === 'likely');
  const rules = [...new Set(causes.flatMap((c) => c.rules))].sort();
  const error = `${input.error.code}: ${summaryOf(input.error.message)}`;
  return {
    entry: entry.id,
    error,
    known: entry.known,
    confidence: entry.confidence,
    causes,
    supported,
    rules,
    message: messageOf(entry, error, causes, supported),
  };
}

/** Salesforce's SOQL errors start with the query and a caret: the line after `ERROR at Row` says what is wrong. */
function summaryOf(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const at = lines.findIndex((l) => l.startsWith('ERROR at Row'));
  const chosen = (at >= 0 ? lines[at + 1] : lines[0]) ?? '';
  return chosen.length > 300 ? `${chosen.slice(0, 297)}...` : chosen;
}

function rulesOf(cause: RankedCause): string {
  return cause.rules.length === 0 ? '' : ` (${cause.rules.join(', ')})`;
}

function messageOf(
  entry: DiagnosisEntry,
  error: string,
  causes: readonly RankedCause[],
  supported: boolean,
): string {
  const parts = [`${error}.`];
  const top = causes[0];
  const unconfirmed = entry.confidence === 'UNCONFIRMED' || top?.confidence === 'UNCONFIRMED';
  // Where Salesforce's behaviour is UNCONFIRMED, say what is known and what is likely, never more.
  parts.push(unconfirmed ? `Known: ${entry.known}` : entry.known);
  if (top === undefined) return parts.join(' ');
  if (supported) {
    const who = top.source === 'probe' ? 'the probe saw' : 'the audit found';
    const lead = unconfirmed ? 'Likely' : top.verdict === 'found' ? 'Cause' : 'Most likely';
    parts.push(`${lead}: ${lowerFirst(top.title)}${rulesOf(top)}; ${who} ${top.evidence ?? ''}.`);
    parts.push(`Fix: ${top.fix}`);
    const others = causes.slice(1).filter((c) => c.verdict === 'found' || c.verdict === 'likely');
    if (others.length > 0)
      parts.push(`Also possible: ${others.map((c) => lowerFirst(c.title)).join('; ')}.`);
  } else {
    const open = causes.filter((c) => c.verdict !== 'ruled-out');
    const list = (open.length > 0 ? open : causes)
      .map((c, i) => `${i + 1}) ${lowerFirst(c.title)}${rulesOf(c)}`)
      .join('; ');
    parts.push(
      `The audit could not confirm any cause. Possible causes, in catalog order: ${list}.`,
    );
    parts.push(`First check: ${top.fix}`);
  }
  const ruledOut = causes.filter((c) => c.verdict === 'ruled-out');
  if (ruledOut.length > 0)
    parts.push(
      `Ruled out: ${ruledOut.map((c) => `${lowerFirst(c.title)} (${c.evidence ?? ''})`).join('; ')}.`,
    );
  return parts.join(' ');
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z](?:[a-z]|\s)/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}
