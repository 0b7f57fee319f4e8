import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ManifestError } from './errors.js';
import {
  DEFAULT_MANIFEST,
  formatPath,
  loadManifest,
  MAX_ISSUES,
  MAX_MANIFEST_BYTES,
  parseManifest,
} from './load.js';

const ROOT = join(import.meta.dirname, '../..');
const NORTHWIND = join(ROOT, 'test/fixtures/orgs/northwind-integrations/runas-guard.yaml');
const DEMO = join(ROOT, 'demo/org/runas-guard.yaml');
const FILE = 'runas-guard.yaml';

/** The `file:line: path: message` lines of the error `text` raises (the headline dropped). */
function problems(text: string): string[] {
  try {
    parseManifest(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    const manifestError = error as ManifestError;
    expect(manifestError.code).toBe('CONFIG_INVALID');
    return manifestError.message.split('\n').slice(1);
  }
  throw new Error('expected the manifest to be rejected');
}

/** A valid integration, the base every negative case changes one thing of. */
const BASE = `integrations:
  - name: billing-callback
    app: Billing_Callback
    runAs: billing.integration@acme.com
    needs:
      objects:
        Invoice__c: [read, create, edit]
      fields:
        Account.Billing_Status__c: [read, edit]
      systemPermissions: [ApiEnabled]
    network:
      egressIps: [203.0.113.10]
    schedule: "Mon-Fri 06:00-20:00; Sat 08:00-12:00"
    probe:
      - soql: "SELECT Id FROM Account LIMIT 1"
waivers:
  - rule: RG-0009
    app: Billing_Callback
    reason: "Vendor requires View All Data until SEC-123 closes"
    expires: 2027-01-31
settings:
  failOn: high
`;

function edit(search: string, replace: string): string {
  expect(BASE).toContain(search);
  return BASE.replace(search, replace);
}

describe('parseManifest: valid manifests', () => {
  it('parses the Northwind fixture manifest', () => {
    const { manifest, warnings, file } = parseManifest(readFileSync(NORTHWIND, 'utf8'), NORTHWIND);
    expect(file).toBe(NORTHWIND);
    expect(warnings).toEqual([]);
    expect(manifest.integrations?.map((i) => i.app)).toEqual([
      'Storefront_Orders',
      'Carrier_Tracking',
      'Ledger_Export',
      'Supplier_Catalog',
    ]);
    const carrier = manifest.integrations?.[1];
    expect(carrier?.schedule).toBe('Mon-Sat 05:00-22:00');
    expect(carrier?.network?.egressIps).toEqual(['192.0.2.40', '192.0.2.41']);
    expect(carrier?.needs?.fields).toEqual({ 'Order.Description': ['read', 'edit'] });
    // An unquoted YAML date stays the string the schema expects.
    expect(manifest.waivers).toEqual([
      {
        rule: 'RG-0023',
        app: 'Supplier_Catalog',
        reason: expect.stringContaining('PUR-318') as string,
        expires: '2027-03-31',
      },
    ]);
    expect(manifest.settings).toEqual({
      failOn: 'high',
      expiringAssignmentDays: 14,
      dormantDays: 90,
    });
  });

  it('parses the demo org manifest', async () => {
    const { manifest, warnings } = await loadManifest(DEMO);
    expect(warnings).toEqual([]);
    expect(manifest.integrations).toHaveLength(13);
    const optimizer = manifest.integrations?.find((i) => i.app === 'Route_Optimizer');
    expect(optimizer?.runAs).toBeUndefined();
    expect(optimizer?.schedule).toBe('Mon-Sun 20:00-02:00');
  });

  it('parses the base case and keeps absent keys absent', () => {
    const { manifest } = parseManifest(BASE, FILE);
    const [integration] = manifest.integrations ?? [];
    expect(integration).toBeDefined();
    expect(Object.keys(integration ?? {})).toEqual([
      'name',
      'app',
      'runAs',
      'needs',
      'network',
      'schedule',
      'probe',
    ]);
  });

  it('accepts settings only, a rule slug in a waiver, a BOM and lower-case SOQL', () => {
    const text =
      '\uFEFFwaivers:\n  - rule: app-overbroad-scopes\n    resource: Supplier_Catalog\n    reason: r\n    expires: 2027-01-31\n';
    expect(parseManifest(text, FILE).manifest.waivers?.[0]?.rule).toBe('app-overbroad-scopes');
    const lowerCase = edit('SELECT Id FROM Account LIMIT 1', 'select Id from Account');
    expect(parseManifest(lowerCase, FILE).manifest.integrations?.[0]?.probe).toEqual([
      { soql: 'select Id from Account' },
    ]);
    expect(parseManifest('settings:\n  dormantDays: 30\n', FILE).manifest).toEqual({
      settings: { dormantDays: 30 },
    });
  });

  it('keeps YAML 1.2 semantics under a %YAML 1.1 directive', () => {
    const text = `%YAML 1.1\n---\nwaivers:\n  - rule: RG-0001\n    app: A\n    reason: yes\n    expires: 2027-01-31\n`;
    expect(parseManifest(text, FILE).manifest.waivers?.[0]).toMatchObject({
      reason: 'yes',
      expires: '2027-01-31',
    });
  });

  it('warns about duplicate names and apps, with their lines, without failing', () => {
    const text = `${BASE.split('waivers:')[0] ?? ''}  - name: billing-callback
    app: billing_callback
`;
    expect(parseManifest(text, FILE).warnings).toEqual([
      'runas-guard.yaml:16: integrations[1].name: name "billing-callback" is also integrations[0].name',
      'runas-guard.yaml:17: integrations[1].app: app "billing_callback" is also integrations[0].app',
    ]);
  });

  it('exports the default file name', () => {
    expect(DEFAULT_MANIFEST).toBe('runas-guard.yaml');
  });
});

describe('parseManifest: errors name file:line: path', () => {
  it('an unknown key, with a suggestion', () => {
    expect(problems(edit('    runAs:', '    runAss:'))).toEqual([
      'runas-guard.yaml:4: integrations[0].runAss: unknown key "runAss" (did you mean "runAs"?)',
    ]);
    expect(problems(`${BASE}colour: blue\n`)).toEqual([
      'runas-guard.yaml:23: colour: unknown key "colour" (expected integrations, waivers, settings)',
    ]);
  });

  it('a wrong type', () => {
    expect(problems(edit('failOn: high', 'failOn: [high]'))).toEqual([
      'runas-guard.yaml:22: settings.failOn: must be one of critical, high, medium, low, info, not a list',
    ]);
    expect(
      problems(
        edit('      systemPermissions: [ApiEnabled]', '      systemPermissions: ApiEnabled'),
      ),
    ).toEqual([
      'runas-guard.yaml:10: integrations[0].needs.systemPermissions: must be a list, not "ApiEnabled"',
    ]);
    expect(problems(edit('settings:\n  failOn: high', 'settings:\n  dormantDays: 1.5'))).toEqual([
      'runas-guard.yaml:22: settings.dormantDays: must be a whole number, not 1.5',
    ]);
  });

  it('a bad action name and a bad object or field name', () => {
    expect(
      problems(edit('Invoice__c: [read, create, edit]', 'Invoice__c: [read, craete]')),
    ).toEqual([
      'runas-guard.yaml:7: integrations[0].needs.objects.Invoice__c[1]: must be one of read, create, edit, delete, viewAll, modifyAll, not "craete"',
    ]);
    expect(
      problems(
        edit('Account.Billing_Status__c: [read, edit]', 'Account.Billing_Status__c: [write]'),
      ),
    ).toEqual([
      'runas-guard.yaml:9: integrations[0].needs.fields["Account.Billing_Status__c"][0]: must be one of read, edit, not "write"',
    ]);
    expect(problems(edit('Invoice__c: [read, create, edit]', 'Invoice-c: [read]'))).toEqual([
      'runas-guard.yaml:7: integrations[0].needs.objects["Invoice-c"]: invalid key: must be an object API name such as Account or Invoice__c',
    ]);
    expect(
      problems(edit('Account.Billing_Status__c: [read, edit]', 'Billing_Status__c: [read]')),
    ).toEqual([
      'runas-guard.yaml:9: integrations[0].needs.fields.Billing_Status__c: invalid key: must be Object.Field, such as Account.Billing_Status__c',
    ]);
    expect(problems(edit('Invoice__c: [read, create, edit]', 'Invoice__c: []'))).toEqual([
      'runas-guard.yaml:7: integrations[0].needs.objects.Invoice__c: must list at least one action',
    ]);
  });

  it('a bad IP address', () => {
    expect(
      problems(edit('egressIps: [203.0.113.10]', 'egressIps: [203.0.113.10, 203.0.113.256]')),
    ).toEqual([
      'runas-guard.yaml:12: integrations[0].network.egressIps[1]: must be an IPv4 address such as 203.0.113.10',
    ]);
    expect(problems(edit('egressIps: [203.0.113.10]', 'egressIps: []'))).toEqual([
      'runas-guard.yaml:12: integrations[0].network.egressIps: must list at least one address',
    ]);
  });

  it('a bad schedule', () => {
    expect(problems(edit('Mon-Fri 06:00-20:00; Sat', 'Mon-Fri 06:00-20:00; Sat-Sunday'))).toEqual([
      'runas-guard.yaml:13: integrations[0].schedule: "Sat-Sunday 08:00-12:00": "Sunday" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
    ]);
    expect(problems(edit('Sat 08:00-12:00', 'Sat 24:00-12:00'))).toEqual([
      'runas-guard.yaml:13: integrations[0].schedule: "Sat 24:00-12:00": a window cannot start at 24:00',
    ]);
  });

  it('a probe that is not a SELECT', () => {
    expect(problems(edit('SELECT Id FROM Account LIMIT 1', 'DELETE FROM Account'))).toEqual([
      'runas-guard.yaml:15: integrations[0].probe[0].soql: must be a SOQL SELECT query',
    ]);
  });

  it('a waiver without reason or expiry (exit 2), or with a malformed one', () => {
    expect(
      problems(edit('    reason: "Vendor requires View All Data until SEC-123 closes"\n', '')),
    ).toEqual(['runas-guard.yaml:17: waivers[0].reason: is required']);
    expect(problems(edit('    expires: 2027-01-31\n', ''))).toEqual([
      'runas-guard.yaml:17: waivers[0].expires: is required',
    ]);
    expect(problems(edit('"Vendor requires View All Data until SEC-123 closes"', ''))).toEqual([
      'runas-guard.yaml:19: waivers[0].reason: must not be empty',
    ]);
    expect(problems(edit('"Vendor requires View All Data until SEC-123 closes"', '"  "'))).toEqual([
      'runas-guard.yaml:19: waivers[0].reason: must not be empty',
    ]);
    expect(problems(edit('expires: 2027-01-31', 'expires: 2027-02-30'))).toEqual([
      'runas-guard.yaml:20: waivers[0].expires: must be a date YYYY-MM-DD',
    ]);
    expect(problems(edit('expires: 2027-01-31', 'expires: 31/01/2027'))).toEqual([
      'runas-guard.yaml:20: waivers[0].expires: must be a date YYYY-MM-DD',
    ]);
  });

  it('a waiver naming neither app nor resource, or no rule', () => {
    expect(problems(edit('    app: Billing_Callback\n    reason', '    reason'))).toEqual([
      'runas-guard.yaml:17: waivers[0]: a waiver needs app, resource or both: a waiver for every resource is not allowed',
    ]);
    expect(problems(edit('rule: RG-0009', 'rule: RG 9'))).toEqual([
      'runas-guard.yaml:17: waivers[0].rule: must be a rule id such as RG-0009 or a rule slug such as app-overbroad-scopes',
    ]);
  });

  it('lists every problem, in file order', () => {
    const text = edit('    runAs:', '    runAss:').replace('failOn: high', 'failOn: hgh');
    expect(problems(text)).toEqual([
      'runas-guard.yaml:4: integrations[0].runAss: unknown key "runAss" (did you mean "runAs"?)',
      'runas-guard.yaml:22: settings.failOn: must be one of critical, high, medium, low, info, not "hgh"',
    ]);
  });

  it('caps the list of problems', () => {
    const apps = Array.from(
      { length: 30 },
      (_, i) => `  - name: n${i}\n    app: A${i}\n    extra: 1\n`,
    );
    const lines = problems(`integrations:\n${apps.join('')}`);
    expect(lines).toHaveLength(MAX_ISSUES + 1);
    expect(lines[0]).toBe(
      'runas-guard.yaml:4: integrations[0].extra: unknown key "extra" (expected name, app, clientId, runAs, owner, needs, runAsAccess, network, schedule, probe)',
    );
    expect(lines.at(-1)).toBe('runas-guard.yaml: and 10 more problems');
  });

  it('malformed YAML, with its line', () => {
    expect(problems(edit('egressIps: [203.0.113.10]', 'egressIps: [203.0.113.10'))).toEqual([
      'runas-guard.yaml:13: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(
      problems(
        edit(
          '    app: Billing_Callback\n    runAs',
          '    app: Billing_Callback\n    app: Other\n    runAs',
        ),
      ),
    ).toEqual(['runas-guard.yaml:4: malformed YAML: Map keys must be unique']);
    expect(problems(`${BASE}---\nsettings: {}\n`)).toEqual([
      'runas-guard.yaml:23: malformed YAML: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
  });

  it('a document that is not a mapping, or empty', () => {
    expect(problems('- a\n- b\n')).toEqual([
      'runas-guard.yaml:1: the manifest must be a mapping, not a list',
    ]);
    expect(problems('')).toEqual([
      'runas-guard.yaml:1: is empty: expected a mapping with integrations, waivers and/or settings',
    ]);
    expect(problems('# only a comment\n')).toHaveLength(1);
  });

  it('an alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode('a'.charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = Date.now();
    expect(problems(`${levels.join('\n')}\n`)).toEqual([
      'runas-guard.yaml:2: YAML aliases expand to more than 100 copies; write the values out',
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a huge text, before parsing it', () => {
    expect(problems(`# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`)).toEqual([
      `runas-guard.yaml: is larger than 1 MB (${MAX_MANIFEST_BYTES + 3} bytes)`,
    ]);
  });

  it('absurd nesting, without crashing', () => {
    const lines = problems('['.repeat(200_000));
    expect(lines[0]).toMatch(/^runas-guard\.yaml:1: malformed YAML: /);
  });

  it('keys that would reach the prototype are unknown keys, not prototypes', () => {
    expect(problems('__proto__: {integrations: 1}\n')).toEqual([
      'runas-guard.yaml:1: __proto__: unknown key "__proto__"',
    ]);
    expect(problems(edit('Invoice__c:', '__proto__:'))).toEqual([
      'runas-guard.yaml:7: integrations[0].needs.objects.__proto__: unknown key "__proto__"',
    ]);
  });
});

describe('parseManifest: a misspelt standard name is an error, an unknown one may be real', () => {
  it('names the object, field or permission it narrowly misses', () => {
    expect(
      problems(edit('        Invoice__c: [read, create, edit]', '        Acount: [read]')),
    ).toEqual([
      'runas-guard.yaml:7: integrations[0].needs.objects.Acount: invalid key: unknown object Acount: did you mean Account?',
    ]);
    expect(
      problems(edit('Account.Billing_Status__c: [read, edit]', 'Account.AccountNumbr: [read]')),
    ).toEqual([
      'runas-guard.yaml:9: integrations[0].needs.fields["Account.AccountNumbr"]: invalid key: unknown field Account.AccountNumbr: did you mean Account.AccountNumber?',
    ]);
    expect(
      problems(edit('systemPermissions: [ApiEnabled]', 'systemPermissions: [ApiEnabeld]')),
    ).toEqual([
      'runas-guard.yaml:10: integrations[0].needs.systemPermissions[0]: unknown system permission ApiEnabeld: did you mean ApiEnabled?',
    ]);
  });

  it('accepts objects and fields it does not list, and every custom name', () => {
    const text = edit(
      '        Invoice__c: [read, create, edit]',
      '        ServiceAppointment: [read]\n        Invoce__c: [read]',
    );
    expect(() => parseManifest(text, FILE)).not.toThrow();
  });
});

describe('loadManifest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runas-guard-manifest-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the file in errors', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'settings:\n  failOn: severe\n');
    await expect(loadManifest(file)).rejects.toThrow(
      `${file}:2: settings.failOn: must be one of critical, high, medium, low, info, not "severe"`,
    );
  });

  it('refuses a file over 1 MB without reading all of it', async () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, Buffer.alloc(3 * MAX_MANIFEST_BYTES, 0x20));
    await expect(loadManifest(file)).rejects.toThrow(
      `${file}: is larger than 1 MB (${3 * MAX_MANIFEST_BYTES} bytes)`,
    );
  });

  it('refuses a FIFO and a device at once, without reading them', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    await expect(loadManifest(fifo)).rejects.toThrow(
      `${fifo}: is a named pipe (FIFO), not a regular file`,
    );
    await expect(loadManifest('/dev/zero')).rejects.toThrow(
      '/dev/zero: is a character device, not a regular file',
    );
  });

  it('reports a missing file and text that is not UTF-8', async () => {
    const missing = join(dir, 'missing.yaml');
    await expect(loadManifest(missing)).rejects.toThrow(
      `${missing}: cannot read the manifest (ENOENT)`,
    );
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    await expect(loadManifest(binary)).rejects.toThrow(`${binary}: is not UTF-8 text`);
  });

  it('carries the issues as data', async () => {
    const file = join(dir, 'two.yaml');
    writeFileSync(file, 'settings:\n  failOn: severe\n  dormantDays: -1\n');
    const error = await loadManifest(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues).toEqual([
      {
        file,
        line: 2,
        path: 'settings.failOn',
        message: 'must be one of critical, high, medium, low, info, not "severe"',
      },
      { file, line: 3, path: 'settings.dormantDays', message: 'must be at least 1' },
    ]);
  });
});

describe('formatPath', () => {
  it('dots plain keys, brackets indexes and quotes other keys', () => {
    expect(formatPath(['integrations', 2, 'needs', 'objects', 'Acount'])).toBe(
      'integrations[2].needs.objects.Acount',
    );
    expect(formatPath(['needs', 'fields', 'Account.Name', 0])).toBe(
      'needs.fields["Account.Name"][0]',
    );
    expect(formatPath([])).toBe('');
  });
});
