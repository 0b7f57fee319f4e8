import { describe, expect, it } from 'vitest';

import {
  matchesRunAs,
  resolveSandboxSuffix,
  sandboxNameOf,
  stripSandboxSuffix,
} from './sandbox.js';

describe('matchesRunAs', () => {
  const sandbox = { isSandbox: true, sandboxSuffix: 'uat' };

  it.each([
    // configured, declared, options, expected
    ['name@acme.com', 'name@acme.com', { isSandbox: false }, true],
    ['Name@Acme.COM', 'name@acme.com', { isSandbox: false }, true],
    [' name@acme.com ', 'name@acme.com', { isSandbox: false }, true],
    ['name@acme.com.uat', 'name@acme.com', sandbox, true],
    ['NAME@acme.com.UAT', 'name@acme.com', sandbox, true],
    ['name@acme.com.uat', 'name@acme.com', { isSandbox: true, sandboxSuffix: '.uat' }, true],
    // The manifest may name the sandbox username itself.
    ['name@acme.com.uat', 'name@acme.com.uat', sandbox, true],
    ['name@acme.com', 'name@acme.com.uat', sandbox, true],
    // No suffix given, production, or another sandbox's suffix: nothing is guessed.
    ['name@acme.com.uat', 'name@acme.com', { isSandbox: true }, false],
    ['name@acme.com.uat', 'name@acme.com', { isSandbox: false, sandboxSuffix: 'uat' }, false],
    ['name@acme.com.qa', 'name@acme.com', sandbox, false],
    ['other@acme.com.uat', 'name@acme.com', sandbox, false],
    // The suffix must be a whole last label.
    ['name@acme.comuat', 'name@acme.com', sandbox, false],
    ['', '', sandbox, false],
  ])('%s vs %s (%o) → %s', (configured, declared, options, expected) => {
    expect(matchesRunAs(configured, declared, options)).toBe(expected);
  });
});

describe('stripSandboxSuffix', () => {
  it('strips one trailing suffix, lower-cased', () => {
    expect(stripSandboxSuffix('Name@Acme.com.UAT', 'uat')).toBe('name@acme.com');
    expect(stripSandboxSuffix('name@acme.com.uat.uat', '.uat')).toBe('name@acme.com.uat');
    expect(stripSandboxSuffix('name@acme.com', 'uat')).toBe('name@acme.com');
    expect(stripSandboxSuffix('.uat', 'uat')).toBe('.uat');
    expect(stripSandboxSuffix('name@acme.com.uat')).toBe('name@acme.com.uat');
  });
});

describe('resolveSandboxSuffix', () => {
  const settings = {
    sandboxSuffix: 'qa',
    sandboxSuffixes: { '00D000000000001AAA': 'uat', '00D000000000002': 'Dev' },
  };
  const org = (id: string, isSandbox = true) => ({ id, isSandbox });

  it('prefers the flag, then the per-org map (15 or 18 characters), then the default', () => {
    expect(resolveSandboxSuffix(settings, org('00D000000000001AAA'), '.Staging')).toBe('staging');
    expect(resolveSandboxSuffix(settings, org('00D000000000001'))).toBe('uat');
    expect(resolveSandboxSuffix(settings, org('00D000000000002AAA'))).toBe('dev');
    expect(resolveSandboxSuffix(settings, org('00D000000000003AAA'))).toBe('qa');
  });

  it('takes none from the manifest for a production org, the default in project mode', () => {
    expect(resolveSandboxSuffix(settings, org('00D000000000001AAA', false))).toBeUndefined();
    expect(resolveSandboxSuffix(settings, org('00D000000000001AAA', false), 'uat')).toBe('uat');
    expect(resolveSandboxSuffix(settings, null)).toBe('qa');
    expect(resolveSandboxSuffix(undefined, org('00D000000000001AAA'))).toBeUndefined();
    expect(resolveSandboxSuffix({}, org('00D000000000001AAA'), '  ')).toBeUndefined();
  });
});

describe('the sandbox name from the My Domain host', () => {
  it('reads it from a sandbox My Domain', () => {
    expect(sandboxNameOf('https://acme--uat.sandbox.my.salesforce.com')).toBe('uat');
    expect(sandboxNameOf('https://acme-corp--qa2.sandbox.my.salesforce.com')).toBe('qa2');
    expect(sandboxNameOf('https://acme.my.salesforce.com')).toBeUndefined();
    expect(sandboxNameOf('not a url')).toBeUndefined();
  });

  it('serves as the suffix of a sandbox when neither the flag nor the manifest gives one', () => {
    const sandbox = {
      id: '00D000000000001EAA',
      isSandbox: true,
      instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com',
    };
    expect(resolveSandboxSuffix(undefined, sandbox)).toBe('uat');
    expect(resolveSandboxSuffix(undefined, sandbox, 'qa')).toBe('qa');
    expect(resolveSandboxSuffix(undefined, { ...sandbox, isSandbox: false })).toBeUndefined();
  });
});
