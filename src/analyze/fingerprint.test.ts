import { describe, expect, it } from 'vitest';

import { fingerprintOf, normalizeUsername, orgKeyOf } from './fingerprint.js';

describe('normalizeUsername', () => {
  it('lower-cases', () => {
    expect(normalizeUsername('Billing.Integration@Acme.com')).toBe('billing.integration@acme.com');
  });

  it('strips the sandbox suffix only when one is given, with or without its dot', () => {
    expect(normalizeUsername('ops@acme.com.uat')).toBe('ops@acme.com.uat');
    expect(normalizeUsername('ops@acme.com.UAT', 'uat')).toBe('ops@acme.com');
    expect(normalizeUsername('ops@acme.com.uat', '.uat')).toBe('ops@acme.com');
    expect(normalizeUsername('ops@acme.com', 'uat')).toBe('ops@acme.com');
    expect(normalizeUsername('ops@acme.comuat', 'uat')).toBe('ops@acme.comuat');
  });
});

describe('fingerprintOf', () => {
  const base = {
    ruleId: 'RG-0003',
    orgKey: '00D000000000001AAA',
    app: 'Billing',
    resource: { type: 'User' as const, name: 'ops@acme.com' },
  };

  it('changes with each part and not with username case', () => {
    const f = fingerprintOf(base);
    expect(fingerprintOf({ ...base, resource: { type: 'User', name: 'OPS@acme.com' } })).toBe(f);
    expect(fingerprintOf({ ...base, ruleId: 'RG-0004' })).not.toBe(f);
    expect(fingerprintOf({ ...base, orgKey: 'other' })).not.toBe(f);
    expect(fingerprintOf({ ...base, app: 'Billing2' })).not.toBe(f);
    expect(
      fingerprintOf({ ...base, resource: { type: 'ConnectedApp', name: 'ops@acme.com' } }),
    ).not.toBe(f);
  });

  it('cannot be confused by names containing separators', () => {
    const a = fingerprintOf({ ...base, app: 'a', resource: { type: 'ConnectedApp', name: 'b c' } });
    const b = fingerprintOf({ ...base, app: 'a b', resource: { type: 'ConnectedApp', name: 'c' } });
    expect(a).not.toBe(b);
  });

  it('keys orgs by id, projects by name', () => {
    expect(
      orgKeyOf({ org: { id: '00D1', instanceUrl: 'https://x', isSandbox: false }, project: null }),
    ).toBe('00D1');
    expect(orgKeyOf({ org: null, project: { name: 'p', path: '/p' } })).toBe('p');
  });
});
