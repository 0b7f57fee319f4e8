// RuleTester (typescript-eslint's shape): valid and invalid snapshots through one tester, asserting
// message ids, apps, resources and statuses, never rendered text. Each rule also gets the catalog's
// invariants: deterministic and independent of input order, silent on an empty org, and
// `not-evaluated` for every resource when a facet it requires is failed or unsupported.
//
// The test runner is injected (RuleTester.describe / RuleTester.it) so that src/ does not depend on
// Vitest: the Vitest setup file test/helpers/setup-rule-tester.ts sets them once for every test.

import type { Severity, Status } from '../model/finding.js';
import type { Finding } from '../model/finding.js';
import type { Facet, OrgSnapshot } from '../model/snapshot.js';
import type { Rule } from './define-rule.js';
import { evaluate } from './engine.js';
import type { EvaluateOptions } from './engine.js';
import { emptySnapshot } from './testing/snapshot-builder.js';

export type TestHook = (name: string, fn: () => void) => unknown;

export interface ExpectedFinding {
  messageId: string;
  app: string;
  /** Resource name: a username or an app developer name. */
  resource: string;
  status: Status;
  severity?: Severity;
}

export interface ValidCase {
  name?: string;
  snapshot: OrgSnapshot;
  /** The rule's options. */
  options?: unknown;
  evaluate?: Omit<EvaluateOptions, 'ruleOptions'>;
}

export interface InvalidCase extends ValidCase {
  /**
   * Every finding that is not a pass, exactly; `pass` entries may be listed too and must then be
   * present.
   */
  findings: ExpectedFinding[];
}

export interface RuleTesterCases {
  valid: (OrgSnapshot | ValidCase)[];
  invalid: InvalidCase[];
}

export class RuleTesterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleTesterError';
  }
}

function run(rule: Rule, c: ValidCase): Finding[] {
  return evaluate(c.snapshot, [rule], {
    ...c.evaluate,
    ...(c.options === undefined ? {} : { ruleOptions: { [rule.meta.id]: c.options } }),
  }).findings;
}

function describeFinding(f: Pick<Finding, 'messageId' | 'app' | 'status'> & { resource: string }) {
  return `${f.status} ${f.messageId} ${f.app} ${f.resource}`;
}

function brief(f: Finding): string {
  return `${describeFinding({ ...f, resource: f.resource.name })} (${f.severity}): ${f.message}`;
}

function keyOf(app: string, resource: string): string {
  return `${app}\u0000${resource.toLowerCase()}`;
}

function toCase(valid: OrgSnapshot | ValidCase): ValidCase {
  return 'schemaVersion' in valid ? { snapshot: valid } : valid;
}

/** A valid case: something is examined, and every status is pass or skip. */
export function checkValid(rule: Rule, c: ValidCase): void {
  const findings = run(rule, c);
  const bad = findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
  if (bad.length > 0)
    throw new RuleTesterError(
      `${rule.meta.id}: expected no failures, got:\n${bad.map((f) => `  ${brief(f)}`).join('\n')}`,
    );
  if (!findings.some((f) => f.status === 'pass'))
    throw new RuleTesterError(`${rule.meta.id}: a valid case must examine something and pass it`);
}

/** An invalid case: the non-pass findings are exactly the expected ones. */
export function checkInvalid(rule: Rule, c: InvalidCase): void {
  if (!c.findings.some((f) => f.status !== 'pass'))
    throw new RuleTesterError(`${rule.meta.id}: an invalid case must expect a non-pass finding`);
  const findings = run(rule, c);
  const problems: string[] = [];
  const actual = new Map(findings.map((f) => [keyOf(f.app, f.resource.name), f]));
  const expectedKeys = new Set<string>();
  for (const expected of c.findings) {
    const key = keyOf(expected.app, expected.resource);
    expectedKeys.add(key);
    const found = actual.get(key);
    if (found === undefined) {
      problems.push(`missing: ${describeFinding(expected)}`);
      continue;
    }
    const same =
      found.status === expected.status &&
      found.messageId === expected.messageId &&
      (expected.severity === undefined || found.severity === expected.severity);
    if (!same)
      problems.push(
        `expected ${describeFinding(expected)}${expected.severity ? ` (${expected.severity})` : ''}, got ${brief(found)}`,
      );
  }
  for (const f of findings)
    if (f.status !== 'pass' && !expectedKeys.has(keyOf(f.app, f.resource.name)))
      problems.push(`unexpected: ${brief(f)}`);
  if (problems.length > 0)
    throw new RuleTesterError(`${rule.meta.id}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** The input in reverse order wherever order carries no meaning. */
function reversed(snapshot: OrgSnapshot): OrgSnapshot {
  const copy = structuredClone(snapshot);
  copy.apps.reverse();
  copy.users.reverse();
  copy.profiles.reverse();
  copy.permissionSets.reverse();
  copy.permissionSetGroups.reverse();
  copy.mutingPermissionSets.reverse();
  copy.assignments.reverse();
  copy.loginHistory.reverse();
  copy.auditTrail.reverse();
  copy.oauthTokens.reverse();
  return copy;
}

/** Two runs are equal, and so is a run over the same facts listed in another order. */
export function checkDeterminism(rule: Rule, c: ValidCase): void {
  const first = JSON.stringify(run(rule, c));
  const second = JSON.stringify(run(rule, c));
  if (first !== second) throw new RuleTesterError(`${rule.meta.id}: two runs differ`);
  const shuffled = JSON.stringify(run(rule, { ...c, snapshot: reversed(c.snapshot) }));
  if (first !== shuffled)
    throw new RuleTesterError(`${rule.meta.id}: the result depends on the order of the input`);
}

/** An org without apps: no throw, no findings, no warnings. */
export function checkEmptySnapshot(rule: Rule): void {
  const result = evaluate(emptySnapshot(), [rule]);
  if (result.findings.length > 0 || result.warnings.length > 0)
    throw new RuleTesterError(
      `${rule.meta.id}: an empty org must yield nothing, got ${result.findings.length} findings, warnings: ${result.warnings.join('; ')}`,
    );
}

/**
 * For each facet the rule requires: marked failed, every resource the rule examines is
 * not-evaluated (`requestFailed`); marked unsupported, `notInMode`. Never a pass.
 */
export function checkFacetGates(rule: Rule, c: ValidCase): void {
  const normal = run(rule, c);
  if (rule.meta.requires.some((facet) => c.snapshot.ledger[facet]?.status !== 'ok')) {
    // The case itself lacks a facet: whatever else is marked, nothing may pass.
    const passed = normal.filter((f) => f.status !== 'not-evaluated');
    if (passed.length > 0)
      throw new RuleTesterError(
        `${rule.meta.id}: a required facet is missing, yet:\n${passed.map((f) => `  ${brief(f)}`).join('\n')}`,
      );
    return;
  }
  const resources = normal.map((f) => `${f.app}/${f.resource.type}/${f.resource.name}`).sort();
  const variants: [string, (s: OrgSnapshot, f: Facet) => void, string][] = [
    [
      'failed',
      (s, facet) => {
        s.ledger[facet] = {
          status: 'failed',
          request: `test.${facet}`,
          errorCode: 'INSUFFICIENT_ACCESS',
          message: 'insufficient access',
          permission: 'Test Permission',
        };
      },
      'requestFailed',
    ],
    [
      'unsupported',
      (s, facet) => {
        s.ledger[facet] = { status: 'unsupported', reason: 'not in this test mode' };
      },
      'notInMode',
    ],
  ];
  for (const facet of rule.meta.requires)
    for (const [label, mark, messageId] of variants) {
      const snapshot = structuredClone(c.snapshot);
      mark(snapshot, facet);
      const findings = run(rule, { ...c, snapshot });
      const wrong = findings.filter(
        (f) => f.status !== 'not-evaluated' || f.messageId !== messageId,
      );
      if (wrong.length > 0)
        throw new RuleTesterError(
          `${rule.meta.id} with ${facet} ${label}: expected not-evaluated (${messageId}), got:\n${wrong.map((f) => `  ${brief(f)}`).join('\n')}`,
        );
      const got = findings.map((f) => `${f.app}/${f.resource.type}/${f.resource.name}`).sort();
      if (JSON.stringify(got) !== JSON.stringify(resources))
        throw new RuleTesterError(
          `${rule.meta.id} with ${facet} ${label}: not-evaluated resources [${got.join(', ')}] differ from the examined ones [${resources.join(', ')}]`,
        );
    }
}

/** Registers a rule's tests; set `describe` and `it` from the test runner first. */
export const RuleTester: {
  /** Set from the test runner: `RuleTester.describe = describe` (Vitest). */
  describe: TestHook | undefined;
  it: TestHook | undefined;
  run(rule: Rule, cases: RuleTesterCases): void;
} = {
  describe: undefined,
  it: undefined,
  run(rule, cases) {
    const { describe, it } = RuleTester;
    if (describe === undefined || it === undefined)
      throw new RuleTesterError(
        'set RuleTester.describe and RuleTester.it from your test runner (e.g. vitest) first',
      );
    const valid = cases.valid.map(toCase).map((c, i) => ({ c, name: c.name ?? `valid #${i + 1}` }));
    const invalid = cases.invalid.map((c, i) => ({ c, name: c.name ?? `invalid #${i + 1}` }));

    describe(`${rule.meta.id} ${rule.meta.slug}`, () => {
      describe('valid', () => {
        for (const { c, name } of valid)
          it(name, () => {
            checkValid(rule, c);
          });
      });
      describe('invalid', () => {
        for (const { c, name } of invalid)
          it(name, () => {
            checkInvalid(rule, c);
          });
      });
      describe('invariants', () => {
        it('yields nothing on an empty org', () => {
          checkEmptySnapshot(rule);
        });
        for (const { c, name } of [...valid, ...invalid]) {
          it(`is deterministic on ${name}`, () => {
            checkDeterminism(rule, c);
          });
          it(`is not-evaluated without its facets on ${name}`, () => {
            checkFacetGates(rule, c);
          });
        }
      });
    });
  },
};
