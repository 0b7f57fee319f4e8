// The single-pass reader (parseSimpleXml) against the full parser (parseFullXml): whenever the
// single pass reads a document, the full parser reads it too, to the same elements, keys in the
// same order, and the same line for every element object. Real project files are all read by the
// single pass.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ProjectError } from './errors.js';
import { parseFullXml, parseMetadataXml, parseSimpleXml } from './xml.js';
import type { ParsedXml } from './xml.js';

/** Element names: the Metadata API's, repeated ones among them, and awkward ones. */
const NAMES = [
  'userPermissions',
  'fieldPermissions',
  'objectPermissions',
  'name',
  'enabled',
  'field',
  'readable',
  'label',
  'description',
  'oauthConfig',
  'scopes',
  'consumerKey',
  'fields',
  'valueSet',
  'valueSetDefinition',
  'value',
  'fullName',
  'permissionSets',
  'constructor',
  'toString',
  'hasOwnProperty',
  'a.b',
  'x-y',
  '_u',
];
const ODD_NAMES = ['__proto__', 'ns:label', '1bad', 'é'];

const texts = fc.oneof(
  fc.constantFrom(
    '',
    'true',
    ' Api ',
    'A &amp; B',
    '&lt;x&gt; &#65;&#x42;',
    '&custom;',
    '&',
    'a > b',
    '"quoted" \'single\'',
    '\u00a0nbsp\u00a0',
    '\u2003wide',
    'é ü 日本',
    '\t\r\n',
    ']]>',
    '\u0001',
    '&#0;',
    '&#xD800;',
  ),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/[<&]/g, '')),
);
const space = fc.constantFrom('', ' ', '\n', '\n    ', '\r\n', '\t');
const attribute = fc.tuple(
  fc.constantFrom('xmlns', 'xsi:nil', 'a', 'b', '__proto__'),
  fc.constantFrom('"x"', "'y'", '"http://soap.sforce.com/2006/04/metadata"', '""', '"a&amp;b"'),
  fc.constantFrom(' ', '\n', ' = ', '='),
);

interface Node {
  name: string;
  attributes: [string, string, string][];
  open: string;
  close: string;
  body: Node[] | string;
  selfClosing: boolean;
}

const node: fc.Memo<Node> = fc.memo((depth) =>
  fc.record({
    name: fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...NAMES) },
      { weight: 1, arbitrary: fc.constantFrom(...ODD_NAMES) },
    ),
    attributes: fc.oneof(
      { weight: 6, arbitrary: fc.constant([] as [string, string, string][]) },
      { weight: 1, arbitrary: fc.array(attribute, { maxLength: 2 }) },
    ),
    open: space,
    close: space,
    body:
      depth <= 1
        ? texts
        : fc.oneof({ weight: 2, arbitrary: texts }, fc.array(node(depth - 1), { maxLength: 5 })),
    selfClosing: fc.boolean().map((b) => b && Math.random() < 0.2),
  }),
);

function render(n: Node, indent: string): string {
  const attributes = n.attributes.map(([k, v, eq]) => ` ${k}${eq}${v}`).join('');
  if (n.selfClosing) return `<${n.name}${attributes}${n.open}/>`;
  const body =
    typeof n.body === 'string'
      ? n.body
      : `${n.body.map((c) => `\n${indent}  ${render(c, `${indent}  `)}`).join('')}\n${indent}`;
  return `<${n.name}${attributes}${n.open}>${body}</${n.name}${n.close}>`;
}

/** Changes that the single pass must either read as the full parser does or leave to it. */
const splice = fc.constantFrom(
  '<!-- note -->',
  '<![CDATA[x]]>',
  '<?pi x?>',
  '</label>',
  '<label>',
  '<x/>',
  'text',
  '&amp;',
  '&bad',
  '<!DOCTYPE x>',
  '\n',
  '<a b="1" b="2"/>',
  '<',
  '>',
  '"',
);

const documents = fc
  .tuple(
    fc.constantFrom('Profile', 'PermissionSet', 'ConnectedApp', 'CustomObject'),
    fc.array(node(4), { maxLength: 6 }),
    fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0"?>', ' '),
    fc.constantFrom('', '\n', '\n\n  '),
    fc.option(fc.tuple(fc.nat(), splice), { freq: 3 }),
  )
  .map(([root, children, declaration, trailing, change]) => {
    const body = children.map((c) => `\n    ${render(c, '    ')}`).join('');
    const text = `${declaration}<${root} xmlns="http://soap.sforce.com/2006/04/metadata">${body}\n</${root}>${trailing}`;
    if (change === null) return text;
    const [at, fragment] = change;
    const i = at % (text.length + 1);
    return text.slice(0, i) + fragment + text.slice(i);
  });

/** The elements, key order and line of every element object, as one comparable value. */
function shape(parsed: ParsedXml): unknown {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(walk);
    const object = value as Record<string, unknown>;
    return {
      line: parsed.lineOf(object),
      prototype: Object.getPrototypeOf(object) === Object.prototype,
      entries: Object.keys(object).map((k) => [k, walk(object[k])]),
    };
  };
  return { root: parsed.root, rootLine: parsed.rootLine, content: walk(parsed.content) };
}

function full(text: string): ParsedXml | ProjectError {
  try {
    return parseFullXml(text, 'x.profile-meta.xml');
  } catch (error) {
    if (error instanceof ProjectError) return error;
    throw error;
  }
}

describe('parseSimpleXml against parseFullXml', () => {
  it('reads a document only as the full parser does, and most plain ones', () => {
    let simple = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const fast = parseSimpleXml(text);
        if (fast === undefined) return;
        simple += 1;
        const reference = full(text);
        // A document the single pass reads is one the full parser accepts.
        expect(reference).not.toBeInstanceOf(ProjectError);
        expect(shape(fast)).toEqual(shape(reference as ParsedXml));
      }),
      { numRuns: 3000 },
    );
    // Not a pass that always gives up.
    expect(simple).toBeGreaterThan(300);
  });

  it('reads every XML file of the demo and the fixture orgs, as the full parser does', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('-meta.xml')) files.push(path);
      }
    };
    walk('demo');
    walk('test/fixtures/orgs');
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const fast = parseSimpleXml(text);
      if (fast === undefined) throw new Error(`${file}: not read by the single pass`);
      expect(shape(fast)).toEqual(shape(parseFullXml(text, file)));
      expect(shape(parseMetadataXml(text, file))).toEqual(shape(fast));
    }
  });
});
