import { describe, expect, it } from 'vitest';

import type { Manifest } from '../manifest/schema.js';
import { resolveRunSettings } from './settings.js';

const PROD = {
  id: '00D000000000001AAA',
  instanceUrl: 'https://acme.my.salesforce.com',
  isSandbox: false,
};
const UAT = {
  id: '00D000000000002AAA',
  instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com',
  isSandbox: true,
};

function manifest(settings: NonNullable<Manifest['settings']>): Manifest {
  return { integrations: [], settings };
}

describe('resolveRunSettings', () => {
  it('gives the defaults without a manifest', () => {
    const run = resolveRunSettings(undefined, {});
    expect(run.rules).toEqual({ auditorApps: [], expiringAssignmentDays: 14, dormantDays: 90 });
    expect(run.failOn).toBe('high');
    expect(run.historyDays).toBe(90);
    expect(run.sandboxSuffixFor(PROD)).toBeUndefined();
    expect(run.sandboxSuffixFor(null)).toBeUndefined();
    // A sandbox's My Domain names it.
    expect(run.sandboxSuffixFor(UAT)).toBe('uat');
  });

  it("takes the manifest's settings, and the flags over them", () => {
    const given = manifest({
      auditorApps: ['Auditor_App'],
      failOn: 'medium',
      expiringAssignmentDays: 30,
      dormantDays: 180,
      sandboxSuffix: 'qa',
    });
    const run = resolveRunSettings(given, {});
    expect(run.rules).toEqual({
      auditorApps: ['Auditor_App'],
      expiringAssignmentDays: 30,
      dormantDays: 180,
    });
    expect(run.failOn).toBe('medium');
    expect(run.historyDays).toBe(180);
    // The manifest's suffix serves sandboxes and projects, never production.
    expect(run.sandboxSuffixFor(UAT)).toBe('qa');
    expect(run.sandboxSuffixFor(null)).toBe('qa');
    expect(run.sandboxSuffixFor(PROD)).toBeUndefined();

    const flagged = resolveRunSettings(given, { failOn: 'critical', sandboxSuffix: '.Dev' });
    expect(flagged.failOn).toBe('critical');
    expect(flagged.sandboxSuffixFor(PROD)).toBe('dev');
    expect(flagged.sandboxSuffixFor(UAT)).toBe('dev');
  });

  it('reads Login History at least 90 days back, whatever dormantDays says', () => {
    expect(resolveRunSettings(manifest({ dormantDays: 7 }), {}).historyDays).toBe(90);
  });

  it('gives each org its entry of sandboxSuffixes (15 and 18 character ids alike)', () => {
    const run = resolveRunSettings(
      manifest({ sandboxSuffix: 'qa', sandboxSuffixes: { '00D000000000002': 'uat2' } }),
      {},
    );
    expect(run.sandboxSuffixFor(UAT)).toBe('uat2');
    expect(run.sandboxSuffixFor({ ...UAT, id: '00D000000000003AAA' })).toBe('qa');
  });

  it('hands out its own copy of auditorApps', () => {
    const given = manifest({ auditorApps: ['A'] });
    const run = resolveRunSettings(given, {});
    (run.rules.auditorApps as string[]).push('B');
    expect(given.settings?.auditorApps).toEqual(['A']);
  });
});
