import { describe, expect, it } from 'vitest';

import { CollectError } from '../errors.js';
import { parseInstanceUrl, resolveLiveSource } from './connect.js';

function usageError(run: () => unknown): CollectError {
  try {
    run();
  } catch (error) {
    if (error instanceof CollectError) return error;
    throw error;
  }
  throw new Error('expected a CollectError');
}

describe('resolveLiveSource', () => {
  it('returns undefined when no live flag is given', () => {
    expect(resolveLiveSource({}, {})).toBeUndefined();
  });

  it('picks the source the flags name, without any I/O', () => {
    expect(resolveLiveSource({ targetOrg: 'prod' }, {})?.kind).toBe('sf-cli');
    expect(
      resolveLiveSource(
        { instanceUrl: 'https://acme.my.salesforce.com' },
        { SF_ACCESS_TOKEN: 'tok' },
      )?.kind,
    ).toBe('access-token');
    const auditor = resolveLiveSource(
      {
        instanceUrl: 'https://acme.my.salesforce.com/',
        auditorClientId: '3MVG9abc',
        auditorClientSecretEnv: 'RG_SECRET',
      },
      { RG_SECRET: 'very-secret-value' },
    );
    expect(auditor?.kind).toBe('auditor-app');
    expect(auditor?.description).not.toContain('very-secret-value');
  });

  it('rejects incomplete or conflicting flags as usage errors (exit 2), naming what is missing', () => {
    const cases: [Parameters<typeof resolveLiveSource>[0], Record<string, string>, RegExp][] = [
      [{ targetOrg: 'prod', instanceUrl: 'https://a.my.salesforce.com' }, {}, /cannot be combined/],
      [{ instanceUrl: 'https://a.my.salesforce.com' }, {}, /SF_ACCESS_TOKEN/],
      [{ auditorClientId: 'x', auditorClientSecretEnv: 'S' }, { S: 'v' }, /need --instance-url/],
      [
        { instanceUrl: 'https://a.my.salesforce.com', auditorClientId: 'x' },
        {},
        /--auditor-client-secret-env/,
      ],
      [
        {
          instanceUrl: 'https://a.my.salesforce.com',
          auditorClientId: 'x',
          auditorClientSecretEnv: 'MISSING',
        },
        {},
        /MISSING.*is not set/,
      ],
      [{ instanceUrl: 'http://a.my.salesforce.com' }, { SF_ACCESS_TOKEN: 't' }, /must use https/],
      [{ targetOrg: '--json' }, {}, /not an org alias/],
      [{ targetOrg: 'prod', apiVersion: 'latest' }, {}, /API version/],
    ];
    for (const [flags, env, message] of cases) {
      const error = usageError(() => resolveLiveSource(flags, env));
      expect(error.code, JSON.stringify(flags)).toBe('SOURCE_INVALID');
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(message);
    }
  });
});

describe('parseInstanceUrl', () => {
  it('keeps the origin, allows plain http on loopback only, and refuses credentials in the URL', () => {
    expect(parseInstanceUrl('https://acme.my.salesforce.com/some/path')).toBe(
      'https://acme.my.salesforce.com',
    );
    expect(parseInstanceUrl('http://127.0.0.1:4321/')).toBe('http://127.0.0.1:4321');
    expect(() => parseInstanceUrl('https://user:pw@acme.my.salesforce.com')).toThrow(/credentials/);
    expect(() => parseInstanceUrl('not a url')).toThrow(/not a URL/);
  });
});
