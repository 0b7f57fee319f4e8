// Fuzzing the SFDX XML readers (src/metadata/xml.ts and metadata.ts): profiles, permission sets
// (whole and decomposed), muting sets, groups, session settings, objects and fields, Connected
// Apps and the External Client App file family, generated as element trees from the Metadata API
// vocabulary with wrong values, attributes, CDATA, comments, entities, DOCTYPE, deep nesting and
// huge text, then mutated as text. Each case is a model or a ProjectError naming one of its files.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ProjectError } from '../../src/metadata/errors.js';
import {
  loadComponent,
  toClientApps,
  toCustomField,
  toCustomObject,
  toMutingPermissionSet,
  toPermissionSet,
  toPermissionSetGroup,
  toProfile,
  toProfileSessionSetting,
} from '../../src/metadata/metadata.js';
import type { LoadedComponent } from '../../src/metadata/metadata.js';
import type { ComponentSource } from '../../src/metadata/project.js';
import { MAX_XML_CHARS, parseMetadataXml } from '../../src/metadata/xml.js';
import { STANDARD_PROFILES, standardSchema } from '../../src/model/standard/index.js';
import { SchemaBuilder } from '../../src/metadata/schema-builder.js';
import { FUZZ_TIMEOUT_MS, fuzz, huge, mutated, oddText, outcome } from './harness.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const STANDARD_SCHEMA = standardSchema();

interface Element {
  name: string;
  attributes: [string, string][];
  children: (Element | Text)[];
}
interface Text {
  text: string;
  form: 'plain' | 'cdata' | 'comment' | 'raw';
}

const booleanish = fc.constantFrom('true', 'false', 'TRUE', 'yes', '', ' true ');
const value = fc.oneof(
  { weight: 3, arbitrary: booleanish },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'ApiEnabled',
      'Account',
      'Account.Name',
      'Invoice__c.Amount__c',
      'Admin',
      'Billing_Integration',
      'billing@acme.com',
      'Api',
      'Api, Web,RefreshToken',
      'AdminApprovedPreAuthorized',
      'HIGH_ASSURANCE',
      'TwoHours',
      'FifteenMinutes',
      'Updated',
      'Outdated',
      '0',
      '480',
      '1440',
      '1441',
      '-1',
      '99999999999',
      '10.0.0.1',
      'Lookup',
      'Checkbox',
      'MasterDetail',
      'toString',
      'constructor',
      'Billing_Eca',
    ),
  },
  { weight: 2, arbitrary: oddText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '&amp;',
      '&lt;x&gt;',
      '&#x10FFFF;',
      '&#xD800;',
      '&#0;',
      '&#99999999;',
      '&foo;',
      '&',
      ']]>',
    ),
  },
);

/** Child elements each root type reads, with the elements of their own children. */
const VOCABULARY: Record<string, string[]> = {
  Profile: [
    'userPermissions',
    'objectPermissions',
    'fieldPermissions',
    'loginHours',
    'loginIpRanges',
    'custom',
    'userLicense',
    'description',
    'label',
  ],
  PermissionSet: [
    'userPermissions',
    'objectPermissions',
    'fieldPermissions',
    'hasActivationRequired',
    'license',
    'userLicense',
    'label',
    'description',
  ],
  MutingPermissionSet: ['userPermissions', 'objectPermissions', 'fieldPermissions', 'label'],
  PermissionSetGroup: [
    'permissionSets',
    'mutingPermissionSets',
    'status',
    'label',
    'hasActivationRequired',
    'description',
  ],
  ProfileSessionSetting: ['profile', 'requiredSessionLevel', 'sessionTimeout'],
  CustomObject: ['label', 'pluralLabel', 'fields'],
  CustomField: ['fullName', 'type', 'label', 'required', 'referenceTo', 'relationshipName'],
  ConnectedApp: [
    'label',
    'oauthConfig',
    'oauthPolicy',
    'sessionPolicy',
    'profileName',
    'permissionSetName',
    'pluginExecutionUser',
  ],
  ExternalClientApplication: ['label', 'contactEmail', 'distributionState'],
  ExtlClntAppGlobalOauthSettings: [
    'externalClientApplication',
    'isClientCredentialsFlowEnabled',
    'consumerKey',
  ],
  ExtlClntAppOauthSettings: ['externalClientApplication', 'commaSeparatedOauthScopes'],
  ExtlClntAppOauthConfigurablePolicies: [
    'externalClientApplication',
    'isClientCredentialsFlowEnabled',
    'clientCredentialsFlowUser',
    'permittedUsersPolicyType',
    'commaSeparatedProfile',
    'commaSeparatedPermissionSet',
    'ipRelaxationPolicyType',
    'refreshTokenPolicyType',
    'requiredSessionLevel',
    'sessionTimeoutInMinutes',
    'executeHandlerAs',
  ],
  ExtlClntAppConfigurablePolicies: ['externalClientApplication', 'isEnabled'],
  // Children of the elements above.
  userPermissions: ['name', 'enabled'],
  objectPermissions: [
    'object',
    'allowRead',
    'allowCreate',
    'allowEdit',
    'allowDelete',
    'viewAllRecords',
    'modifyAllRecords',
    'viewAllFields',
  ],
  fieldPermissions: ['field', 'readable', 'editable'],
  loginHours: ['mondayStart', 'mondayEnd', 'sundayStart', 'sundayEnd', 'fridayStart', 'bogusEnd'],
  loginIpRanges: ['startAddress', 'endAddress', 'description'],
  fields: ['fullName', 'type', 'label', 'required', 'referenceTo'],
  oauthConfig: [
    'consumerKey',
    'consumerSecret',
    'isClientCredentialEnabled',
    'oauthClientCredentialUser',
    'isAdminApproved',
    'scopes',
  ],
  oauthPolicy: ['ipRelaxation', 'refreshTokenPolicy'],
  sessionPolicy: ['sessionLevel', 'sessionTimeout'],
};

const text = (form: Text['form'] = 'plain') => value.map((t): Text => ({ text: t, form }));
const textNode: fc.Arbitrary<Text> = fc.oneof(
  { weight: 8, arbitrary: text() },
  { weight: 1, arbitrary: text('cdata') },
  { weight: 1, arbitrary: text('comment') },
);
/** A CustomField `<type>`: real ones, and words that are members of Object.prototype. */
const fieldType = fc.constantFrom(
  'Text',
  'Checkbox',
  'Lookup',
  'MasterDetail',
  'Number',
  'toString',
  'constructor',
  '__proto__',
  'valueOf',
  'Bogus',
);
const attribute = fc.tuple(
  fc.constantFrom('xmlns', 'xsi:nil', 'xmlns:xsi', 'a', '__proto__', 'b:c'),
  fc.constantFrom('true', NS, '', '"', "'", '&amp;'),
);

/** An element named `name`: text, or children from its vocabulary (and now and then any name). */
function element(name: string, depth: number): fc.Arbitrary<Element> {
  const names = Object.hasOwn(VOCABULARY, name) ? VOCABULARY[name] : undefined;
  const childName = fc.oneof(
    { weight: 12, arbitrary: names === undefined ? fc.constant('x') : fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'Unknown', 'ns:label') },
  );
  const leaf: fc.Arbitrary<(Element | Text)[]> =
    name === 'type'
      ? fieldType.map((t): Text[] => [{ text: t, form: 'plain' }])
      : fc.array(textNode, { maxLength: 2 });
  const children: fc.Arbitrary<(Element | Text)[]> =
    names === undefined || depth >= 3
      ? leaf
      : fc.oneof(
          { weight: 1, arbitrary: leaf },
          {
            weight: 6,
            arbitrary: fc
              .array(childName, { maxLength: depth === 0 ? 8 : 6 })
              .chain((kids): fc.Arbitrary<(Element | Text)[]> =>
                kids.length === 0
                  ? fc.constant([])
                  : fc.tuple(...kids.map((kid) => element(kid, depth + 1))),
              ),
          },
        );
  return fc.record({
    name: fc.constant(name),
    attributes: fc.oneof(
      { weight: 9, arbitrary: fc.constant([] as [string, string][]) },
      { weight: 1, arbitrary: fc.array(attribute, { maxLength: 2 }) },
    ),
    children,
  });
}

function escape(text: string): string {
  return text.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
}

function render(node: Element | Text): string {
  if ('text' in node) {
    switch (node.form) {
      case 'plain':
        // Entity-looking values go through as written, the rest escaped.
        return /^&[#\w]+;$/.test(node.text) ? node.text : escape(node.text);
      case 'cdata':
        return `<![CDATA[${node.text.replace(/]]>/g, '')}]]>`;
      case 'comment':
        return `<!--${node.text.replace(/--/g, '')}-->`;
      case 'raw':
        return node.text;
    }
  }
  const attributes = node.attributes.map(
    ([k, v]) => ` ${k}="${escape(v).replace(/"/g, '&quot;')}"`,
  );
  return `<${node.name}${attributes.join('')}>${node.children.map(render).join('')}</${node.name}>`;
}

function document(root: Element): string {
  const withNs: Element = { ...root, attributes: [['xmlns', NS], ...root.attributes] };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(withNs)}\n`;
}

/** Ways in which XML attacks or breaks a reader, spliced into a document. */
const xmlFragment = fc.oneof(
  oddText,
  fc.constantFrom(
    '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    '<!ENTITY b SYSTEM "file:///etc/passwd">',
    '<!doctype html>',
    '&a;',
    '<?pi x?>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '</',
    '<x>',
    '</x>',
    '<label>',
    '</label>',
    '<userPermissions><name>ViewAllData</name><enabled>true</enabled></userPermissions>',
    '<a b="1" b="2"/>',
    '\uFEFF',
    '\u0000',
    '<<',
    '>>',
  ),
);

interface Case {
  type: string;
  files: Record<string, string>;
  parts: string[];
}

const ROOTS = [
  'Profile',
  'PermissionSet',
  'MutingPermissionSet',
  'PermissionSetGroup',
  'ProfileSessionSetting',
  'CustomObject',
  'CustomField',
  'ConnectedApp',
] as const;

const FILE_OF: Record<string, string> = {
  Profile: 'profiles/Admin.profile-meta.xml',
  PermissionSet: 'permissionsets/Ps/Ps.permissionset-meta.xml',
  MutingPermissionSet: 'mutingpermissionsets/M.mutingpermissionset-meta.xml',
  PermissionSetGroup: 'permissionsetgroups/G.permissionsetgroup-meta.xml',
  ProfileSessionSetting: 'profileSessionSettings/Admin.profileSessionSetting-meta.xml',
  CustomObject: 'objects/Invoice__c/Invoice__c.object-meta.xml',
  CustomField: 'objects/Account/fields/Region__c.field-meta.xml',
  ConnectedApp: 'connectedApps/Billing.connectedApp-meta.xml',
};

/** Texts, mutated now and then, with a hostile one once in a while. */
function xmlText(root: Element): fc.Arbitrary<string> {
  const base = fc.constant(document(root));
  return fc.oneof(
    { weight: 4, arbitrary: base },
    { weight: 1, arbitrary: mutated(base, xmlFragment) },
  );
}

const singleCase: fc.Arbitrary<Case> = fc.constantFrom(...ROOTS).chain((type) =>
  element(type, 0).chain((root) =>
    xmlText(root).map((text): Case => ({
      type,
      files: { [FILE_OF[type] ?? 'x']: text },
      parts: [],
    })),
  ),
);

/** A permission set with decomposed parts: PermissionSet parts or one-entry files in entry folders. */
const decomposedCase: fc.Arbitrary<Case> = fc
  .tuple(
    element('PermissionSet', 0),
    fc.array(
      fc.oneof(
        element('PermissionSet', 0).map(
          (e) => ['objectSettings/Account.objectSettings-meta.xml', e] as const,
        ),
        element('userPermissions', 1).map(
          (e) =>
            [
              'userPermissions/ApiEnabled.userPermission-meta.xml',
              { ...e, name: 'UserPermission' },
            ] as const,
        ),
        element('objectPermissions', 1).map(
          (e) => ['objectPermissions/Account.objectPermission-meta.xml', e] as const,
        ),
        element('fieldPermissions', 1).map(
          (e) =>
            [
              'fieldPermissions/Account.Name.fieldPermission-meta.xml',
              { ...e, name: 'Bogus' },
            ] as const,
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([main, parts]) => {
    const dir = 'permissionsets/Ps';
    const files: Record<string, string> = { [`${dir}/Ps.permissionset-meta.xml`]: document(main) };
    const names: string[] = [];
    parts.forEach(([path, el], i) => {
      const file = `${dir}/${path.replace('-meta.xml', `${i}-meta.xml`)}`;
      files[file] = document(el);
      names.push(file);
    });
    return { type: 'PermissionSet', files, parts: names.sort() };
  });

/** An External Client App with some of its policy and settings files, linked by name (or not). */
const ecaCase: fc.Arbitrary<Case> = fc
  .tuple(
    element('ExternalClientApplication', 0),
    fc.subarray([
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
      'ExtlClntAppOauthSettings',
    ]),
    fc.constantFrom('Billing_Eca', 'Other', ''),
  )
  .chain(([app, partTypes, link]) =>
    fc.tuple(...partTypes.map((t) => element(t, 0))).map((parts) => {
      const files: Record<string, string> = {
        'externalClientApps/Billing_Eca.eca-meta.xml': document(app),
      };
      parts.forEach((part, i) => {
        // Most parts name their app in <externalClientApplication>.
        const linked: Element = {
          ...part,
          children: [
            {
              name: 'externalClientApplication',
              attributes: [],
              children: [{ text: link, form: 'plain' }],
            },
            ...part.children.filter(
              (c) => !('name' in c) || c.name !== 'externalClientApplication',
            ),
          ],
        };
        files[`eca/Part${i}.${part.name}-meta.xml`] = document(linked);
      });
      return { type: 'ExternalClientApplication', files, parts: [] };
    }),
  );

/** Hostile documents: DOCTYPE bombs, deep nesting, huge text and many elements. */
const hostileCase: fc.Arbitrary<Case> = fc
  .oneof(
    fc.constant(
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Profile>&lol2;</Profile>',
    ),
    fc
      .integer({ min: 60, max: 5_000 })
      .map(
        (n) =>
          `<Profile xmlns="${NS}">${'<description>'.repeat(n)}x${'</description>'.repeat(n)}</Profile>`,
      ),
    fc.integer({ min: 1, max: 5_000 }).map((n) => `<Profile>${'<a>'.repeat(n)}`),
    huge(fc.constantFrom('x', '&amp;', '&#x1F600;', 'é'), 100_000).map(
      (s) => `<Profile xmlns="${NS}"><description>${s}</description></Profile>`,
    ),
    fc
      // Over the cap only: a file just under it is 16 MB of parsing, seconds, not a fuzz case.
      .integer({ min: MAX_XML_CHARS + 1, max: MAX_XML_CHARS + 8 })
      .map((n) => `<Profile><description>${'y'.repeat(n)}</description></Profile>`),
    fc
      .integer({ min: 1, max: 5_000 })
      .map(
        (n) =>
          `<Profile xmlns="${NS}">${'<userPermissions><name>ApiEnabled</name><enabled>true</enabled></userPermissions>'.repeat(n)}</Profile>`,
      ),
  )
  .map((text): Case => ({ type: 'Profile', files: { [FILE_OF.Profile ?? 'x']: text }, parts: [] }));

const xmlCase = fc.oneof(
  { weight: 10, arbitrary: singleCase },
  { weight: 2, arbitrary: decomposedCase },
  { weight: 2, arbitrary: ecaCase },
);

/** Total length of the strings in a parsed value: never more than the input (no expansion). */
function textLength(value: unknown): number {
  let total = 0;
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') total += current.length;
    else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        total += key.length;
        stack.push(inner);
      }
    }
  }
  return total;
}

function fullNameOf(file: string): string {
  const base = file.split('/').at(-1) ?? '';
  return base.slice(0, base.indexOf('.'));
}

async function loadCase(c: Case): Promise<void> {
  const read = (file: string): Promise<string> => {
    const text = c.files[file];
    if (text === undefined) throw new Error(`the case has no file ${file}`);
    return Promise.resolve(text);
  };
  const loaded: LoadedComponent[] = [];
  const mains = Object.keys(c.files).filter((f) => !c.parts.includes(f));
  for (const file of mains) {
    const type =
      c.type === 'ExternalClientApplication'
        ? file.startsWith('eca/')
          ? (file.split('.')[1]?.replace('-meta', '') ?? '')
          : 'ExternalClientApplication'
        : c.type;
    const source: ComponentSource = {
      type,
      fullName: c.type === 'CustomField' ? 'Account.Region__c' : fullNameOf(file),
      format: 'source',
      file,
      parts: c.parts,
    };
    loaded.push(await loadComponent(source, read));
  }
  const input = Object.values(c.files).reduce((sum, t) => sum + t.length, 0);
  const names = Object.keys(c.files).reduce((sum, f) => sum + f.length, 0);
  for (const component of loaded)
    expect(textLength(component.component.content)).toBeLessThanOrEqual(input + names);

  const [first] = loaded;
  if (first === undefined) throw new Error('no component');
  switch (c.type) {
    case 'Profile': {
      const standard = STANDARD_PROFILES.find((p) => p.fullName === first.component.fullName);
      const profile = toProfile(first, standard);
      for (const day of Object.values(profile.loginHours ?? {})) {
        expect(day.start).toBeGreaterThanOrEqual(0);
        expect(day.end).toBeLessThanOrEqual(1440);
      }
      for (const name of Object.keys(profile.objectPermissions))
        expect(Object.hasOwn(profile.objectPermissions, name)).toBe(true);
      return;
    }
    case 'PermissionSet':
      toPermissionSet(first);
      return;
    case 'MutingPermissionSet':
      toMutingPermissionSet(first);
      return;
    case 'PermissionSetGroup':
      toPermissionSetGroup(first);
      return;
    case 'ProfileSessionSetting':
      toProfileSessionSetting(first);
      return;
    case 'CustomObject':
    case 'CustomField': {
      // Through the schema builder, as the project reader does: every field gets a describe type.
      const schema = new SchemaBuilder(STANDARD_SCHEMA);
      const fields =
        c.type === 'CustomField' ? [toCustomField(first)] : toCustomObject(first).fields;
      for (const spec of fields) {
        schema.ensureObject(spec.object);
        expect(typeof schema.addCustomField(spec).type).toBe('string');
      }
      return;
    }
    default:
      for (const app of toClientApps(loaded)) {
        expect(typeof app.name).toBe('string');
        expect(app).not.toHaveProperty('consumerSecret');
      }
  }
}

function checkCase(c: Case) {
  return outcome(
    () => loadCase(c),
    (error) => {
      if (!(error instanceof ProjectError)) return false;
      // The error names one of the case's files, first thing in its message.
      expect(Object.keys(c.files)).toContain(error.file);
      expect(error.message.startsWith(error.file)).toBe(true);
      return true;
    },
  );
}

describe('fuzz: SFDX XML', () => {
  it(
    'reads every generated component into the model or a ProjectError naming its file',
    async () => {
      const figures = await fuzz('sfdx-xml', xmlCase, checkCase);
      expect(figures.results).toBeGreaterThan(0);
      expect(figures.refused).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'refuses DOCTYPE, deep nesting and oversized files, and reads huge valid ones',
    async () => {
      await fuzz('sfdx-xml-hostile', hostileCase, checkCase, { cases: 40 });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'parses any text to elements or an XML ProjectError',
    async () => {
      const anyText = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.array(xmlFragment, { maxLength: 20 }).map((p) => p.join('')),
        fc.array(xmlFragment, { maxLength: 6 }).map((p) => `<Profile>${p.join('')}</Profile>`),
      );
      await fuzz('sfdx-xml-text', anyText, (input) =>
        outcome(
          () => parseMetadataXml(input, 'x.profile-meta.xml'),
          (error) => error instanceof ProjectError && error.file === 'x.profile-meta.xml',
        ),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
