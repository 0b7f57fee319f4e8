// Fuzzing the org fixture loader (src/fixture/): the JSON reader, emulator.json validation and the
// sObject tree records loader, in memory on one derivation of a small fixture; and, a few hundred
// times, whole fixture directories on disk with odd names, escaping package directories and
// broken files, through loadOrgFixture. Each case is a model or a FixtureError naming its file.

import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deriveSetupRows } from '../../src/fixture/derive.js';
import type { SetupIndex } from '../../src/fixture/derive.js';
import { parseEmulatorConfig } from '../../src/fixture/emulator-config.js';
import { FixtureError } from '../../src/fixture/errors.js';
import { jsonErrorOffset, parseJsonText } from '../../src/fixture/json.js';
import { loadOrgFixture } from '../../src/fixture/load.js';
import { loadProjectMetadata } from '../../src/metadata/project-metadata.js';
import { loadRecordTexts } from '../../src/fixture/records.js';
import { RowStore } from '../../src/fixture/rows.js';
import { SchemaBuilder } from '../../src/metadata/schema-builder.js';
import type { ObjectDef } from '../../src/model/schema.js';
import { FUZZ_TIMEOUT_MS, fuzz, huge, mutated, mutatedJson, oddText, outcome } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');
const MINIMAL = join(ROOT, 'test/fixtures/loader/minimal');
const DEMO_EMULATOR_JSON = readFileSync(join(ROOT, 'demo/org/emulator.json'), 'utf8');

const work = mkdtempSync(join(tmpdir(), 'runas-guard-fuzz-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const isFixtureError = (error: unknown): error is FixtureError => error instanceof FixtureError;

// ---------------------------------------------------------------------------------------------
// JSON text and emulator.json

const jsonFragment = fc.oneof(
  oddText,
  fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\u12', '\\x', '-', '01', '1.', '1e', 'tru'),
);

/** Marks every consumer secret so the messages can be searched for it. */
const SECRET = 'FUZZ-SECRET-5773AC60';
const emulatorBase = (() => {
  const value = JSON.parse(DEMO_EMULATOR_JSON) as { clients: { consumerSecret: string }[] };
  for (const client of value.clients) client.consumerSecret = `${SECRET}-${client.consumerSecret}`;
  return value;
})();

const configLeaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  oddText,
  fc.constantFrom(
    '00D000000000001',
    '00D000000000001EAA',
    '001000000000001AAA',
    '2026-02-30T00:00:00Z',
    '2026-11-25T12:00:00+14:00',
    'Europe/London',
    'Mars/Olympus',
    '::1',
    '300.1.1.1',
    '67.0',
    199,
    2001,
    'no-client-credentials-user',
  ),
);

const emulatorText = fc.oneof(
  {
    weight: 4,
    arbitrary: mutatedJson(fc.constant(emulatorBase), configLeaf).map((v) =>
      JSON.stringify(v, null, 2),
    ),
  },
  {
    weight: 2,
    arbitrary: mutated(fc.constant(JSON.stringify(emulatorBase, null, 2)), jsonFragment),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

// ---------------------------------------------------------------------------------------------
// Records

const DATA_FILES = ['User.json', 'PermissionSetAssignment.json', 'OauthToken.json', 'Account.json'];
const dataBases: unknown[] = DATA_FILES.map(
  (f) => JSON.parse(readFileSync(join(MINIMAL, 'data', f), 'utf8')) as unknown,
);

const recordLeaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  oddText,
  fc.constantFrom(
    'User',
    'PermissionSetAssignment',
    'Account',
    'Contact',
    'Profile',
    'Invoice__c',
    'Bogus',
    '@BillingUser',
    '@Nobody',
    '005000000000001AAA',
    '005000000000001',
    '00e000000000001',
    '2026-02-30',
    '2026-11-25T11:58:41.000+0000',
    'billing.integration@example.com',
    'Billing Integration',
    'Admin',
    'Billing_Sync_Integration',
  ),
  fc.constantFrom(
    { Name: 'Billing Integration' },
    { Name: 'Nobody' },
    { Username: 'billing.integration@example.com' },
    { records: [{ attributes: { type: 'Contact' }, LastName: 'X' }] },
    { records: 'x' },
    {},
  ),
);

/** A data file: a record of the minimal fixture changed, or a crafted one. */
const crafted = fc
  .array(
    fc.dictionary(
      fc.constantFrom(
        'attributes',
        'Username',
        'LastName',
        'Profile',
        'ProfileId',
        'IsActive',
        'Assignee',
        'AssigneeId',
        'PermissionSet',
        'PermissionSetId',
        'PermissionSetGroup',
        'ExpirationDate',
        'Name',
        'Id',
        'Amount__c',
        'Region__c',
        'Contacts',
        'Custom_Field__c',
        'NotAField',
        'LastLoginDate',
        '__proto__',
      ),
      recordLeaf,
      { maxKeys: 6 },
    ),
    { maxLength: 4 },
  )
  .map((records) => ({ records }));

const dataValue = fc.oneof(
  { weight: 4, arbitrary: mutatedJson(fc.constantFrom(...dataBases), recordLeaf, 2) },
  { weight: 2, arbitrary: crafted },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const dataText = fc.oneof(
  { weight: 5, arbitrary: dataValue.map((v) => JSON.stringify(v, null, 2)) },
  {
    weight: 2,
    arbitrary: mutated(
      dataValue.map((v) => JSON.stringify(v, null, 2)),
      jsonFragment,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 50_000 }).map((n) => `{"records":${'['.repeat(n)}`),
  },
);

interface Derivation {
  base: Map<string, ObjectDef>;
  store: RowStore;
  index: SetupIndex;
}
let derivation: Derivation | undefined;

beforeAll(async () => {
  // One derivation of the minimal fixture's metadata, forked for every case (deriving takes ~20 ms).
  const meta = await loadProjectMetadata(MINIMAL);
  const base = meta.schema.build();
  const store = new RowStore(new SchemaBuilder(base), '5e');
  const index = deriveSetupRows(store, {
    ...meta,
    components: meta.components.map((c) => c.component),
  });
  derivation = { base, store, index };
});

function loadData(texts: readonly string[]): void {
  if (derivation === undefined) throw new Error('no derivation');
  const store = derivation.store.fork(new SchemaBuilder(derivation.base));
  const before = [...store.toMap().values()].reduce((n, rows) => n + rows.length, 0);
  loadRecordTexts(
    texts.map((text, i) => ({ file: `data/f${i}.json`, text })),
    store,
    derivation.index,
    { timeZone: 'GMT' },
  );
  // At most as many rows as objects in the files: nothing is invented.
  const after = [...store.toMap().values()].reduce((n, rows) => n + rows.length, 0);
  const objects = texts.reduce((n, t) => n + (t.match(/\{/g)?.length ?? 0), 0);
  expect(after - before).toBeLessThanOrEqual(objects);
}

// ---------------------------------------------------------------------------------------------
// Whole directories on disk

/** The minimal fixture's files, read once; each directory case writes some of them. */
const MINIMAL_FILES = new Map(
  readdirSync(MINIMAL, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return [relative(MINIMAL, path).split(sep).join('/'), readFileSync(path, 'utf8')] as const;
    })
    .filter(([path]) => path !== 'sfdx-project.json'),
);

interface Tree {
  files: string[];
  data: string[];
  project: unknown;
  extras: { path: string; text: string }[];
  link: boolean;
  emulator: string | undefined;
}

const segment = fc.oneof(
  fc.constantFrom(
    'force-app',
    'main',
    'default',
    'profiles',
    'permissionsets',
    'connectedApps',
    'objects',
    'fields',
    'Ps',
    '.hidden',
    'node_modules',
    'Custom%3A Sales',
    '%E0%A4%A',
    'é',
    'a b',
  ),
  fc.stringMatching(/^[A-Za-z0-9_.%-]{1,12}$/).filter((s) => s !== '.' && s !== '..'),
);
const fileName = fc.oneof(
  fc.constantFrom(
    'Admin.profile-meta.xml',
    'X.permissionset-meta.xml',
    'Ps.permissionset-meta.xml',
    'A.connectedApp-meta.xml',
    'A.connectedApp',
    'B.profile',
    'Region__c.field-meta.xml',
    'Y.object-meta.xml',
    'Z.ecaOauthPlcy-meta.xml',
    'G.permissionsetgroup-meta.xml',
    '.profile-meta.xml',
    'x.json',
  ),
  segment.map((s) => `${s}.profile-meta.xml`),
);
const fileText = fc.oneof(
  fc.constantFrom(
    '<?xml version="1.0"?><Profile xmlns="http://soap.sforce.com/2006/04/metadata"><custom>true</custom></Profile>',
    '<PermissionSet><label>x</label></PermissionSet>',
    '<ConnectedApp><label>A</label><oauthConfig><isClientCredentialEnabled>true</isClientCredentialEnabled></oauthConfig></ConnectedApp>',
    '<!DOCTYPE x>',
    '',
    '{}',
  ),
  oddText,
  huge(fc.constant('<a>'), 200),
);
const tree: fc.Arbitrary<Tree> = fc.record({
  files: fc.subarray([...MINIMAL_FILES.keys()]),
  // Mostly no broken file of our own: the walk, the package directories and the extras are the point.
  data: fc.oneof(
    { weight: 3, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: fc.array(dataText, { maxLength: 2 }) },
  ),
  project: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constant({ packageDirectories: [{ path: 'force-app', default: true }] }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        packageDirectories: fc.array(
          fc.record({
            path: fc.oneof(
              fc.constantFrom(
                'force-app',
                '.',
                '..',
                '../..',
                '/etc',
                'force-app/../..',
                'missing',
                '',
                'data',
              ),
              segment,
            ),
          }),
          { maxLength: 3 },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  ),
  extras: fc.array(
    fc.record({
      path: fc
        .tuple(fc.array(segment, { maxLength: 6 }), fileName)
        .map(([dirs, file]) => ['force-app', ...dirs, file].join('/')),
      text: fileText,
    }),
    { maxLength: 3 },
  ),
  link: fc.boolean(),
  emulator: fc.oneof(
    { weight: 3, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 1, arbitrary: emulatorText },
  ),
});

let treeCount = 0;
async function loadTree(t: Tree): Promise<void> {
  const dir = join(work, `tree${treeCount++}`);
  try {
    const write = (path: string, text: string): void => {
      const file = join(dir, ...path.split('/'));
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    };
    write('sfdx-project.json', JSON.stringify(t.project));
    mkdirSync(join(dir, 'force-app'), { recursive: true });
    for (const path of t.files) write(path, MINIMAL_FILES.get(path) ?? '');
    t.data.forEach((text, i) => {
      write(`data/fuzz${i}.json`, text);
    });
    if (t.emulator !== undefined) writeFileSync(join(dir, 'emulator.json'), t.emulator);
    for (const extra of t.extras) {
      try {
        write(extra.path, extra.text);
      } catch {
        // A path that is a file in one extra and a folder in another: skip it.
      }
    }
    // A symbolic link out of the fixture, which the walk must not follow.
    if (t.link) symlinkSync('/etc', join(dir, 'force-app', 'etc-link'));
    const org = await loadOrgFixture(dir);
    expect(org.info.orgId.startsWith('00D')).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: org fixtures', () => {
  it(
    'reads every JSON text, emulator.json and data file into values or a FixtureError naming the file',
    async () => {
      // One input per case: a JSON text, an emulator.json or one or two data files.
      const cases = fc.oneof(
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('json' as const),
            text: fc.oneof(emulatorText, dataText, fc.string({ maxLength: 60 })),
          }),
        },
        {
          weight: 3,
          arbitrary: fc.record({ kind: fc.constant('emulator' as const), text: emulatorText }),
        },
        {
          weight: 5,
          arbitrary: fc.record({
            kind: fc.constant('records' as const),
            texts: fc.array(dataText, { minLength: 1, maxLength: 2 }),
          }),
        },
      );
      const figures = await fuzz('org-fixture', cases, (c) => {
        switch (c.kind) {
          case 'json':
            // The JSON reader: a value, or the line of the first error.
            return outcome(
              () => {
                parseJsonText(c.text, 'data/x.json');
                expect(jsonErrorOffset(c.text)).toBe(-1);
              },
              (error) => {
                if (!isFixtureError(error)) return false;
                expect(error.code).toBe('JSON_INVALID');
                expect(error.line).toBeGreaterThanOrEqual(1);
                expect(jsonErrorOffset(c.text)).toBeGreaterThanOrEqual(0);
                return true;
              },
            );
          case 'emulator':
            // emulator.json: never a secret in the message.
            return outcome(
              () => parseEmulatorConfig(c.text),
              (error) => {
                if (!isFixtureError(error)) return false;
                expect(error.file).toBe('emulator.json');
                expect(error.message).not.toContain(SECRET);
                expect(error.hints.join(' ')).not.toContain(SECRET);
                return true;
              },
            );
          case 'records':
            // Records on one derivation of the minimal fixture.
            return outcome(
              () => {
                loadData(c.texts);
              },
              (error) => {
                if (!isFixtureError(error)) return false;
                expect(error.file).toMatch(/^data\/f\d\.json$/);
                expect(error.message.startsWith(error.file)).toBe(true);
                return true;
              },
            );
        }
      });
      expect(figures.results).toBeGreaterThan(0);
      expect(figures.refused).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'loads whole fixture directories into a model or a FixtureError naming a file',
    async () => {
      await fuzz(
        'org-fixture-dirs',
        tree,
        (t) =>
          outcome(
            () => loadTree(t),
            (error) => {
              if (!isFixtureError(error)) return false;
              expect(error.file).not.toBe('');
              expect(error.message.startsWith(error.file)).toBe(true);
              return true;
            },
          ),
        { cases: 200 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
