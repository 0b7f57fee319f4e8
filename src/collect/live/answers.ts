// The shapes the collector accepts from an org, checked before anything is read from an answer
// (ADR 0007). An answer that does not have its shape is a failed request (ResponseError
// MALFORMED_RESPONSE), never fewer rows: a listMetadata result of an unknown shape must not make
// every Connected App vanish, a query page with a non-object row must not lose it silently.
// Envelopes are validated with zod; rows are only checked to be objects here (no copy) and their
// fields are read by the normalisers.

import { z } from 'zod';

import { ProjectError } from '../../metadata/errors.js';
import { parseMetadataXml } from '../../metadata/xml.js';
import { isRecord, many, text } from '../normalize/values.js';
import type { Raw } from '../normalize/values.js';
import { ResponseError } from '../tracker.js';

function malformed(what: string): ResponseError {
  return new ResponseError('MALFORMED_RESPONSE', what);
}

/** JSON text, or a failed request naming what came instead. */
export function parseJsonAnswer(body: string, what: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const start = body.trimStart().slice(0, 1);
    throw malformed(
      `${what} is not JSON${start === '<' ? ' (an HTML or XML page came instead)' : body === '' ? ' (an empty body)' : ' (truncated or garbled)'}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// REST query pages

const QueryPageSchema = z.object({
  totalSize: z.number().int().min(0).optional(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.unknown()),
});

export interface QueryPage {
  records: Raw[];
  done: boolean;
  nextRecordsUrl?: string;
}

/** One page of a SOQL answer; every row must be an object. */
export function parseQueryPage(body: unknown): QueryPage {
  const parsed = QueryPageSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformed(
      `the query answer is not a query result (${issue === undefined ? 'unknown shape' : `${issue.path.join('.') || 'body'}: ${issue.message}`})`,
    );
  }
  // The records array is checked in place (the zod copy above is of its elements' references).
  const records = parsed.data.records;
  const bad = records.findIndex((r) => !isRecord(r));
  if (bad >= 0) throw malformed(`row ${bad + 1} of the query answer is not a record`);
  if (!parsed.data.done && parsed.data.nextRecordsUrl === undefined)
    throw malformed('the query answer is not done but gives no nextRecordsUrl');
  return {
    records: records as Raw[],
    done: parsed.data.done,
    ...(parsed.data.nextRecordsUrl === undefined
      ? {}
      : { nextRecordsUrl: parsed.data.nextRecordsUrl }),
  };
}

/** A describe answer: an object with a `fields` array of objects. */
export function parseDescribe(body: unknown): Raw[] {
  const parsed = z.object({ fields: z.array(z.unknown()) }).safeParse(body);
  if (!parsed.success || !parsed.data.fields.every(isRecord))
    throw malformed('the describe answer has no fields array of objects');
  return parsed.data.fields;
}

/** Salesforce's REST error body: `[{ "errorCode", "message" }]`; undefined for anything else. */
export function restError(body: string): { errorCode: string; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isRecord(first)) return undefined;
  const errorCode = text(first.errorCode);
  if (errorCode === undefined || !/^[A-Za-z][\w:.-]{0,79}$/.test(errorCode)) return undefined;
  return { errorCode, message: text(first.message) ?? '' };
}

// ---------------------------------------------------------------------------------------------
// The OAuth token endpoint

const TokenAnswerSchema = z.object({
  access_token: z.string().min(1).max(4096),
});

const TokenErrorSchema = z.object({
  error: z.string().min(1).max(200),
  error_description: z.string().max(2000).optional(),
});

export type TokenAnswer =
  { ok: true; accessToken: string } | { ok: false; errorCode: string; message: string };

/**
 * A token endpoint answer: the access token, or Salesforce's `error: error_description`. A 200
 * without an `access_token` or a body that is not JSON is refused (never a token of "undefined").
 */
export function parseTokenAnswer(status: number, body: string): TokenAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      errorCode: `ERROR_HTTP_${status}`,
      message: `the token endpoint answered HTTP ${status} with a body that is not JSON`,
    };
  }
  if (status === 200) {
    const token = TokenAnswerSchema.safeParse(json);
    if (token.success) return { ok: true, accessToken: token.data.access_token };
  }
  const error = TokenErrorSchema.safeParse(json);
  if (error.success)
    return {
      ok: false,
      errorCode: error.data.error,
      message: error.data.error_description ?? error.data.error,
    };
  return {
    ok: false,
    errorCode: `ERROR_HTTP_${status}`,
    message: `the token endpoint answered HTTP ${status} without an access_token`,
  };
}

// ---------------------------------------------------------------------------------------------
// Metadata API (SOAP)

/** A SOAP answer of one operation: its `result` elements, or the fault as a ResponseError. */
function soapResults(xml: string, operation: string): unknown[] {
  let content: Raw;
  try {
    const parsed = parseMetadataXml(xml, 'the Metadata API answer');
    if (parsed.root !== 'Envelope')
      throw malformed('the Metadata API answer is not a SOAP envelope');
    content = parsed.content;
  } catch (error) {
    if (error instanceof ProjectError)
      throw malformed(`the Metadata API answer is not valid XML (${error.message})`);
    throw error;
  }
  const body = content.Body;
  if (!isRecord(body)) throw malformed('the SOAP envelope has no Body');
  if (isRecord(body.Fault)) {
    const faultcode = text(body.Fault.faultcode) ?? 'soapenv:Server';
    const faultstring = text(body.Fault.faultstring) ?? '';
    const code = faultcode.replace(/^[A-Za-z]+:/, '');
    // faultstring repeats the code: `INSUFFICIENT_ACCESS: use of the Metadata API requires ...`.
    const message = faultstring.startsWith(`${code}: `)
      ? faultstring.slice(code.length + 2)
      : faultstring;
    throw new ResponseError(/^[A-Za-z][\w.-]{0,79}$/.test(code) ? code : 'SOAP_FAULT', message);
  }
  const response = body[`${operation}Response`];
  if (response === '') return [];
  if (!isRecord(response))
    throw malformed(`the SOAP Body has no ${operation}Response (an unknown answer shape)`);
  return many(response.result);
}

const FilePropertiesSchema = z.object({
  fullName: z.string().min(1),
  type: z.string().min(1),
});

/** listMetadata's FileProperties; each must name its component and type. */
export function parseListMetadata(xml: string): Raw[] {
  const results = soapResults(xml, 'listMetadata');
  results.forEach((result, index) => {
    if (!isRecord(result) || !FilePropertiesSchema.safeParse(result).success)
      throw malformed(
        `listMetadata result ${index + 1} is not a FileProperties (fullName and type are required)`,
      );
  });
  return results as Raw[];
}

/**
 * readMetadata's records, in request order; a name that does not exist reads as an empty record
 * (`<records xsi:nil="true"/>`). The answer must hold one `result` with exactly one record per
 * name: fewer would silently lose components (a truncated answer must not make apps vanish).
 */
export function parseReadMetadata(xml: string, names: readonly string[]): Raw[] {
  const results = soapResults(xml, 'readMetadata');
  if (results.length > 1) throw malformed('readMetadata answered more than one result');
  const result = results[0];
  const records =
    result === undefined || result === ''
      ? []
      : isRecord(result)
        ? many(result.records)
        : undefined;
  if (records === undefined) throw malformed('the readMetadata result is not an element');
  // `many` reads an empty element as no value: a single nil record is one empty record.
  const counted = records.length === 0 && isRecord(result) && 'records' in result ? [''] : records;
  if (counted.length !== names.length)
    throw malformed(`readMetadata answered ${counted.length} records for ${names.length} names`);
  return counted.map((record, index) => {
    if (record === '') return {};
    if (!isRecord(record)) throw malformed(`readMetadata record ${index + 1} is not an element`);
    return record;
  });
}
