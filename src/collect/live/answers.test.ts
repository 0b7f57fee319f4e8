import { describe, expect, it } from 'vitest';

import { ResponseError } from '../tracker.js';
import {
  parseListMetadata,
  parseQueryPage,
  parseReadMetadata,
  parseTokenAnswer,
} from './answers.js';

const envelope = (body: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

function refused(run: () => unknown): ResponseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ResponseError) return error;
    throw error;
  }
  throw new Error('expected a ResponseError');
}

describe('parseReadMetadata', () => {
  it('reads one record per name, a missing component as an empty record', () => {
    const xml = envelope(
      '<readMetadataResponse><result><records xsi:type="ConnectedApp"><fullName>A</fullName></records>' +
        '<records xsi:nil="true"/></result></readMetadataResponse>',
    );
    expect(parseReadMetadata(xml, ['A', 'B'])).toEqual([{ fullName: 'A' }, {}]);
    const single = envelope(
      '<readMetadataResponse><result><records xsi:nil="true"/></result></readMetadataResponse>',
    );
    expect(parseReadMetadata(single, ['B'])).toEqual([{}]);
  });

  it('refuses fewer records than names: a truncated answer must not make apps vanish', () => {
    const xml = envelope(
      '<readMetadataResponse><result><records><fullName>A</fullName></records></result></readMetadataResponse>',
    );
    expect(refused(() => parseReadMetadata(xml, ['A', 'B', 'C'])).message).toMatch(
      /1 records for 3 names/,
    );
    const empty = envelope('<readMetadataResponse><result/></readMetadataResponse>');
    expect(refused(() => parseReadMetadata(empty, ['A'])).errorCode).toBe('MALFORMED_RESPONSE');
  });

  it("turns a SOAP fault into Salesforce's code and message", () => {
    const xml = envelope(
      '<soapenv:Fault><faultcode>sf:INSUFFICIENT_ACCESS</faultcode>' +
        '<faultstring>INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions</faultstring></soapenv:Fault>',
    );
    const error = refused(() => parseReadMetadata(xml, ['A']));
    expect(error.errorCode).toBe('INSUFFICIENT_ACCESS');
    expect(error.message).toMatch(/^use of the Metadata API/);
  });
});

describe('parseListMetadata', () => {
  it('reads FileProperties and refuses a result of an unknown shape', () => {
    const ok = envelope(
      '<listMetadataResponse><result><fullName>A</fullName><type>ConnectedApp</type></result></listMetadataResponse>',
    );
    expect(parseListMetadata(ok)).toEqual([{ fullName: 'A', type: 'ConnectedApp' }]);
    const odd = envelope(
      '<listMetadataResponse><result><surprise>1</surprise></result></listMetadataResponse>',
    );
    expect(refused(() => parseListMetadata(odd)).errorCode).toBe('MALFORMED_RESPONSE');
    expect(refused(() => parseListMetadata('{"records":[]}')).errorCode).toBe('MALFORMED_RESPONSE');
    expect(parseListMetadata(envelope('<listMetadataResponse/>'))).toEqual([]);
  });
});

describe('parseQueryPage', () => {
  it('keeps every row, and refuses a row that is not a record or a page without its locator', () => {
    expect(parseQueryPage({ totalSize: 1, done: true, records: [{ Id: '005' }] }).records).toEqual([
      { Id: '005' },
    ]);
    expect(
      refused(() => parseQueryPage({ done: true, records: [1, { Id: '005' }] })).message,
    ).toMatch(/row 1/);
    expect(refused(() => parseQueryPage({ done: false, records: [] })).message).toMatch(
      /nextRecordsUrl/,
    );
    expect(refused(() => parseQueryPage({ records: 'x', done: true })).errorCode).toBe(
      'MALFORMED_RESPONSE',
    );
  });
});

describe('parseTokenAnswer', () => {
  it("gives the token, or Salesforce's error text, never a token of undefined", () => {
    expect(parseTokenAnswer(200, '{"access_token":"00D!x","instance_url":"https://a"}')).toEqual({
      ok: true,
      accessToken: '00D!x',
    });
    expect(parseTokenAnswer(200, '{}')).toMatchObject({ ok: false, errorCode: 'ERROR_HTTP_200' });
    const html = parseTokenAnswer(200, '<html>down</html>');
    expect(!html.ok && html.message).toMatch(/not JSON/);
    expect(
      parseTokenAnswer(
        400,
        '{"error":"invalid_client","error_description":"invalid client credentials"}',
      ),
    ).toEqual({ ok: false, errorCode: 'invalid_client', message: 'invalid client credentials' });
  });
});
