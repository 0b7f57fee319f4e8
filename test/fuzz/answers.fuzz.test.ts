// Fuzzing the envelope checks of Salesforce answers (src/collect/live/answers.ts): REST query pages
// and describes, REST error bodies, token endpoint answers and Metadata API SOAP envelopes
// (listMetadata, readMetadata, faults), valid ones changed and spliced. Each ends in a value or a
// ResponseError (a failed request, exit 3), never fewer rows than the answer held, and a token
// answer never puts the access token in an error message.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  parseDescribe,
  parseJsonAnswer,
  parseListMetadata,
  parseQueryPage,
  parseReadMetadata,
  parseTokenAnswer,
  restError,
} from '../../src/collect/live/answers.js';
import { ResponseError } from '../../src/collect/tracker.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutated, mutatedJson, oddText, outcome } from './harness.js';
import type { Outcome } from './harness.js';

const isResponseError = (error: unknown): boolean =>
  error instanceof ResponseError && error.errorCode !== '' && error.message.length < 10_000;

// ---------------------------------------------------------------------------------------------
// JSON answers

const row = fc.dictionary(
  fc.constantFrom('Id', 'Name', 'attributes', 'ParentId', 'SobjectType', '__proto__'),
  fc.jsonValue({ maxDepth: 1 }),
  { maxKeys: 4 },
);

const page = fc.record(
  {
    totalSize: fc.oneof(fc.nat(10), fc.constantFrom(-1, 1.5, '3')),
    done: fc.oneof(fc.boolean(), fc.constantFrom('true', null)),
    nextRecordsUrl: fc.constantFrom('/services/data/v62.0/query/01g-2000', '', 5),
    records: fc.array(
      fc.oneof(
        { weight: 9, arbitrary: row },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
      ),
      { maxLength: 5 },
    ),
  },
  { requiredKeys: ['done', 'records'] },
);

const jsonLeaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddText);
const queryBody = fc.oneof(
  { weight: 4, arbitrary: page },
  { weight: 2, arbitrary: mutatedJson(page, jsonLeaf, 2) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const describeBody = fc.oneof(
  fc.record({ fields: fc.array(fc.oneof(row, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

const jsonFragment = fc.oneof(
  oddText,
  fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '<html>'),
);

/** A token that must never show up in an error message. */
const TOKEN = '00D000000000001!AQ4AQFUZZTOKENVALUE';
const tokenJson = fc.oneof(
  fc.record(
    {
      access_token: fc.oneof(fc.constant(TOKEN), fc.constantFrom('', 12, null, TOKEN.repeat(200))),
      instance_url: fc.constantFrom('https://acme.my.salesforce.com', 'http://evil'),
      token_type: fc.constant('Bearer'),
      error: fc.constantFrom('invalid_grant', 'invalid_client', '', 5),
      error_description: fc.constantFrom('authentication failure', '', 'x'.repeat(3000)),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const tokenBody = fc.oneof(
  { weight: 4, arbitrary: tokenJson.map((v) => JSON.stringify(v)) },
  {
    weight: 2,
    arbitrary: mutated(
      tokenJson.map((v) => JSON.stringify(v)),
      jsonFragment,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '<html><body>Maintenance</body></html>', '{}', 'null', '[]'),
  },
);

const restErrorBody = fc.oneof(
  fc
    .array(
      fc.record(
        {
          errorCode: fc.oneof(
            fc.constantFrom(
              'INVALID_SESSION_ID',
              'INSUFFICIENT_ACCESS',
              'sf:X',
              '',
              'a b',
              'X'.repeat(90),
            ),
            oddText,
          ),
          message: fc.oneof(oddText, fc.constant('Session expired or invalid')),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
);

// ---------------------------------------------------------------------------------------------
// SOAP answers

const NAMES = ['Billing_Callback', 'Ledger_Export', 'Fleet'];

function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ' +
    'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns="http://soap.sforce.com/2006/04/metadata" ' +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

const element = (name: string, text: string): string => `<${name}>${text}</${name}>`;
const soapText = fc.oneof(
  fc.constantFrom(...NAMES, 'ConnectedApp', 'Profile', '', 'true', '&amp;', '&foo;'),
  oddText.map((t) => t.replace(/[<&]/g, '')),
);

const fileProperties = fc
  .record(
    { fullName: soapText, type: soapText, fileName: soapText, id: soapText },
    { requiredKeys: [] },
  )
  .map((p) =>
    element(
      'result',
      Object.entries(p)
        .map(([k, v]) => element(k, v))
        .join(''),
    ),
  );

const listAnswer = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fileProperties, { maxLength: 4 })
      .map((r) => envelope(element('listMetadataResponse', r.join('')))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      envelope('<listMetadataResponse/>'),
      envelope('<listMetadataResponse><result>text</result></listMetadataResponse>'),
      envelope(
        '<soapenv:Fault><faultcode>sf:INSUFFICIENT_ACCESS</faultcode><faultstring>INSUFFICIENT_ACCESS: no</faultstring></soapenv:Fault>',
      ),
      envelope('<soapenv:Fault><faultcode>x y z</faultcode></soapenv:Fault>'),
      envelope('<otherResponse/>'),
      '<html>Service Unavailable</html>',
      '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
      '',
    ),
  },
);

const metadataRecord = fc.oneof(
  fc.constant('<records xsi:nil="true"/>'),
  fc
    .record({ fullName: fc.constantFrom(...NAMES), label: soapText }, { requiredKeys: [] })
    .map((r) =>
      element(
        'records',
        Object.entries(r)
          .map(([k, v]) => element(k, v))
          .join(''),
      ),
    ),
  soapText.map((t) => element('records', t)),
);
const readAnswer = fc
  .array(metadataRecord, { maxLength: 4 })
  .map((records) => envelope(element('readMetadataResponse', element('result', records.join('')))));

const soapFragment = fc.oneof(
  oddText,
  fc.constantFrom(
    '<result>',
    '</result>',
    '<records>',
    '</records>',
    '<![CDATA[x]]>',
    '<!DOCTYPE',
    '&',
    '<',
  ),
);

/** The number of elements named `name` in a text (what an answer holds, at most). */
function count(text: string, name: string): number {
  return text.split(`<${name}`).length - 1;
}

// ---------------------------------------------------------------------------------------------

/** Which outcomes each parser reached over the run. */
const reached = new Map<string, Set<Outcome>>();

describe('fuzz: envelopes of Salesforce answers', () => {
  it(
    'checks every answer to a value or a ResponseError, never fewer rows and never a token in a message',
    async () => {
      // One answer per case, of one of the seven kinds.
      const cases = fc.oneof(
        fc.record({
          kind: fc.constant('json' as const),
          body: mutated(
            queryBody.map((v) => JSON.stringify(v)),
            jsonFragment,
          ),
        }),
        fc.record({ kind: fc.constant('query' as const), body: queryBody }),
        fc.record({ kind: fc.constant('describe' as const), body: describeBody }),
        fc.record({
          kind: fc.constant('token' as const),
          body: tokenBody,
          status: fc.constantFrom(200, 400, 401, 403, 500, 302),
        }),
        fc.record({ kind: fc.constant('restError' as const), body: restErrorBody }),
        fc.record({
          kind: fc.constant('listMetadata' as const),
          body: fc.oneof(
            { weight: 3, arbitrary: listAnswer },
            { weight: 1, arbitrary: mutated(listAnswer, soapFragment) },
          ),
        }),
        fc.record({
          kind: fc.constant('readMetadata' as const),
          body: fc.oneof(
            { weight: 3, arbitrary: readAnswer },
            { weight: 1, arbitrary: mutated(readAnswer, soapFragment) },
          ),
          names: fc.subarray(NAMES, { minLength: 1 }),
        }),
      );
      const check = (
        c: typeof cases extends fc.Arbitrary<infer T> ? T : never,
      ): Promise<Outcome> => {
        switch (c.kind) {
          case 'json':
            return outcome(() => parseJsonAnswer(c.body, 'the query answer'), isResponseError);
          case 'query':
            return outcome(() => {
              const page = parseQueryPage(c.body);
              const records = (c.body as { records: unknown[] }).records;
              // Every row of the answer, and nothing but records.
              expect(page.records).toHaveLength(records.length);
              if (!page.done) expect(page.nextRecordsUrl).toBeDefined();
            }, isResponseError);
          case 'describe':
            return outcome(() => parseDescribe(c.body), isResponseError);
          case 'token':
            return outcome(
              () => {
                const answer = parseTokenAnswer(c.status, c.body);
                if (answer.ok) {
                  expect(c.status).toBe(200);
                  expect(answer.accessToken).not.toBe('');
                } else {
                  expect(answer.errorCode).not.toBe('');
                  expect(answer.message).not.toContain(TOKEN);
                }
              },
              () => false,
            );
          case 'restError':
            return outcome(
              () => {
                const parsed = restError(c.body);
                if (parsed !== undefined)
                  expect(parsed.errorCode).toMatch(/^[A-Za-z][\w:.-]{0,79}$/);
              },
              () => false,
            );
          case 'listMetadata':
            return outcome(() => {
              const results = parseListMetadata(c.body);
              expect(results.length).toBeLessThanOrEqual(count(c.body, 'result'));
              for (const r of results) {
                expect(typeof r.fullName).toBe('string');
                expect(typeof r.type).toBe('string');
              }
            }, isResponseError);
          case 'readMetadata':
            return outcome(() => {
              const records = parseReadMetadata(c.body, c.names);
              expect(records.length).toBeLessThanOrEqual(c.names.length);
            }, isResponseError);
        }
      };
      const figures = await fuzz('answers', cases, async (c) => {
        const result = await check(c);
        const seen = reached.get(c.kind) ?? new Set<Outcome>();
        seen.add(result);
        reached.set(c.kind, seen);
        return result;
      });
      expect(figures.results).toBeGreaterThan(0);
      // Each envelope check both accepted and refused answers (the token and error readers never refuse).
      for (const parser of ['json', 'query', 'describe', 'listMetadata', 'readMetadata'])
        expect([...(reached.get(parser) ?? [])].sort(), parser).toEqual(['refused', 'result']);
    },
    FUZZ_TIMEOUT_MS,
  );
});
