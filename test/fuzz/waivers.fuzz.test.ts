// Fuzzing waivers: the waiver part of the manifest (rule, app, resource, reason, expiry dates that
// exist and dates that do not) through parseManifest, then applyWaivers on generated findings at a
// generated evaluation time, against an independent reading of the date rule (docs/manifest.md:
// a waiver applies through its `expires` day in UTC). A pass is never waived.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { applyWaivers } from '../../src/analyze/waivers.js';
import { ManifestError } from '../../src/manifest/errors.js';
import { parseManifest } from '../../src/manifest/load.js';
import type { Waiver } from '../../src/manifest/schema.js';
import type { Finding } from '../../src/model/finding.js';
import { STATUSES } from '../../src/model/finding.js';
import { FUZZ_TIMEOUT_MS, fuzz, oddText, outcome } from './harness.js';

const FILE = 'fuzz/waivers.yaml';

const RULES = [
  ['RG-0009', 'run-as-user-high-risk-permission'],
  ['RG-0023', 'app-overbroad-scopes'],
  ['RG-0011', 'integration-excess-access'],
] as const;
const APPS = ['Billing_Callback', 'Ledger_Export', 'billing_callback'];
const USERS = ['billing@acme.com', 'billing@acme.com.uat', 'BILLING@acme.com', 'ledger@acme.com'];

/** A calendar date that may not exist: 2026-02-30, 2025-02-29, month 13, day 00. */
const dateText = fc
  .tuple(
    fc.integer({ min: 1969, max: 2101 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
  )
  .map(
    ([y, m, d]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );

const expires = fc.oneof(
  { weight: 6, arbitrary: dateText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2027-01-31T00:00:00Z',
      '2027-1-31',
      '20270131',
      'tomorrow',
      '',
      '2024-02-29',
      '0000-01-01',
    ),
  },
  { weight: 1, arbitrary: oddText },
);

const waiverValue = fc.record(
  {
    rule: fc.oneof(fc.constantFrom(...RULES.flat(), 'rg-0009', ' RG-0009', 'RG-9'), oddText),
    app: fc.constantFrom(...APPS, 'Bad Name'),
    resource: fc.constantFrom(...USERS, ...APPS, ''),
    reason: fc.constantFrom('Vendor requires it until SEC-123', '', ' '),
    expires,
  },
  { requiredKeys: ['rule', 'reason', 'expires'] },
);

const finding = fc
  .record({
    rule: fc.constantFrom(...RULES),
    app: fc.constantFrom(...APPS),
    user: fc.constantFrom(...USERS),
    onUser: fc.boolean(),
    status: fc.constantFrom(...STATUSES),
  })
  .map(
    (f) =>
      ({
        ruleId: f.rule[0],
        slug: f.rule[1],
        severity: 'high',
        status: f.status,
        app: f.app,
        resource: f.onUser ? { type: 'User', name: f.user } : { type: 'ConnectedApp', name: f.app },
        title: 'fuzz',
        message: 'fuzz',
        evidence: {},
        fingerprint: 'x',
      }) as unknown as Finding,
  );

/** Evaluation times from 1969 to 2101, some as Date objects, a few not instants at all. */
const now = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .date({
        min: new Date('1969-06-01T00:00:00Z'),
        max: new Date('2101-06-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .chain((d) => fc.constantFrom<string | Date>(d.toISOString(), d)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | Date>('soon', '', '2026-02-30T00:00:00Z', new Date(NaN)),
  },
);

function realDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The date rule, read independently: waived through the `expires` day in UTC. */
function expired(waiver: Waiver, instant: number): boolean {
  const today = new Date(instant).toISOString().slice(0, 10);
  return waiver.expires < today;
}

const sameName = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

interface Case {
  waivers: Record<string, unknown>[];
  findings: Finding[];
  now: string | Date;
  suffix: string | undefined;
}

async function checkCase(c: Case) {
  // JSON is YAML, and cheaper to write than YAML's block style.
  const text = JSON.stringify({ waivers: c.waivers }, null, 1);
  let waivers: Waiver[] = [];
  const parsed = await outcome(
    () => {
      waivers = parseManifest(text, FILE).manifest.waivers ?? [];
    },
    (error) => error instanceof ManifestError && error.message.includes(FILE),
  );
  // A date that does not exist is refused, never read as another day.
  for (const w of c.waivers)
    if (
      typeof w.expires === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(w.expires) &&
      !realDate(w.expires)
    )
      expect(parsed).toBe('refused');
  for (const w of waivers) expect(realDate(w.expires)).toBe(true);

  const before = JSON.stringify(c.findings);
  const applied = await outcome(
    () => {
      const result = applyWaivers(c.findings, waivers, c.now, { sandboxSuffix: c.suffix });
      const instant = typeof c.now === 'string' ? Date.parse(c.now) : c.now.getTime();
      expect(result.findings).toHaveLength(c.findings.length);
      for (const w of waivers) {
        const warned = result.warnings.some((m) => m.includes(`expired on ${w.expires}`));
        if (expired(w, instant)) expect(warned).toBe(true);
      }
      result.findings.forEach((out, i) => {
        const input = c.findings[i];
        if (input === undefined) throw new Error('missing finding');
        // Unchanged, or a waived copy: nothing else.
        if (out === input) return;
        expect(out.status).toBe('waived');
        // Only a failing (or unevaluated) finding is waived, by a live waiver that names it.
        expect(['pass', 'waived']).not.toContain(input.status);
        expect(out.waivedStatus).toBe(input.status);
        const by = waivers.find(
          (w) =>
            w.reason === out.waiver?.reason &&
            w.expires === out.waiver.expires &&
            !expired(w, instant) &&
            (w.app === undefined || sameName(w.app, input.app)),
        );
        expect(by).toBeDefined();
      });
    },
    (error) =>
      error instanceof RangeError &&
      error.message.startsWith('evaluation time is not ISO-8601') &&
      Number.isNaN(typeof c.now === 'string' ? Date.parse(c.now) : c.now.getTime()),
  );
  expect(JSON.stringify(c.findings)).toBe(before);
  return parsed === 'result' && applied === 'result' ? 'result' : 'refused';
}

describe('fuzz: waivers', () => {
  it(
    'validates waiver dates and waives only live, matching, failing findings',
    async () => {
      const cases = fc.record({
        waivers: fc.array(waiverValue, { maxLength: 4 }),
        findings: fc.array(finding, { maxLength: 6 }),
        now,
        suffix: fc.constantFrom(undefined, 'uat'),
      });
      const figures = await fuzz('waivers', cases, checkCase);
      expect(figures.results).toBeGreaterThan(0);
      expect(figures.refused).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});
