// Catalog police (docs/architecture.md 4.8): ids, slugs, folders, the rule catalog's mappings, examples.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { findControl } from '../../frameworks/index.js';
import type { Manifest } from '../../manifest/schema.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { evaluate } from '../engine.js';
import { UNDECLARED_MESSAGES } from '../declared.js';
import { findRule, RULES } from './index.js';

const DIR = import.meta.dirname;
const folders = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The rule catalog (test/fixtures/rules-catalog.md), for the rules implemented here: slug, severities, frameworks (exactly). */
const CATALOG: Record<
  string,
  { slug: string; severities: string[]; frameworks: Record<string, string[]> }
> = {
  'RG-0001': {
    slug: 'client-credentials-user-not-set',
    severities: ['critical'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-01'] },
  },
  'RG-0002': {
    slug: 'run-as-user-not-found',
    severities: ['critical'],
    frameworks: { 'owasp-nhi-2025': ['NHI8'], 'nist-csf-2.0': ['PR.AA-01'] },
  },
  'RG-0003': {
    slug: 'run-as-user-inactive',
    severities: ['critical'],
    frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['PR.AA-01', 'ID.AM-08'] },
  },
  'RG-0004': {
    slug: 'run-as-user-frozen',
    severities: ['critical'],
    frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['PR.AA-01'] },
  },
  'RG-0005': {
    slug: 'run-as-user-password-locked',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  },
  'RG-0006': {
    slug: 'run-as-user-licence-unfit',
    severities: ['high', 'low'],
    frameworks: { 'owasp-nhi-2025': ['NHI10'], 'nist-csf-2.0': ['PR.AA-01'] },
  },
  'RG-0007': {
    slug: 'run-as-user-api-disabled',
    severities: ['critical'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0008': {
    slug: 'run-as-user-not-api-only',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI10'], 'nist-csf-2.0': ['PR.AA-01'] },
  },
  'RG-0009': {
    slug: 'run-as-user-high-risk-permission',
    severities: ['critical', 'high'],
    frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'], sbs: ['SBS-ACS-008'] },
  },
  'RG-0020': {
    slug: 'run-as-user-is-admin',
    severities: ['critical'],
    frameworks: { 'owasp-nhi-2025': ['NHI10', 'NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0022': {
    slug: 'run-as-user-shared',
    severities: ['high'],
    frameworks: { 'owasp-nhi-2025': ['NHI9'] },
  },
  'RG-0038': {
    slug: 'run-as-user-not-preauthorized',
    severities: ['critical'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05'], 'owasp-nhi-2025': ['NHI4'] },
  },
  'RG-0015': {
    slug: 'permission-set-group-not-updated',
    severities: ['medium'],
    frameworks: { 'nist-csf-2.0': ['PR.PS-01'] },
  },
  'RG-0018': {
    slug: 'high-assurance-session-required',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  },
  'RG-0019': {
    slug: 'app-missing-api-scope',
    severities: ['critical'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0021': {
    slug: 'run-as-user-interactive-logins',
    severities: ['high'],
    frameworks: { 'owasp-nhi-2025': ['NHI10'], 'nist-csf-2.0': ['DE.CM-03'] },
  },
  'RG-0023': {
    slug: 'app-overbroad-scopes',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI5', 'NHI7'] },
  },
  'RG-0024': {
    slug: 'app-ip-relaxation',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI4'] },
  },
  'RG-0025': {
    slug: 'app-self-authorized',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI4'], sbs: ['SBS-OAUTH-001'] },
  },
  'RG-0027': {
    slug: 'long-lived-tokens',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI7'] },
  },
  'RG-0028': {
    slug: 'dormant-integration',
    severities: ['low'],
    frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['ID.AM-08'] },
  },
  'RG-0030': {
    slug: 'run-as-user-lifecycle-event',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['DE.CM-03', 'PR.PS-01'] },
  },
  'RG-0031': {
    slug: 'callback-login-failures',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['DE.CM-01', 'DE.CM-09'] },
  },
  'RG-0035': {
    slug: 'mfa-required-for-api-logins',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  },
  'RG-0039': {
    slug: 'apex-handler-runs-as-privileged-user',
    severities: ['high'],
    frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
  },
  // Rules that read the integration manifest or the project (RG-0010 to RG-0037).
  'RG-0010': {
    slug: 'integration-missing-access',
    severities: ['critical'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0011': {
    slug: 'integration-excess-access',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0012': {
    slug: 'needed-access-only-via-session-based-permission-set',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0013': {
    slug: 'needed-access-via-expiring-assignment',
    severities: ['high', 'medium'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05', 'ID.AM-08'] },
  },
  'RG-0014': {
    slug: 'needed-access-muted',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  },
  'RG-0016': {
    slug: 'login-ip-ranges-block-integration',
    severities: ['critical'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  },
  'RG-0017': {
    slug: 'login-hours-block-integration',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  },
  'RG-0026': {
    slug: 'consumer-secret-in-source',
    severities: ['critical'],
    frameworks: { 'owasp-nhi-2025': ['NHI2'] },
  },
  'RG-0029': {
    slug: 'run-as-user-unexpected',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05', 'PR.PS-01'] },
  },
  'RG-0036': {
    slug: 'integration-not-declared',
    severities: ['medium'],
    frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['PR.AA-01', 'ID.AM-08'] },
  },
  'RG-0037': {
    slug: 'declared-integration-missing',
    severities: ['high'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-01'] },
  },
};

function sorted(
  m: Readonly<Record<string, readonly string[] | undefined>>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(m).sort()) out[key] = [...(m[key] ?? [])].sort();
  return out;
}

describe('rule catalog', () => {
  it('has unique ids, slugs and aliases, in id order', () => {
    const keys = RULES.flatMap((r) => [r.meta.id, r.meta.slug, ...r.meta.aliases]);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('lists exactly the rule folders, each named by its slug', () => {
    expect(RULES.map((r) => r.meta.slug).sort()).toEqual(folders);
  });

  it('has rule.ts, rule.test.ts and examples.ts in every folder', () => {
    for (const folder of folders) {
      const files = readdirSync(join(DIR, folder));
      for (const file of ['rule.ts', 'rule.test.ts', 'examples.ts'])
        expect(files, folder).toContain(file);
    }
  });

  it('matches the rule catalog: slug, severities and framework mappings', () => {
    for (const rule of RULES) {
      const entry = CATALOG[rule.meta.id];
      expect(entry, rule.meta.id).toBeDefined();
      if (entry === undefined) continue;
      expect(rule.meta.slug).toBe(entry.slug);
      expect([rule.meta.severity, ...(rule.meta.severities ?? [])]).toEqual(entry.severities);
      expect(sorted(rule.meta.frameworks), rule.meta.id).toEqual(sorted(entry.frameworks));
    }
  });

  it('maps only to controls that exist in src/frameworks', () => {
    for (const rule of RULES)
      for (const [framework, controls] of Object.entries(rule.meta.frameworks))
        for (const control of controls)
          expect(
            findControl(framework, control),
            `${rule.meta.id} ${framework} ${control}`,
          ).toBeDefined();
  });

  it('uses every message it declares', () => {
    for (const folder of folders) {
      const source = readFileSync(join(DIR, folder, 'rule.ts'), 'utf8');
      const rule = RULES.find((r) => r.meta.slug === folder);
      // The shared undeclared-needs messages are reported through skipUndeclared.
      const shared = source.includes('skipUndeclared(') ? Object.keys(UNDECLARED_MESSAGES) : [];
      for (const id of Object.keys(rule?.meta.messages ?? {}))
        expect(
          source.includes(`'${id}'`) || shared.includes(id),
          `${folder}: message ${id} is never reported`,
        ).toBe(true);
    }
  });

  it('finds rules by id, slug or alias', () => {
    expect(findRule('RG-0003')?.meta.slug).toBe('run-as-user-inactive');
    expect(findRule('run-as-user-inactive')?.meta.id).toBe('RG-0003');
    expect(findRule('RG-9999')).toBeUndefined();
  });

  describe('examples', () => {
    for (const folder of folders)
      it(`${folder}: pass passes and fail fails`, async () => {
        const url = pathToFileURL(join(DIR, folder, 'examples.ts')).href;
        const examples = (await import(/* @vite-ignore */ url)) as {
          pass: OrgSnapshot;
          fail: OrgSnapshot;
          /** Rules that read the manifest export the one both examples are evaluated with. */
          manifest?: Manifest;
        };
        const rule = RULES.find((r) => r.meta.slug === folder);
        if (rule === undefined) throw new Error(`no rule for ${folder}`);
        const options = examples.manifest === undefined ? {} : { manifest: examples.manifest };
        const passing = evaluate(examples.pass, [rule], options).findings;
        expect(passing.length).toBeGreaterThan(0);
        expect(passing.filter((f) => f.status !== 'pass')).toEqual([]);
        const failing = evaluate(examples.fail, [rule], options).findings;
        expect(failing.some((f) => f.status === 'fail')).toBe(true);
        expect(failing.filter((f) => f.status === 'error' || f.status === 'not-evaluated')).toEqual(
          [],
        );
      });
  });
});
