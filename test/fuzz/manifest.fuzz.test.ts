// Fuzzing the manifest parser (parseManifest: YAML text → Manifest or ManifestError, exit 2):
// valid manifests serialised and mutated, YAML token soup, anchors and aliases (bombs included),
// merge keys, tags, deep nesting, huge scalars, `__proto__` keys, wrong types, BOMs and tabs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { ManifestError } from '../../src/manifest/errors.js';
import {
  MAX_ALIAS_COUNT,
  MAX_ISSUES,
  MAX_MANIFEST_BYTES,
  parseManifest,
} from '../../src/manifest/load.js';
import { ManifestSchema } from '../../src/manifest/schema.js';
import { FUZZ_TIMEOUT_MS, fuzz, huge, mutated, oddText, outcome } from './harness.js';

const FILE = 'fuzz/runas-guard.yaml';

const scalar = fc.oneof(
  oddText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'Billing_Callback',
    'billing@acme.com',
    'RG-0009',
    'app-overbroad-scopes',
    '2027-01-31',
    '2026-02-30',
    '203.0.113.10',
    'Mon-Fri 06:00-20:00',
    'Sun 25:00-26:00',
    'SELECT Id FROM Account',
    'read',
    'viewAll',
    'Account.Name',
    'Acount',
    '00D000000000001EAA',
    'uat',
  ),
);

/** A right value most of the time, anything now and then: the schema sees near misses. */
function mostly<T>(right: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(oddText, fc.constantFrom('name', 'app')), tie('any'), {
      maxKeys: 3,
    }),
  ),
})).any;

const appName = fc.constantFrom('Billing_Callback', 'Fleet_Telematics', 'billing_callback', 'X');
const username = fc.constantFrom('billing@acme.com', 'dock@acme.com.uat', 'a@b');
const words = fc.constantFrom('billing', 'Owner team', 'SEC-123', 'x');

/** Schedules from the grammar's own pieces: days (and words that are no days), ranges, times. */
const scheduleDay = fc.constantFrom(
  'Mon',
  'tue',
  'FRI',
  'Sun',
  'Mon-Fri',
  'Fri-Mon',
  'Sat,Sun',
  'Funday',
  'constructor',
  '__proto__',
  'Mon-constructor',
  '__proto__-Fri',
  'Mon-Tue-Wed',
  '',
);
const scheduleTime = fc
  .tuple(fc.integer({ min: 0, max: 25 }), fc.constantFrom(0, 30, 59, 60))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const schedule = fc
  .array(
    fc
      .tuple(fc.array(scheduleDay, { minLength: 1, maxLength: 2 }), scheduleTime, scheduleTime)
      .map(([days, from, to]) => `${days.join(',')} ${from}-${to}`),
    { minLength: 1, maxLength: 3 },
  )
  .map((segments) => segments.join('; '));

const integration = fc.record(
  {
    name: mostly(words, anyValue),
    app: mostly(appName, anyValue),
    runAs: mostly(username, anyValue),
    clientId: mostly(fc.constantFrom('3MVG9abc', 'key'), anyValue),
    owner: mostly(words, anyValue),
    needs: mostly(
      fc.record(
        {
          objects: fc.dictionary(
            fc.constantFrom('Account', 'Invoice__c', 'Shipment__c', 'Acount'),
            mostly(
              fc.uniqueArray(
                fc.constantFrom('read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'),
                { minLength: 1 },
              ),
              anyValue,
            ),
            { maxKeys: 3 },
          ),
          fields: fc.dictionary(
            fc.constantFrom('Account.Name', 'Invoice__c.Amount__c', 'Account', 'Acount.Name'),
            mostly(fc.uniqueArray(fc.constantFrom('read', 'edit'), { minLength: 1 }), anyValue),
            { maxKeys: 3 },
          ),
          systemPermissions: mostly(
            fc.array(fc.constantFrom('ApiEnabled', 'ApiUserOnly', 'ViewAllData', 'ApiEnable')),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    runAsAccess: mostly(
      fc.record(
        {
          profile: words,
          permissionSets: fc.array(appName, { maxLength: 2 }),
          permissionSetGroups: fc.array(appName, { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    network: mostly(
      fc.record({
        egressIps: fc.array(mostly(fc.ipV4(), anyValue), { minLength: 1, maxLength: 2 }),
      }),
      anyValue,
    ),
    schedule: mostly(schedule, anyValue),
    probe: mostly(
      fc.array(fc.record({ soql: fc.constantFrom('SELECT Id FROM Account', 'DELETE x') }), {
        maxLength: 2,
      }),
      anyValue,
    ),
  },
  { requiredKeys: ['name', 'app'] },
);

const waiver = fc.record(
  {
    rule: mostly(fc.constantFrom('RG-0009', 'app-overbroad-scopes', 'RG-9', 'rg-0009'), anyValue),
    app: mostly(appName, anyValue),
    resource: mostly(username, anyValue),
    reason: mostly(words, anyValue),
    expires: mostly(
      fc.constantFrom(
        '2027-01-31',
        '2024-02-29',
        '2026-02-29',
        '2026-13-01',
        '2027-01-31T00:00:00Z',
      ),
      anyValue,
    ),
  },
  { requiredKeys: ['rule', 'reason', 'expires'] },
);

const manifestValue = fc.record(
  {
    integrations: mostly(fc.array(integration, { maxLength: 2 }), anyValue),
    waivers: mostly(fc.array(waiver, { maxLength: 2 }), anyValue),
    settings: mostly(
      fc.record(
        {
          failOn: mostly(fc.constantFrom('critical', 'high', 'low', 'info'), anyValue),
          dormantDays: mostly(fc.integer({ min: -1, max: 4000 }), anyValue),
          expiringAssignmentDays: mostly(fc.integer({ min: -1, max: 4000 }), anyValue),
          sandboxSuffix: mostly(fc.constantFrom('uat', '.qa', '1bad'), anyValue),
          sandboxSuffixes: fc.dictionary(
            fc.constantFrom('00D000000000001EAA', '00D000000000001', 'x'),
            mostly(fc.constantFrom('uat', 'qa'), anyValue),
            { maxKeys: 2 },
          ),
          auditorApps: fc.array(appName, { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);

/** YAML syntax that parsers get wrong: anchors, aliases, merges, tags, directives, flow, quotes. */
const yamlFragment = fc.oneof(
  oddText,
  fc.constantFrom(
    '\n',
    '\n  ',
    '\n\t',
    ': ',
    '- ',
    '? ',
    '&a ',
    '*a',
    '&b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    '<<: *a',
    '!!binary ',
    '!!js/function ',
    '!<tag:yaml.org,2002:str> ',
    '%YAML 1.1\n---\n',
    '%TAG ! tag:x,2000:\n',
    '\n---\n',
    '\n...\n',
    '{',
    '}',
    '[',
    ']',
    ', ',
    '"\\u0000"',
    "'it''s'",
    '|\n  block\n',
    '>-\n  folded\n',
    '__proto__: {}',
    '\n__proto__:\n  polluted: true\n',
    'integrations:',
    'waivers:',
    'settings:',
    'yes',
    'on',
    '0o17',
    '.inf',
    '2027-01-31T00:00:00Z',
    '~',
  ),
);

/** Hostile documents built on purpose: each one a known way to hurt a YAML loader. */
const hostile = fc.oneof(
  // Billion laughs: every level doubles or decuples the previous one.
  fc.integer({ min: 2, max: 12 }).map((levels) => {
    const lines = ['a0: &a0 [lol, lol]'];
    for (let i = 1; i < levels; i++)
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    return `${lines.join('\n')}\nintegrations: *a${levels - 1}\n`;
  }),
  // Deep flow and block nesting.
  fc.integer({ min: 1, max: 20_000 }).map((n) => `integrations: ${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1, max: 2_000 }).map((n) => `integrations: ${'['.repeat(n)}`),
  fc
    .integer({ min: 1, max: 300 })
    .map(
      (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' end\n',
    ),
  fc.integer({ min: 1, max: 3_000 }).map((n) => `${'- '.repeat(n)}x\n`),
  // Huge scalars, just under and over the size cap.
  fc
    .integer({ min: MAX_MANIFEST_BYTES - 64, max: MAX_MANIFEST_BYTES + 64 })
    .map((n) => `integrations:\n  - name: "${'x'.repeat(Math.max(0, n - 30))}"\n`),
  huge(fc.constantFrom('é', '\u{1F600}', '\t', ' ', '#'), 300_000).map(
    (s) => `waivers:\n  - reason: ${s}\n`,
  ),
  // Many problems at once (the issue list is capped).
  fc
    .integer({ min: 1, max: 400 })
    .map((n) => `integrations:\n${'  - {name: 1, app: 2, bogus: 3}\n'.repeat(n)}`),
  // Many keys named like prototype members.
  fc
    .array(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), {
      minLength: 1,
      maxLength: 6,
    })
    .map(
      (keys) =>
        `integrations:\n  - name: x\n    app: Y\n${keys.map((k) => `    ${k}: 1`).join('\n')}\n`,
    ),
);

// Block style as people write it, or flow style (JSON is YAML), cheaper to write and parse.
const serialised = fc
  .tuple(mostly(manifestValue, anyValue), fc.boolean())
  .map(([value, block]) =>
    block ? stringify(value, { aliasDuplicateObjects: false }) : (JSON.stringify(value) ?? ''),
  );

const manifestText = fc.oneof(
  { weight: 6, arbitrary: serialised },
  { weight: 3, arbitrary: mutated(serialised, yamlFragment) },
  { weight: 2, arbitrary: fc.array(yamlFragment, { maxLength: 30 }).map((p) => p.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('\uFEFF', '\uFEFF\uFEFF', '\t', '\r\n', ''), serialised)
      .map(([prefix, text]) => prefix + text.replace(/ {2}/g, prefix === '\t' ? '\t' : '  ')),
  },
);

function nodes(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    count++;
    if (current !== null && typeof current === 'object')
      stack.push(...(Object.values(current) as unknown[]));
  }
  return count;
}

/** The contract of parseManifest for any text. */
function checkManifest(text: string) {
  return outcome(
    () => {
      const loaded = parseManifest(text, FILE);
      // What it returns is what the schema accepts, and no bigger than the aliases allow.
      expect(ManifestSchema.safeParse(loaded.manifest).success).toBe(true);
      expect(nodes(loaded.manifest)).toBeLessThanOrEqual((MAX_ALIAS_COUNT + 1) * (text.length + 1));
      for (const warning of loaded.warnings) expect(warning.startsWith(`${FILE}:`)).toBe(true);
    },
    (error) => {
      if (!(error instanceof ManifestError)) return false;
      // One message naming the file, at most MAX_ISSUES problems and a count of the rest.
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain(FILE);
      expect(error.issues.length).toBeGreaterThan(0);
      expect(error.issues.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
      const lines = text.split('\n').length + 1;
      for (const issue of error.issues) {
        expect(issue.file).toBe(FILE);
        if (issue.line !== undefined) expect(issue.line).toBeGreaterThanOrEqual(1);
        if (issue.line !== undefined) expect(issue.line).toBeLessThanOrEqual(lines);
      }
      return true;
    },
  );
}

describe('fuzz: manifest YAML', () => {
  it(
    'ends every text in a manifest or a ManifestError naming the file',
    async () => {
      const figures = await fuzz('manifest', manifestText, checkManifest);
      // Both sides are reached: a fuzzer that only ever refuses tests nothing past the YAML.
      expect(figures.results).toBeGreaterThan(0);
      expect(figures.refused).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'refuses hostile documents (bombs, deep nesting, huge scalars) with a ManifestError',
    async () => {
      // Each of these costs up to a second of YAML parsing: a few hundred, not ten thousand.
      await fuzz('manifest-hostile', hostile, checkManifest, { cases: 60 });
    },
    FUZZ_TIMEOUT_MS,
  );
});
