// Whatever two sets of states hold, the comparison is consistent: a state compared with itself has
// no change, the order of the inputs never changes the report, reversing the sides swaps every
// access gain and loss, and a change's key means one change.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { FindingState, IntegrationState } from './types.js';
import { diffStates, type DriftInput } from './diff.js';
import { DriftReportSchema } from '../model/drift-report.js';

const name = fc.constantFrom('A', 'B', 'C', 'D');
const user = fc.constantFrom('a@x.com', 'b@x.com', 'A@x.com', 'c@x.com.uat', 'c@x.com');
const grant = fc.record({
  key: fc.constantFrom(
    'system:ApiEnabled',
    'object:Case:read',
    'object:Case:edit',
    'field:Case.Subject:read',
  ),
  container: fc.constantFrom('profile P', 'Set1', 'Group / Set2', 'Set1 (implied by ViewAllData)'),
});

const state: fc.Arbitrary<IntegrationState> = fc
  .record({
    app: name,
    known: fc.boolean(),
    runAs: fc.option(
      fc.record({
        username: user,
        found: fc.boolean(),
        active: fc.option(fc.boolean(), { nil: undefined }),
        frozen: fc.option(fc.boolean(), { nil: undefined }),
        licence: fc.option(fc.constantFrom('Salesforce', 'Salesforce Integration'), {
          nil: undefined,
        }),
      }),
      { nil: null },
    ),
    preAuthorized: fc.option(fc.boolean(), { nil: undefined }),
    scopes: fc.constantFrom('Api', 'Api, RefreshToken', 'Full'),
    access: fc.option(fc.uniqueArray(grant, { selector: (g) => `${g.key}|${g.container}` }), {
      nil: null,
    }),
    needs: fc.subarray(['object:Case:edit', 'system:ApiEnabled']),
  })
  .map(({ app, known, runAs, preAuthorized, scopes, access, needs }) => {
    const s: IntegrationState = {
      app,
      appType: 'ConnectedApp',
      runAs:
        runAs === null
          ? null
          : (Object.fromEntries(Object.entries(runAs).filter(([, v]) => v !== undefined)) as never),
      userStateKnown: known,
      policy: { scopes },
      access,
      needs,
    };
    if (preAuthorized !== undefined) s.preAuthorized = preAuthorized;
    return s;
  });

const finding: fc.Arbitrary<FindingState> = fc.record({
  fingerprint: fc.constantFrom('f1', 'f2', 'f3'),
  ruleId: fc.constantFrom('RG-0002', 'RG-0011', 'RG-0004'),
  status: fc.constantFrom('pass', 'fail', 'skip', 'not-evaluated'),
  severity: fc.constantFrom('critical', 'medium'),
  app: name,
  message: fc.constantFrom('m1', 'm2 a@x.com.uat', 'm2 a@x.com'),
});

const side: fc.Arbitrary<DriftInput> = fc.record({
  side: fc.constant({ label: 'side' }),
  integrations: fc.uniqueArray(state, { selector: (s) => s.app, maxLength: 4 }),
  findings: fc.uniqueArray(finding, { selector: (f) => f.fingerprint, maxLength: 3 }),
});

const OPTIONS = {
  kind: 'compare' as const,
  tool: { name: 'runas-guard', version: 't' },
  generatedAt: 'x',
};
const suffix = fc.constantFrom(undefined, 'uat');

describe('diffStates (properties)', () => {
  it('a side compared with itself has no change', () => {
    fc.assert(
      fc.property(side, suffix, (s, sandboxSuffix) => {
        const report = diffStates(s, s, { ...OPTIONS, sandboxSuffix });
        expect(report.summary.changes).toBe(0);
        expect(report.integrations.every((i) => i.presence === 'both')).toBe(true);
      }),
    );
  });

  it('is a valid drift report, the same whatever the order of its inputs', () => {
    fc.assert(
      fc.property(side, side, suffix, (a, b, sandboxSuffix) => {
        const report = diffStates(a, b, { ...OPTIONS, sandboxSuffix });
        expect(DriftReportSchema.safeParse(report).success).toBe(true);
        const reversed = (s: DriftInput): DriftInput => ({
          ...s,
          integrations: [...s.integrations].reverse(),
          findings: [...s.findings].reverse(),
        });
        const again = diffStates(reversed(a), reversed(b), { ...OPTIONS, sandboxSuffix });
        expect(JSON.stringify(again)).toBe(JSON.stringify(report));
      }),
    );
  });

  it('reversing the sides swaps gains and losses; a key is one change', () => {
    fc.assert(
      fc.property(side, side, (a, b) => {
        const count = (from: DriftInput, to: DriftInput, change: 'gained' | 'lost'): number =>
          diffStates(from, to, OPTIONS).integrations.flatMap((i) =>
            i.changes.filter((c) => c.kind === 'access' && c.change === change),
          ).length;
        expect(count(a, b, 'gained')).toBe(count(b, a, 'lost'));
        const byKey = new Map<string, string>();
        for (const i of diffStates(a, b, OPTIONS).integrations)
          for (const c of i.changes) {
            // Its subject and values; the text and username may differ in case only.
            const content = JSON.stringify(c, (k, v: unknown) =>
              k === 'breaks' || k === 'text' || k === 'username' ? undefined : v,
            );
            const seen = byKey.get(c.key);
            if (seen !== undefined) expect(content).toBe(seen);
            byKey.set(c.key, content);
          }
      }),
      { numRuns: 500 },
    );
  });
});
