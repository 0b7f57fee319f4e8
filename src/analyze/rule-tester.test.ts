// The tester must catch broken rules: each check is run against a rule that breaks it.

import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../test/helpers/snapshot-builder.js';
import { defineRule } from './define-rule.js';
import type { Rule } from './define-rule.js';
import {
  checkDeterminism,
  checkEmptySnapshot,
  checkFacetGates,
  checkInvalid,
  checkValid,
  RuleTester,
  RuleTesterError,
} from './rule-tester.js';

function inactiveRule(check?: Rule<'active' | 'inactive'>['check']) {
  return defineRule({
    id: 'RG-9200',
    slug: 'tester-probe',
    aliases: [],
    title: 'Run-as user is inactive in a test',
    severity: 'critical',
    category: 'identity',
    tags: [],
    scope: 'run-as-user',
    frameworks: {},
    requires: ['apps', 'users'],
    rationale: 'A rule that exists only to exercise the tester.',
    remediation: 'Nothing to change: this rule exists only in tests.',
    references: [],
    messages: { active: '{{username}} is active', inactive: '{{username}} is inactive' },
    check:
      check ??
      ((ctx) => {
        for (const i of ctx.runAsUsers()) {
          const data = { username: i.username };
          if (i.user.isActive) ctx.pass(i, 'active', data);
          else ctx.fail(i, 'inactive', data);
        }
      }),
  });
}

const healthy = { snapshot: snapshot().build() };
const inactive = snapshot().withUser(BASE.ecaUser, { isActive: false }).build();
const expected = {
  messageId: 'inactive',
  app: BASE.eca,
  resource: BASE.ecaUser,
  status: 'fail' as const,
};

describe('checkValid', () => {
  it('accepts a passing case', () => {
    expect(() => {
      checkValid(inactiveRule(), healthy);
    }).not.toThrow();
  });

  it('rejects a failure', () => {
    expect(() => {
      checkValid(inactiveRule(), { snapshot: inactive });
    }).toThrow(/expected no failures, got:\n {2}fail inactive Billing_Callback/);
  });

  it('rejects a rule that examines nothing', () => {
    const silent = inactiveRule(() => undefined);
    expect(() => {
      checkValid(silent, healthy);
    }).toThrow('a valid case must examine something');
  });
});

describe('checkInvalid', () => {
  it('accepts exactly the expected findings', () => {
    expect(() => {
      checkInvalid(inactiveRule(), { snapshot: inactive, findings: [expected] });
    }).not.toThrow();
  });

  it('reports missing, unexpected and different findings', () => {
    const rule = inactiveRule();
    const other = { ...expected, app: BASE.connectedApp, resource: BASE.connectedAppUser };
    expect(() => {
      checkInvalid(rule, { snapshot: inactive, findings: [expected, other] });
    }).toThrow(/expected fail inactive Ledger_Export .* got pass active/);
    const both = snapshot()
      .withUser(BASE.ecaUser, { isActive: false })
      .withUser(BASE.connectedAppUser, { isActive: false })
      .build();
    expect(() => {
      checkInvalid(rule, { snapshot: both, findings: [expected] });
    }).toThrow(/unexpected: fail inactive Ledger_Export/);
    expect(() => {
      checkInvalid(rule, { snapshot: inactive, findings: [{ ...expected, app: 'Nope' }] });
    }).toThrow(/missing: fail inactive Nope/);
    expect(() => {
      checkInvalid(rule, { snapshot: inactive, findings: [{ ...expected, severity: 'low' }] });
    }).toThrow(/expected fail inactive .* \(low\), got fail inactive .* \(critical\)/);
  });

  it('requires an invalid case to expect something other than a pass', () => {
    expect(() => {
      checkInvalid(inactiveRule(), {
        snapshot: inactive,
        findings: [{ ...expected, status: 'pass', messageId: 'active' }],
      });
    }).toThrow('an invalid case must expect a non-pass finding');
  });
});

describe('checkDeterminism', () => {
  it('accepts a rule whose result does not depend on input order', () => {
    expect(() => {
      checkDeterminism(inactiveRule(), healthy);
    }).not.toThrow();
  });

  it('catches a rule that depends on the order of the snapshot', () => {
    const orderDependent = inactiveRule((ctx) => {
      const first = ctx.facet('users')[0]?.username ?? '';
      for (const i of ctx.runAsUsers()) ctx.pass(i, 'active', { username: first });
    });
    expect(() => {
      checkDeterminism(orderDependent, healthy);
    }).toThrow('depends on the order');
  });
});

describe('checkEmptySnapshot', () => {
  it('accepts a rule that finds nothing to examine', () => {
    expect(() => {
      checkEmptySnapshot(inactiveRule());
    }).not.toThrow();
  });

  it('catches a rule that crashes on an empty org', () => {
    const crashing = inactiveRule((ctx) => {
      if (ctx.facet('users').length === 0) throw new Error('no users');
    });
    expect(() => {
      checkEmptySnapshot(crashing);
    }).toThrow(/an empty org must yield nothing.*no users/);
  });
});

describe('checkFacetGates', () => {
  it('accepts a rule that examines every integration', () => {
    expect(() => {
      checkFacetGates(inactiveRule(), healthy);
    }).not.toThrow();
  });

  it('catches a rule that examines only some of its resources', () => {
    const partial = inactiveRule((ctx) => {
      const [first] = ctx.runAsUsers();
      if (first !== undefined) ctx.pass(first, 'active', { username: first.username });
    });
    expect(() => {
      checkFacetGates(partial, healthy);
    }).toThrow(/differ from the examined ones/);
  });
});

describe('RuleTester.run', () => {
  it('needs the test runner hooks', () => {
    const saved = [RuleTester.describe, RuleTester.it];
    RuleTester.describe = undefined;
    RuleTester.it = undefined;
    try {
      expect(() => {
        RuleTester.run(inactiveRule(), { valid: [], invalid: [] });
      }).toThrow(RuleTesterError);
    } finally {
      [RuleTester.describe, RuleTester.it] = saved;
    }
  });

  it('registers a test per case and invariant, and the tests run', () => {
    const names: string[] = [];
    const tests: (() => void)[] = [];
    const prefix: string[] = [];
    RuleTester.describe = (name, fn) => {
      prefix.push(name);
      fn();
      prefix.pop();
    };
    RuleTester.it = (name, fn) => {
      names.push([...prefix, name].join(' > '));
      tests.push(fn);
    };
    try {
      RuleTester.run(inactiveRule(), {
        valid: [healthy.snapshot],
        invalid: [{ name: 'inactive', snapshot: inactive, findings: [expected] }],
      });
    } finally {
      RuleTester.describe = undefined;
      RuleTester.it = undefined;
    }
    expect(names).toEqual([
      'RG-9200 tester-probe > valid > valid #1',
      'RG-9200 tester-probe > invalid > inactive',
      'RG-9200 tester-probe > invariants > yields nothing on an empty org',
      'RG-9200 tester-probe > invariants > is deterministic on valid #1',
      'RG-9200 tester-probe > invariants > is not-evaluated without its facets on valid #1',
      'RG-9200 tester-probe > invariants > is deterministic on inactive',
      'RG-9200 tester-probe > invariants > is not-evaluated without its facets on inactive',
    ]);
    for (const test of tests) test();
  });
});
