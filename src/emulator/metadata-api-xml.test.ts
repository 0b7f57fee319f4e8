import { readFileSync } from 'node:fs';

import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import {
  decodeXmlText,
  escapeXml,
  parseSoapRequest,
  serializeElements,
  SoapRequestError,
} from './metadata-api-xml.js';

describe('decodeXmlText', () => {
  it('decodes the predefined entities and character references once, nothing else', () => {
    expect(decodeXmlText('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;')).toBe(
      `a & b <c> "d" 'e'`,
    );
    expect(decodeXmlText('&#65;&#x42;&amp;lt;')).toBe('AB&lt;');
    expect(decodeXmlText('&nbsp; &xxe; &#x110000;')).toBe('&nbsp; &xxe; &#x110000;');
  });
});

describe('escapeXml', () => {
  it('escapes markup and quotes and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`<a href="x">&'\u0001\r`)).toBe(`&lt;a href=&quot;x&quot;&gt;&amp;'&#13;`);
    expect(decodeXmlText(escapeXml('R&D <team> "x"'))).toBe('R&D <team> "x"');
  });
});

describe('serializeElements', () => {
  it('writes keys in order, arrays as repeated elements, skips attributes and invalid names', () => {
    const xml = serializeElements(
      {
        fullName: 'ignored',
        label: 'A & B',
        ipRanges: [
          { start: '1.1.1.1', end: '1.1.1.2' },
          { start: '2.2.2.1', end: '2.2.2.2' },
        ],
        '@_attr': 'x',
        'bad name': 'x',
        'x:y': 'z',
        empty: '',
        nothing: undefined,
        mixed: { '#text': 'text', child: 'c' },
      },
      new Set(['fullName']),
    );
    expect(xml).toBe(
      '<label>A &amp; B</label>' +
        '<ipRanges><start>1.1.1.1</start><end>1.1.1.2</end></ipRanges>' +
        '<ipRanges><start>2.2.2.1</start><end>2.2.2.2</end></ipRanges>' +
        '<empty></empty><mixed>text<child>c</child></mixed>',
    );
  });

  it('refuses content nested too deeply instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 1000; i++) deep = { n: deep };
    expect(() => serializeElements(deep)).toThrow(/nested too deeply/);
  });

  it('round-trips a fixture ConnectedApp parsed the way org.ts describes', () => {
    const file = new URL(
      '../../test/fixtures/orgs/northwind-integrations/force-app/main/default/connectedApps/Supplier_Catalog.connectedApp-meta.xml',
      import.meta.url,
    );
    const parser = new XMLParser({
      ignoreAttributes: true,
      ignoreDeclaration: true,
      parseTagValue: false,
      processEntities: false,
    });
    const parsed = parser.parse(readFileSync(file, 'utf8')) as {
      ConnectedApp: Record<string, unknown>;
    };
    const content = parsed.ConnectedApp;
    const again = parser.parse(`<ConnectedApp>${serializeElements(content)}</ConnectedApp>`) as {
      ConnectedApp: Record<string, unknown>;
    };
    expect(again.ConnectedApp).toEqual(content);
    expect(content).toMatchObject({ oauthConfig: { scopes: ['Api', 'RefreshToken'] } });
  });
});

describe('parseSoapRequest', () => {
  it('keeps fullNames and queries as lists even when sent once', () => {
    const doc = parseSoapRequest(
      '<e:Envelope xmlns:e="urn:x"><e:Body><readMetadata><type>T</type><fullNames>0012</fullNames></readMetadata></e:Body></e:Envelope>',
    );
    expect(doc).toEqual({
      Envelope: { Body: { readMetadata: { type: 'T', fullNames: ['0012'] } } },
    });
  });

  it('throws SoapRequestError for DOCTYPE, malformed and oversize input', () => {
    expect(() => parseSoapRequest('<!doctype x><x/>')).toThrow(SoapRequestError);
    expect(() => parseSoapRequest('<a><b></a>')).toThrow(SoapRequestError);
    expect(() => parseSoapRequest(`<a>${'é'.repeat(600 * 1024)}</a>`)).toThrow(/exceeds/);
  });
});
