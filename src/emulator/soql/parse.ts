// Parsing is done by the maintained parser package; this module maps its failures to Salesforce's
// MALFORMED_QUERY with the position of the offending token.

import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { malformed, type SoqlError } from './errors.js';
import { findMixedLogic, scan, type Token } from './scan.js';

/** Salesforce's own cap on SOQL text is 100,000 characters; longer input is refused before parsing. */
export const MAX_SOQL_LENGTH = 100_000;

export interface Parsed {
  query: Query;
  tokens: Token[];
}

export function parseSoql(soql: string): Parsed {
  if (soql.length > MAX_SOQL_LENGTH) {
    // Salesforce's text for an over-long query is UNCONFIRMED.
    throw malformed(`Query is too long: more than ${MAX_SOQL_LENGTH} characters`);
  }
  const tokens = scan(soql);
  let query: Query;
  try {
    query = parseQuery(soql);
  } catch (err) {
    throw parseFailure(soql, tokens, err);
  }
  const mixed = findMixedLogic(tokens);
  if (mixed) throw malformed(`unexpected token: '${mixed.text}'`, soql, mixed.start);
  return { query, tokens };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The token image chevrotain reports as found; '' is the end of input. */
function foundImage(message: string): string | undefined {
  const quoted = /but found(?::| -->) '([\s\S]*)'(?: <--)?\s*$/.exec(message);
  if (quoted) return quoted[1];
  const bare = /but found: ([\s\S]*)$/.exec(message);
  return bare?.[1]?.trim();
}

function parseFailure(soql: string, tokens: readonly Token[], err: unknown): SoqlError {
  const message = messageOf(err);
  // The lexer: "unexpected character: ->$<- at offset: 15, ...". Salesforce: "line 1:15 unexpected token: '$'" (OBS).
  const lexing = /unexpected character: ->([\s\S])<- at offset: (\d+)/.exec(message);
  if (lexing) {
    const offset = Number(lexing[2]);
    const lineStart = soql.lastIndexOf('\n', offset - 1) + 1;
    const row = soql.slice(0, offset).split('\n').length;
    const text = `line ${row}:${offset - lineStart} unexpected token: '${lexing[1] ?? ''}'`;
    return malformed(text, soql, offset);
  }
  const image = foundImage(message);
  if (image === undefined || image === '') {
    // Salesforce names the end of input '<EOF>' (Summer '24 release notes, OBS).
    return malformed(`unexpected token: '<EOF>'`, soql, soql.trimEnd().length);
  }
  return malformed(`unexpected token: '${image}'`, soql, offsetOfFailure(soql, tokens, image));
}

/**
 * The parser reports the image, not the place. The failing occurrence is the first one where the
 * text cut just after it fails on that very token (a cut before the failure point only runs out of input).
 */
function offsetOfFailure(soql: string, tokens: readonly Token[], image: string): number {
  const candidates = tokens.filter((t) => t.text === image).slice(0, 16);
  for (const candidate of candidates) {
    try {
      parseQuery(soql.slice(0, candidate.end));
    } catch (err) {
      if (foundImage(messageOf(err)) === image) return candidate.start;
    }
  }
  const first = candidates[0]?.start ?? soql.indexOf(image);
  return Math.max(first, 0);
}
