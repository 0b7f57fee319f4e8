// `probe --format text` (the default): each step with its duration and outcome, then on failure the
// diagnosis (first cause, its evidence, the fix in Setup terms, the rule ids, the other candidates),
// on success the run-as user and what succeeded. Also the probes block of `audit --probe`. Strings
// come from the org and the network: control characters are neutralised and fields capped, so a
// hostile answer cannot drive the terminal or flood it.

import type { AuditProbe, ProbeReport, ProbeResultDoc } from '../model/probe-report.js';
import { clean, hanging } from './layout.js';

type Step = ProbeResultDoc['steps'][number];
type Cause = NonNullable<ProbeResultDoc['diagnosis']>['causes'][number];
type Diagnosis = NonNullable<ProbeResultDoc['diagnosis']>;
type Facts = ProbeReport['facts'];

export interface ProbeTextOptions {
  /** Also the diagnosis message, each step's request, and the evidence of every candidate. */
  verbose?: boolean;
}

const LABEL = 15;

const OUTCOME_LABEL: Readonly<Record<AuditProbe['outcome'], string>> = {
  passed: 'PASSED',
  failed: 'FAILED',
  unreachable: 'UNREACHABLE',
  'not-probed': 'NOT PROBED',
};

const VERDICT_TEXT: Readonly<Record<Cause['verdict'], string>> = {
  found: 'found',
  likely: 'likely',
  unknown: 'not known',
  'ruled-out': 'ruled out',
};

export function renderProbeText(report: ProbeReport, options: ProbeTextOptions = {}): string {
  const verbose = options.verbose === true;
  const probe = report.probe;
  const lines: string[] = [`Probe of ${clean(probe.app)}`];
  lines.push(...field('Token host', probe.loginUrl));
  lines.push(...field('Audit facts', factsLine(report.facts)));
  lines.push('');
  lines.push(...renderSteps(probe.steps, verbose));
  lines.push('');
  if (probe.outcome === 'passed') lines.push(...renderSuccess(probe));
  else if (probe.diagnosis !== undefined) lines.push(...renderDiagnosis(probe.diagnosis, verbose));
  for (const note of probe.notes) lines.push(...field('Note', note));
  if (probe.notes.length > 0) lines.push('');
  lines.push(resultLine(probe));
  return `${lines.join('\n')}\n`;
}

/** The probes of `audit --probe`, one line each, for the end of the audit's text report. */
export function renderAuditProbesText(probes: readonly AuditProbe[]): string {
  if (probes.length === 0) return '';
  const width = Math.min(40, Math.max(...probes.map((p) => Array.from(clean(p.app)).length)));
  const lines = ['Probes (live token request and read-only follow-on calls)'];
  for (const probe of probes) {
    const lead = `  ${OUTCOME_LABEL[probe.outcome].padEnd(12)}${clean(probe.app).padEnd(width)}  `;
    lines.push(...hanging(lead, ' '.repeat(lead.length), auditProbeDetail(probe)));
  }
  return `${lines.join('\n')}\n`;
}

function auditProbeDetail(probe: AuditProbe): string {
  const result = probe.result;
  if (result === undefined) return probe.reason ?? 'not probed';
  if (result.outcome === 'passed') return `run as ${runAsOf(result)}; ${result.steps.length} steps`;
  const failure = result.failure;
  const at = failure === undefined ? '' : `${failure.step}: `;
  const error = result.diagnosis?.error ?? failure?.error.code ?? 'failed';
  const top = result.diagnosis?.causes[0];
  const cause =
    top === undefined
      ? ''
      : `; ${leadOf(top, result.diagnosis)}: ${lowerFirst(top.title)}${rulesOf(top)}`;
  return `${at}${error}${cause}`;
}

function factsLine(facts: Facts): string {
  switch (facts.source) {
    case 'live':
      return `live audit${facts.collectedAt !== undefined ? ` at ${facts.collectedAt}` : ''}${failing(facts)}`;
    case 'snapshot':
      return `saved snapshot${facts.collectedAt !== undefined ? ` of ${facts.collectedAt}` : ''}${failing(facts)}`;
    case 'none':
      return 'none (no source given): causes keep their catalog order';
  }
}

function failing(facts: Facts): string {
  return facts.failingRules.length === 0
    ? '; no failing rule for this app'
    : `; failing rules ${facts.failingRules.join(', ')}`;
}

function renderSteps(steps: readonly Step[], verbose: boolean): string[] {
  // Wide enough for `field Object__c.Field_Name__c: edit`; longer names push their line right.
  const width = Math.min(48, Math.max(8, ...steps.map((s) => Array.from(clean(s.name)).length)));
  const lines: string[] = [];
  for (const step of steps) {
    const duration = `${String(step.durationMs)} ms`.padStart(8);
    const lead = `  ${step.ok ? 'OK  ' : 'FAIL'}  ${clean(step.name).padEnd(width)}${duration}  `;
    const outcome =
      step.ok || step.error === undefined
        ? step.detail
        : `${step.error.code}${step.error.message === '' ? '' : `: ${step.error.message}`}`;
    lines.push(...hanging(lead, ' '.repeat(lead.length), outcome));
    const indent = ' '.repeat(lead.length);
    if (!step.ok && step.error !== undefined) lines.push(...hanging(indent, indent, step.detail));
    if ((verbose || !step.ok) && step.request !== undefined)
      lines.push(...hanging(indent, indent, `request: ${step.request}`));
  }
  if (steps.length === 0) lines.push('  (no step ran)');
  return lines;
}

function renderSuccess(probe: ProbeResultDoc): string[] {
  const lines = [...field('Run-as user', `${runAsOf(probe)}${orgOf(probe)}`)];
  if (probe.scopes !== undefined)
    lines.push(...field('Scopes', probe.scopes.length === 0 ? '(none)' : probe.scopes.join(' ')));
  lines.push(...field('Succeeded', probe.steps.map((s) => s.name).join(', ')));
  lines.push('');
  return lines;
}

function renderDiagnosis(diagnosis: Diagnosis, verbose: boolean): string[] {
  const lines = [`Diagnosis of ${clean(diagnosis.error)} (${diagnosis.confidence})`];
  lines.push(...field('Known', diagnosis.known));
  const [top, ...others] = diagnosis.causes;
  if (top !== undefined) {
    if (!diagnosis.supported)
      lines.push(
        ...field(
          'Note',
          'The audit could not confirm any cause: the candidates are in catalog order.',
        ),
      );
    lines.push(...field(capital(leadOf(top, diagnosis)), `${top.title}${rulesOf(top)}`));
    lines.push(...field('Evidence', evidenceOf(top)));
    if (top.confidence !== 'DOC')
      lines.push(
        ...field(
          'Confidence',
          `${top.confidence}${top.confidenceNote !== undefined ? `: ${top.confidenceNote}` : ''}`,
        ),
      );
    lines.push(...field('Fix', top.fix));
    lines.push(
      ...field('Rules', diagnosis.rules.length === 0 ? '(none)' : diagnosis.rules.join(', ')),
    );
  }
  if (others.length > 0) {
    lines.push('  Other candidates');
    for (const cause of others) {
      const seen =
        verbose || cause.verdict === 'ruled-out'
          ? cause.evidence === undefined
            ? ''
            : `: ${cause.evidence}`
          : '';
      lines.push(
        ...hanging(
          '    - ',
          '      ',
          `${cause.title}${rulesOf(cause)} (${VERDICT_TEXT[cause.verdict]}${seen})`,
        ),
      );
    }
  }
  if (verbose) lines.push(...field('Message', diagnosis.message));
  lines.push('');
  return lines;
}

function leadOf(top: Cause, diagnosis: Diagnosis | undefined): string {
  if (diagnosis !== undefined && !diagnosis.supported) return 'possible cause';
  if (top.verdict === 'found' && top.confidence !== 'UNCONFIRMED') return 'cause';
  return top.verdict === 'found' ? 'likely cause' : 'most likely';
}

function evidenceOf(cause: Cause): string {
  if (cause.evidence === undefined) return 'none: the audit has no fact about this cause';
  const who = cause.source === 'probe' ? 'the probe saw' : 'the audit found';
  return `${who} ${cause.evidence}`;
}

function resultLine(probe: ProbeResultDoc): string {
  switch (probe.outcome) {
    case 'passed':
      return 'Result: PASSED';
    case 'failed':
      return `Result: FAILED at ${probe.failure?.step ?? 'a step'} (a finding: exit 1)`;
    case 'unreachable':
      return `Result: UNREACHABLE: the org did not answer at ${probe.failure?.step ?? 'a step'} (exit 3)`;
  }
}

function runAsOf(probe: ProbeResultDoc): string {
  const user = probe.runAsUser;
  if (user === undefined) return '(unknown)';
  return user.username === undefined ? user.id : `${user.username} (${user.id})`;
}

function orgOf(probe: ProbeResultDoc): string {
  return probe.orgId === undefined ? '' : ` in org ${probe.orgId}`;
}

function rulesOf(cause: Cause): string {
  return cause.rules.length === 0 ? '' : ` (${cause.rules.join(', ')})`;
}

/** `The run-as user` becomes `the run-as user`; `API Enabled` stays. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `Label        value`, wrapped under the value. */
function field(label: string, value: string): string[] {
  const first = `  ${label.padEnd(LABEL)}`;
  return hanging(first, ' '.repeat(first.length), value);
}
