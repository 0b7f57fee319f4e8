import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { BASE, snapshot } from '../../test/helpers/snapshot-builder.js';
import { BASE_MANIFEST } from './testing/snapshot-builder.js';
import type { Finding } from '../model/finding.js';
import { defineRule } from './define-rule.js';
import type { Rule } from './define-rule.js';
import { compareFindings, evaluate } from './engine.js';
import { RULES } from './rules/index.js';

/** A minimal rule about run-as users: fails users named in `failing`. */
function userRule(
  id: string,
  check: Rule<'ok' | 'bad'>['check'] = (ctx) => {
    for (const i of ctx.runAsUsers()) ctx.pass(i, 'ok', { username: i.username });
  },
) {
  return defineRule({
    id,
    slug: `test-rule-${id.slice(3)}`,
    aliases: [],
    title: 'Test rule finds a risky condition',
    severity: 'high',
    severities: ['low'],
    category: 'identity',
    tags: [],
    scope: 'run-as-user',
    frameworks: { 'nist-csf-2.0': ['PR.AA-01'] },
    requires: ['apps', 'users'],
    rationale: 'A rule that exists only to exercise the engine in tests.',
    remediation: 'Nothing to change: this rule exists only in tests.',
    references: [],
    messages: { ok: '{{username}} is fine', bad: '{{username}} is not fine' },
    check,
  });
}

function appRule(id: string) {
  return defineRule({
    id,
    slug: `test-app-rule-${id.slice(3)}`,
    aliases: [],
    title: 'Test rule finds a risky app',
    severity: 'medium',
    category: 'policy',
    tags: [],
    scope: 'app',
    frameworks: {},
    requires: ['apps'],
    rationale: 'A rule that exists only to exercise the engine in tests.',
    remediation: 'Nothing to change: this rule exists only in tests.',
    references: [],
    messages: { scoped: '{{app}} has scopes {{scopes}}' },
    check(ctx) {
      for (const i of ctx.integrations)
        ctx.fail(i.app, 'scoped', { app: i.app.name, scopes: i.app.scopes });
    },
  });
}

const statusOf = (findings: Finding[]) =>
  findings.map((f) => `${f.ruleId} ${f.app} ${f.resource.name} ${f.status} ${f.messageId}`);

describe('evaluate: integrations', () => {
  it('has one integration per app with the flow enabled, with its user and effective access', () => {
    const result = evaluate(snapshot().build(), []);
    expect(result.integrations).toEqual([
      {
        app: BASE.eca,
        appType: 'ExternalClientApplication',
        runAsUsername: BASE.ecaUser,
        runAsUserId: expect.stringMatching(/^005/) as unknown,
        effectiveAccess: {
          systemPermissions: ['ApiEnabled', 'ApiUserOnly'],
          objects: { Account: ['read'], Invoice__c: ['read', 'create', 'edit'] },
          fields: { 'Account.Billing_Status__c': ['read'], 'Invoice__c.Amount__c': ['read'] },
        },
        containers: [
          { type: 'Profile', name: 'Minimum Access - API Only Integrations' },
          { type: 'PermissionSet', name: BASE.ecaPermissionSet },
        ],
        listing: {
          of: 'effectiveAccess.fields',
          total: 2,
          listed: 2,
          truncated: false,
          byKind: { read: 2 },
          byContainer: [{ type: 'PermissionSet', name: BASE.ecaPermissionSet, count: 2 }],
        },
      },
      {
        app: BASE.connectedApp,
        appType: 'ConnectedApp',
        runAsUsername: BASE.connectedAppUser,
        runAsUserId: expect.stringMatching(/^005/) as unknown,
        effectiveAccess: {
          systemPermissions: ['ApiEnabled', 'ApiUserOnly'],
          objects: { Contract: ['read'], Opportunity: ['read'] },
          fields: { 'Contract.ContractTerm': ['read'], 'Opportunity.Amount': ['read'] },
        },
        containers: [
          { type: 'Profile', name: 'Minimum Access - API Only Integrations' },
          { type: 'PermissionSet', name: 'Ledger_Integration' },
        ],
        listing: {
          of: 'effectiveAccess.fields',
          total: 2,
          listed: 2,
          truncated: false,
          byKind: { read: 2 },
          byContainer: [{ type: 'PermissionSet', name: 'Ledger_Integration', count: 2 }],
        },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('leaves out apps with the flow off, and the auditor apps with a warning', () => {
    const s = snapshot()
      .withApp(BASE.eca, { clientCredentialsEnabled: false })
      .addIntegration({ app: 'RunAs_Guard_Auditor', username: 'auditor@acme.com' })
      .build();
    const result = evaluate(s, [], { settings: { auditorApps: ['RunAs_Guard_Auditor'] } });
    expect(result.integrations.map((i) => i.app)).toEqual([BASE.connectedApp]);
    expect(result.warnings).toEqual([
      "RunAs_Guard_Auditor is the auditor's own app (settings.auditorApps): not audited as an integration",
    ]);
  });

  it('reports a missing user and a missing profile as null access', () => {
    const s = snapshot()
      .removeUser(BASE.connectedAppUser)
      .withUser(BASE.ecaUser, { profileName: 'Ghost', profileFullName: 'Ghost' })
      .build();
    const result = evaluate(s, []);
    expect(
      result.integrations.map((i) => [i.app, i.runAsUserId === null, i.effectiveAccess]),
    ).toEqual([
      [BASE.eca, false, null],
      [BASE.connectedApp, true, null],
    ]);
    expect(result.warnings).toEqual([
      `effective access of ${BASE.ecaUser} (${BASE.eca}): profile "Ghost" is not in the snapshot`,
    ]);
  });

  it('resolves access at the snapshot clock, or at --now', () => {
    const s = snapshot()
      .grant('Year_End', 'ModifyAllData')
      .assign(BASE.ecaUser, {
        permissionSet: 'Year_End',
        expirationDate: '2026-12-31T00:00:00.000Z',
      })
      .build();
    const at = (now?: string) =>
      evaluate(s, [], now === undefined ? {} : { now }).integrations[0]?.effectiveAccess
        ?.systemPermissions;
    expect(at()).toContain('ModifyAllData');
    expect(at('2027-01-15T00:00:00.000Z')).not.toContain('ModifyAllData');
    expect(() => evaluate(s, [], { now: 'next tuesday' })).toThrow(RangeError);
  });
});

describe('evaluate: findings', () => {
  it('builds findings with rendered messages, meta frameworks and remediation', () => {
    const s = snapshot().build();
    const [finding] = evaluate(s, [userRule('RG-9001')]).findings;
    expect(finding).toEqual({
      ruleId: 'RG-9001',
      slug: 'test-rule-9001',
      severity: 'high',
      status: 'pass',
      app: BASE.eca,
      resource: { type: 'User', id: s.users[0]?.id, name: BASE.ecaUser },
      messageId: 'ok',
      message: `${BASE.ecaUser} is fine`,
      frameworks: { 'nist-csf-2.0': ['PR.AA-01'] },
      remediation: 'Nothing to change: this rule exists only in tests.',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
  });

  it('points app findings at the app, by type, and renders lists', () => {
    const findings = evaluate(snapshot().build(), [appRule('RG-9002')]).findings;
    expect(findings.map((f) => [f.resource, f.message])).toEqual([
      [{ type: 'ExternalClientApplication', name: BASE.eca }, `${BASE.eca} has scopes Api`],
      [{ type: 'ConnectedApp', name: BASE.connectedApp }, `${BASE.connectedApp} has scopes Api`],
    ]);
  });

  it('yields one finding per (app, user) pair: a user behind two apps gets two', () => {
    const s = snapshot().addIntegration({ app: 'Billing_Refunds', username: BASE.ecaUser }).build();
    const findings = evaluate(s, [userRule('RG-9001')]).findings;
    expect(findings.filter((f) => f.resource.name === BASE.ecaUser).map((f) => f.app)).toEqual([
      BASE.eca,
      'Billing_Refunds',
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });

  it('sorts by severity, rule id, app and resource', () => {
    const failing = userRule('RG-9003', (ctx) => {
      for (const i of ctx.runAsUsers())
        ctx.fail(i, 'bad', { username: i.username }, undefined, {
          severity: i.app.name === BASE.eca ? 'low' : 'high',
        });
    });
    const findings = evaluate(snapshot().build(), [
      appRule('RG-9002'),
      failing,
      userRule('RG-9001'),
    ]).findings;
    expect(statusOf(findings)).toEqual([
      `RG-9001 ${BASE.eca} ${BASE.ecaUser} pass ok`,
      `RG-9001 ${BASE.connectedApp} ${BASE.connectedAppUser} pass ok`,
      `RG-9003 ${BASE.connectedApp} ${BASE.connectedAppUser} fail bad`,
      `RG-9002 ${BASE.eca} ${BASE.eca} fail scoped`,
      `RG-9002 ${BASE.connectedApp} ${BASE.connectedApp} fail scoped`,
      `RG-9003 ${BASE.eca} ${BASE.ecaUser} fail bad`,
    ]);
    expect([...findings].sort(compareFindings)).toEqual(findings);
  });

  it('skips run-as users that do not exist, once per rule', () => {
    const findings = evaluate(snapshot().removeUser(BASE.ecaUser).build(), [
      userRule('RG-9001'),
    ]).findings;
    expect(statusOf(findings)).toEqual([
      `RG-9001 ${BASE.eca} ${BASE.ecaUser} skip userNotFound`,
      `RG-9001 ${BASE.connectedApp} ${BASE.connectedAppUser} pass ok`,
    ]);
  });

  it('does not change the snapshot it is given', () => {
    const s = snapshot().build();
    const before = JSON.stringify(s);
    evaluate(s, RULES);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('shares the snapshot with the rules, frozen in place, instead of copying it', () => {
    const s = snapshot().build();
    let seen: unknown;
    const reader = userRule('RG-9001', (ctx) => {
      seen = ctx.facet('users');
      for (const i of ctx.runAsUsers()) ctx.pass(i, 'ok', { username: i.username });
    });
    const first = evaluate(s, [reader]);
    expect(seen).toBe(s.users);
    expect(Object.isFrozen(s.users)).toBe(true);
    expect(Object.isFrozen(s.users[0])).toBe(true);
    // Evaluating a frozen snapshot again gives the same findings.
    expect(evaluate(s, [reader]).findings).toEqual(first.findings);
  });
});

describe('evaluate: the ledger gates rules', () => {
  it('makes every resource not-evaluated when a required facet failed, naming request and permission', () => {
    const s = snapshot()
      .failFacet('users', {
        request: 'rest.query.User',
        errorCode: 'INSUFFICIENT_ACCESS',
        permission: 'View Setup and Configuration',
      })
      .unsupportFacet('apps', 'not in this mode')
      .build();
    const findings = evaluate(s, [userRule('RG-9001')]).findings;
    expect(findings.map((f) => [f.status, f.messageId])).toEqual([
      ['not-evaluated', 'requestFailed'],
      ['not-evaluated', 'requestFailed'],
    ]);
    expect(findings[0]?.message).toBe(
      'Not evaluated: the run-as User records could not be read (request rest.query.User failed with INSUFFICIENT_ACCESS); grant the auditing user View Setup and Configuration',
    );
  });

  it('names the mode for an unsupported facet', () => {
    const findings = evaluate(snapshot().inProjectMode().build(), [userRule('RG-9001')]).findings;
    expect(findings.map((f) => [f.status, f.messageId])).toEqual([
      ['not-evaluated', 'notInMode'],
      ['not-evaluated', 'notInMode'],
    ]);
    expect(findings[0]?.message).toBe(
      'Not evaluated in project mode: the run-as User records: user state is not metadata; add a live source for it',
    );
  });

  it('does not call a run-as user missing when the User records could not be read', () => {
    // RG-0007 needs only access; without the User records its users are unknown, not absent.
    const s = snapshot()
      .failFacet('users', {
        request: 'rest.query.User',
        permission: 'View Setup and Configuration',
      })
      .with((x) => {
        x.users = [];
      })
      .build();
    const rule = RULES.find((r) => r.meta.id === 'RG-0007');
    expect(rule?.meta.requires).not.toContain('users');
    const findings = evaluate(s, rule === undefined ? [] : [rule]).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => [f.status, f.messageId])).toEqual(
      findings.map(() => ['not-evaluated', 'requestFailed']),
    );
  });

  it('treats a facet missing from the ledger as not collected', () => {
    const s = snapshot()
      .with((x) => delete x.ledger.users)
      .build();
    const findings = evaluate(s, [userRule('RG-9001')]).findings;
    expect(findings.map((f) => f.messageId)).toEqual(['requestFailed', 'requestFailed']);
    expect(findings[0]?.message).toBe('Not evaluated: the run-as User records was not collected');
  });
});

describe('evaluate: rule failures are errors, never passes', () => {
  const crashes: [string, Rule['check']][] = [
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
    [
      'reports a resource twice',
      (ctx) => {
        const [first] = ctx.runAsUsers();
        if (first === undefined) return;
        ctx.pass(first, 'ok', { username: first.username });
        ctx.pass(first, 'ok', { username: first.username });
      },
    ],
    [
      'uses an undeclared severity',
      (ctx) => {
        for (const i of ctx.runAsUsers())
          ctx.fail(i, 'bad', { username: i.username }, undefined, { severity: 'critical' });
      },
    ],
    [
      'leaves a placeholder without a value',
      (ctx) => {
        for (const i of ctx.runAsUsers()) ctx.pass(i, 'ok');
      },
    ],
    [
      'uses an unknown message id',
      (ctx) => {
        for (const i of ctx.runAsUsers()) ctx.pass(i, 'nope', { username: i.username });
      },
    ],
    [
      'reads a facet it does not require',
      (ctx) => {
        ctx.facet('loginHistory');
      },
    ],
    [
      'reads an optional facet it does not declare',
      (ctx) => {
        ctx.optionalFacet('loginHistory');
      },
    ],
    [
      'mutates the snapshot',
      (ctx) => {
        (ctx.facet('users') as unknown[]).push({});
      },
    ],
    [
      "changes a run-as user's shared resolved access (a map)",
      (ctx) => {
        for (const i of ctx.runAsUsers()) i.access?.fields.delete('Invoice__c.Amount__c');
      },
    ],
    [
      "changes a run-as user's shared resolved access (a path)",
      (ctx) => {
        for (const i of ctx.runAsUsers())
          i.access?.systemPermissions.get('ApiEnabled')?.push({ type: 'Profile', name: 'X' });
      },
    ],
  ];
  for (const [what, check] of crashes)
    it(`turns a rule that ${what} into error findings and a warning`, () => {
      const result = evaluate(snapshot().build(), [userRule('RG-9001', check)]);
      expect(result.findings.map((f) => [f.resource.name, f.status, f.messageId])).toEqual([
        [BASE.ecaUser, 'error', 'ruleError'],
        [BASE.connectedAppUser, 'error', 'ruleError'],
      ]);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(/^rule RG-9001 \(test-rule-9001\) failed: /);
    });

  it('refuses a rule listed twice', () => {
    expect(() => evaluate(snapshot().build(), [userRule('RG-9001'), userRule('RG-9001')])).toThrow(
      'rule RG-9001 is listed twice',
    );
  });
});

describe('evaluate: facets a rule reads (docs/adr/0012-rule-facets.md)', () => {
  function accessRule(id: string, check: Rule<'ok'>['check'], extra: object = {}) {
    return defineRule({
      id,
      slug: `test-access-rule-${id.slice(3)}`,
      aliases: [],
      title: 'Test rule reads the run-as access',
      severity: 'high',
      category: 'privilege',
      tags: [],
      scope: 'run-as-user',
      frameworks: {},
      requires: ['apps', 'access'],
      rationale: 'A rule that exists only to exercise the engine in tests.',
      remediation: 'Nothing to change: this rule exists only in tests.',
      references: [],
      messages: { ok: '{{username}} is fine' },
      check,
      ...extra,
    });
  }
  const passAll: Rule<'ok'>['check'] = (ctx) => {
    for (const i of ctx.runAsUsersWithAccess()) ctx.pass(i, 'ok', { username: i.username });
  };
  /** Project mode where only the ECA's manifest entry declares runAsAccess. */
  const oneDeclared = () => {
    const builder = snapshot()
      .withManifest()
      .withDeclared(BASE.connectedApp, { runAsAccess: undefined })
      .inProjectModeWithRunAsAccess();
    const manifest = builder.manifest();
    if (manifest === undefined) throw new Error('the builder has a manifest');
    return { snapshot: builder.build(), manifest };
  };

  it('gives a rule the data of a facet it requires', () => {
    const seen: number[] = [];
    const rule = accessRule('RG-9005', (ctx) => {
      seen.push(ctx.facet('access').assignments.length);
    });
    expect(evaluate(snapshot().build(), [rule]).warnings).toEqual([]);
    expect(seen[0]).toBeGreaterThan(0);
  });

  it('throws, naming rule and facet, for a facet the rule does not declare', () => {
    const rule = accessRule('RG-9005', (ctx) => {
      ctx.facet('oauthTokens');
    });
    const result = evaluate(snapshot().build(), [rule]);
    expect(result.warnings).toEqual([
      'rule RG-9005 (test-access-rule-9005) failed: RG-9005 (test-access-rule-9005) reads the facet oauthTokens but does not declare it in requires',
    ]);
    expect(new Set(result.findings.map((f) => f.status))).toEqual(new Set(['error']));
  });

  it('gives an optional facet only when collected, with its ledger entry otherwise', () => {
    const seen: unknown[] = [];
    const rule = accessRule(
      'RG-9005',
      (ctx) => {
        const history = ctx.optionalFacet('loginHistory');
        seen.push(history.collected ? 'collected' : history.entry);
      },
      { optional: ['loginHistory'] },
    );
    evaluate(snapshot().build(), [rule]);
    evaluate(snapshot().unsupportFacet('loginHistory', 'not here').build(), [rule]);
    expect(seen).toEqual(['collected', { status: 'unsupported', reason: 'not here' }]);
  });

  it('in project mode, evaluates the integration that declares runAsAccess and gates the other', () => {
    const { snapshot: s, manifest } = oneDeclared();
    const findings = evaluate(s, [accessRule('RG-9005', passAll)], { manifest }).findings;
    expect(statusOf(findings)).toEqual([
      `RG-9005 ${BASE.eca} ${BASE.ecaUser} pass ok`,
      `RG-9005 ${BASE.connectedApp} ${BASE.connectedAppUser} not-evaluated notInMode`,
    ]);
    expect(findings[1]?.message).toContain(
      `declare runAsAccess with a profile for integration ${BASE_MANIFEST.connectedApp} in runas-guard.yaml`,
    );
  });

  it('keeps its own not-evaluated when the rule reports on a gated integration or fails', () => {
    const { snapshot: s, manifest } = oneDeclared();
    const reportsAll = accessRule('RG-9005', (ctx) => {
      for (const app of ctx.apps)
        if (app.runAsUsername !== undefined) ctx.pass(app, 'ok', { username: app.runAsUsername });
    });
    const throws = accessRule('RG-9006', () => {
      throw new Error('boom');
    });
    const findings = evaluate(s, [reportsAll, throws], { manifest }).findings;
    expect(statusOf(findings)).toEqual([
      `RG-9005 ${BASE.eca} ${BASE.ecaUser} pass ok`,
      `RG-9005 ${BASE.connectedApp} ${BASE.connectedAppUser} not-evaluated notInMode`,
      `RG-9006 ${BASE.eca} ${BASE.ecaUser} error ruleError`,
      `RG-9006 ${BASE.connectedApp} ${BASE.connectedAppUser} not-evaluated notInMode`,
    ]);
  });

  it('does not gate a rule that needs no access, nor a live snapshot missing a user', () => {
    const { snapshot: s, manifest } = oneDeclared();
    expect(statusOf(evaluate(s, [appRule('RG-9002')], { manifest }).findings)).toEqual([
      `RG-9002 ${BASE.eca} ${BASE.eca} fail scoped`,
      `RG-9002 ${BASE.connectedApp} ${BASE.connectedApp} fail scoped`,
    ]);
    const live = snapshot().removeUser(BASE.connectedAppUser).build();
    expect(statusOf(evaluate(live, [accessRule('RG-9005', passAll)]).findings)).toEqual([
      `RG-9005 ${BASE.eca} ${BASE.ecaUser} pass ok`,
      `RG-9005 ${BASE.connectedApp} ${BASE.connectedAppUser} skip userNotFound`,
    ]);
  });
});

describe('evaluate: rule options', () => {
  const optioned = defineRule({
    id: 'RG-9004',
    slug: 'test-options',
    aliases: [],
    title: 'Test rule reads its options',
    severity: 'info',
    category: 'hygiene',
    tags: [],
    scope: 'app',
    frameworks: {},
    requires: ['apps'],
    rationale: 'A rule that exists only to exercise the engine in tests.',
    remediation: 'Nothing to change: this rule exists only in tests.',
    references: [],
    messages: { seen: '{{app}}: limit {{limit}}' },
    options: z.strictObject({ limit: z.number().int().default(3) }),
    check(ctx, options) {
      for (const i of ctx.integrations)
        ctx.pass(i, 'seen', { app: i.app.name, limit: options.limit });
    },
  });

  it('applies defaults and given options', () => {
    expect(evaluate(snapshot().build(), [optioned]).findings[0]?.message).toBe(
      `${BASE.eca}: limit 3`,
    );
    const given = evaluate(snapshot().build(), [optioned], {
      ruleOptions: { 'RG-9004': { limit: 7 } },
    });
    expect(given.findings[0]?.message).toBe(`${BASE.eca}: limit 7`);
  });

  it('rejects invalid options, and options for a rule without any', () => {
    expect(() =>
      evaluate(snapshot().build(), [optioned], { ruleOptions: { 'RG-9004': { limit: 'x' } } }),
    ).toThrow(/options of rule RG-9004 are invalid: limit:/);
    expect(() =>
      evaluate(snapshot().build(), [userRule('RG-9001')], { ruleOptions: { 'RG-9001': {} } }),
    ).toThrow('rule RG-9001 takes no options');
  });
});

describe('fingerprints', () => {
  const sha = (parts: unknown[]) =>
    createHash('sha256').update(JSON.stringify(parts)).digest('hex');

  it('hash rule id, org key, app, resource type and name', () => {
    const [finding] = evaluate(snapshot().build(), [userRule('RG-9001')]).findings;
    expect(finding?.fingerprint).toBe(sha(['RG-9001', BASE.orgId, BASE.eca, 'User', BASE.ecaUser]));
  });

  it('use the project name in project mode', () => {
    const s = snapshot().inProjectMode({ name: 'acme-int', path: '/x' }).build();
    const [finding] = evaluate(s, [appRule('RG-9002')]).findings;
    expect(finding?.fingerprint).toBe(
      sha(['RG-9002', 'acme-int', BASE.eca, 'ExternalClientApplication', BASE.eca]),
    );
  });

  it('ignore case and, when asked, the sandbox suffix of usernames', () => {
    const prod = evaluate(snapshot().build(), [userRule('RG-9001')]).findings;
    const sandbox = snapshot()
      .withUser(BASE.ecaUser, { username: `${BASE.ecaUser.toUpperCase()}.UAT` })
      .withApp(BASE.eca, { runAsUsername: `${BASE.ecaUser}.uat` })
      .build();
    const withSuffix = evaluate(sandbox, [userRule('RG-9001')], { sandboxSuffix: 'uat' }).findings;
    const without = evaluate(sandbox, [userRule('RG-9001')]).findings;
    expect(withSuffix[0]?.fingerprint).toBe(prod[0]?.fingerprint);
    expect(without[0]?.fingerprint).not.toBe(prod[0]?.fingerprint);
  });
});
