// XML helpers of the emulator's Metadata API: a guarded SOAP request parser and the serializer
// that turns a MetadataComponent's content back into readMetadata record elements.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Largest SOAP request accepted, in bytes (a readMetadata of 10 names is a few KB). */
export const MAX_SOAP_REQUEST_BYTES = 1024 * 1024;

/** Deepest element nesting accepted in a request or serialized from content. */
const MAX_DEPTH = 64;

/** Why a request could not be read; the handler turns it into a `soapenv:Client` fault. */
export class SoapRequestError extends Error {
  override readonly name = 'SoapRequestError';
}

const requestParser = new XMLParser({
  // Entities stay literal (no expansion, no billion laughs); decodeXmlText handles the five
  // predefined ones and character references.
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  maxNestedTags: MAX_DEPTH,
  // Repeated request parameters must stay lists even when sent once.
  isArray: (name) => name === 'fullNames' || name === 'queries',
});

/**
 * Parses a SOAP request into a plain object keyed by local names (prefixes removed).
 * Rejects oversize input, any DTD, and XML that is not well-formed.
 */
export function parseSoapRequest(body: string): Record<string, unknown> {
  if (Buffer.byteLength(body, 'utf8') > MAX_SOAP_REQUEST_BYTES) {
    throw new SoapRequestError(`request body exceeds ${MAX_SOAP_REQUEST_BYTES} bytes`);
  }
  // A SOAP message must not contain a DTD (SOAP 1.1 section 3); refusing it up front also
  // rules out entity-expansion attacks whatever the parser would do with them.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new SoapRequestError('a SOAP message must not contain a document type declaration');
  }
  // The parser alone accepts mismatched tags; the separate fast-xml-validator package is not a
  // dependency, so keep the bundled (deprecated) validator until it is.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new SoapRequestError(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  let parsed: unknown;
  try {
    parsed = requestParser.parse(body);
  } catch (error) {
    throw new SoapRequestError(
      `malformed XML: ${error instanceof Error ? error.message : 'parse error'}`,
    );
  }
  if (!isRecord(parsed)) throw new SoapRequestError('the request is not an XML document');
  return parsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The element names of a parsed node in document order, text nodes excluded. */
export function childNames(node: Record<string, unknown>): string[] {
  return Object.keys(node).filter((key) => key !== '#text');
}

/** Text content of a parsed leaf element, entity references decoded; undefined if not a leaf. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? decodeXmlText(value) : undefined;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Decodes the five predefined XML entities and numeric character references, nothing else. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g,
    (whole, ref: string) => {
      if (!ref.startsWith('#')) return NAMED_ENTITIES[ref] ?? whole;
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

/** Escapes text for element content or a double-quoted attribute; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing exactly the control characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // A literal CR would be normalized away by the client's parser.
      .replace(/\r/g, '&#13;')
  );
}

/** Element names the serializer writes; anything else (`@_attr`, `ns:x`, junk) is skipped. */
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Serializes parsed metadata content (values as strings, repeated elements as arrays, key order
 * as in the source) back to XML child elements, in key order. `skip` names keys to leave out.
 * Attributes (keys starting with `@`) are not written: metadata component XML carries none that
 * the Metadata API would return.
 */
export function serializeElements(
  content: Record<string, unknown>,
  skip: ReadonlySet<string> = new Set(),
): string {
  return serializeChildren(content, skip, 0);
}

function serializeChildren(
  node: Record<string, unknown>,
  skip: ReadonlySet<string>,
  depth: number,
): string {
  if (depth > MAX_DEPTH) throw new Error('metadata content is nested too deeply to serialize');
  let out = '';
  const text = node['#text'];
  if (typeof text === 'string' || typeof text === 'number' || typeof text === 'boolean') {
    out += escapeXml(String(text));
  }
  for (const [name, value] of Object.entries(node)) {
    if (skip.has(name) || !ELEMENT_NAME.test(name)) continue;
    out += serializeElement(name, value, depth + 1);
  }
  return out;
}

function serializeElement(name: string, value: unknown, depth: number): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    if (depth > MAX_DEPTH) throw new Error('metadata content is nested too deeply to serialize');
    return value.map((item) => serializeElement(name, item, depth + 1)).join('');
  }
  if (isRecord(value)) return `<${name}>${serializeChildren(value, new Set(), depth)}</${name}>`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  return '';
}
