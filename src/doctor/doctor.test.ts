// Which rules doctor lists for failing requests: a facet in `requires` makes a rule not-evaluated
// (or incomplete), a facet only in `optional` leaves it evaluated without that part
// (docs/adr/0012-rule-facets.md). The catalog and the rule catalog are the real ones.

import { describe, expect, it } from 'vitest';

import { RULES } from '../analyze/rules/index.js';
import { CATALOG } from '../collect/catalog.js';
import { affectedRules, type DoctorRequest } from './doctor.js';
import { renderDoctor } from './render.js';

/** Every catalog request, answered ok except those given with their verdict. */
function requests(failing: Record<string, 'refused' | 'partial'>): DoctorRequest[] {
  return CATALOG.map((e) => ({
    id: e.id,
    facet: e.facet,
    permission: e.permission,
    userPermissions: e.userPermissions,
    sample: failing[e.id] === 'refused' ? 'refused' : 'ok',
    verdict: failing[e.id] ?? 'ok',
  }));
}

const summary = (rs: ReturnType<typeof affectedRules>) =>
  rs.map((r) => [r.id, r.verdict, r.without ?? []]);

describe('doctor: rules affected by failing requests', () => {
  it('Login History refused: the rules requiring it not-evaluated, RG-0022 (optional) reduced', () => {
    const rules = affectedRules(requests({ 'rest.query.LoginHistory': 'refused' }), RULES);
    expect(summary(rules)).toEqual([
      ['RG-0021', 'not-evaluated', []],
      ['RG-0022', 'reduced', ['loginHistory']],
      ['RG-0028', 'not-evaluated', []],
      ['RG-0031', 'not-evaluated', []],
    ]);
    expect(rules.find((r) => r.id === 'RG-0022')).toMatchObject({
      requests: ['rest.query.LoginHistory'],
      grant: ['Manage Users (or Monitor Login History)'],
    });
  });

  it('Login History answered partially: RG-0022 reduced as well, the others incomplete', () => {
    const rules = affectedRules(requests({ 'rest.query.LoginHistory': 'partial' }), RULES);
    expect(summary(rules).filter(([id]) => id === 'RG-0022' || id === 'RG-0021')).toEqual([
      ['RG-0021', 'incomplete', []],
      ['RG-0022', 'reduced', ['loginHistory']],
    ]);
  });

  it('a required facet refused as well: RG-0022 not-evaluated, still naming what it does without', () => {
    const apps = CATALOG.filter((e) => e.facet === 'apps').map((e) => e.id);
    const failing = Object.fromEntries(
      [...apps, 'rest.query.LoginHistory'].map((id) => [id, 'refused' as const]),
    );
    const rg22 = affectedRules(requests(failing), RULES).find((r) => r.id === 'RG-0022');
    expect(rg22).toMatchObject({ verdict: 'not-evaluated', without: ['loginHistory'] });
    expect(rg22?.requests).toEqual([...apps, 'rest.query.LoginHistory']);
  });

  it('nothing failing: no rule listed', () => {
    expect(affectedRules(requests({}), RULES)).toEqual([]);
  });

  it('the text says RG-0022 is evaluated without Login History', () => {
    const reqs = requests({ 'rest.query.LoginHistory': 'refused' });
    const text = renderDoctor('text', {
      instanceUrl: 'https://acme.my.salesforce.com',
      user: { id: '005000000000001AAA' },
      ownPermissions: { status: 'read', held: [] },
      requests: reqs,
      rules: affectedRules(reqs, RULES),
      grant: ['Manage Users (or Monitor Login History)'],
      complete: false,
      apiRequests: reqs.length,
    });
    expect(text).toContain(
      '  RG-0022 run-as-user-shared: reduced: evaluated without loginHistory, which it reads when collected; what it cannot decide without it is not-evaluated (rest.query.LoginHistory) | grant Manage Users (or Monitor Login History)\n',
    );
    expect(text).toMatch(/ {2}RG-0021 \S+: not-evaluated \(rest\.query\.LoginHistory\)/);
  });
});
