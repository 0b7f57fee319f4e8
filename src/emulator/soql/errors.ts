// SOQL errors with Salesforce's codes and texts (docs/salesforce-behaviour.md 4.4). Where Salesforce points at
// the offending token it prefixes the text with the query line, a caret and `ERROR at Row:R:Column:C`.

export class SoqlError extends Error {
  readonly errorCode: string;
  readonly status: number;

  constructor(errorCode: string, message: string, status = 400) {
    super(message);
    this.name = 'SoqlError';
    this.errorCode = errorCode;
    this.status = status;
  }

  /** The REST error body (`[{message, errorCode}]`). */
  body(): { message: string; errorCode: string }[] {
    return [{ message: this.message, errorCode: this.errorCode }];
  }
}

/**
 * `\n<line>\n<spaces>^\nERROR at Row:R:Column:C\n<text>`; Row and Column are 1-based (OBS, several
 * real responses). For long lines Salesforce shows only a window around the token (OBS, rule
 * UNCONFIRMED); we show the whole line, and for multi-line queries the offending line (UNCONFIRMED).
 */
export function positioned(soql: string, offset: number, text: string): string {
  const at = Math.max(0, Math.min(offset, soql.length));
  const before = soql.slice(0, at);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const newline = soql.indexOf('\n', lineStart);
  const line = soql.slice(lineStart, newline < 0 ? soql.length : newline).replace(/\r$/, '');
  const column = at - lineStart + 1;
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
}

export function malformed(text: string, soql?: string, offset?: number): SoqlError {
  const message =
    soql === undefined || offset === undefined ? text : positioned(soql, offset, text);
  return new SoqlError('MALFORMED_QUERY', message);
}

export function invalidType(soql: string, offset: number, name: string): SoqlError {
  return new SoqlError(
    'INVALID_TYPE',
    positioned(
      soql,
      offset,
      `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  );
}

/** Unknown child relationship in a subquery's FROM (OBS, wording recalled from real responses; UNCONFIRMED). */
export function unknownChildRelationship(soql: string, offset: number, name: string): SoqlError {
  return new SoqlError(
    'INVALID_TYPE',
    positioned(
      soql,
      offset,
      `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  );
}

export function noSuchColumn(
  soql: string,
  offset: number,
  field: string,
  entity: string,
): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    positioned(
      soql,
      offset,
      `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  );
}

/** Unknown (or unreadable) parent relationship in a field path (OBS, several public samples). */
export function unknownRelationship(soql: string, offset: number, name: string): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    positioned(
      soql,
      offset,
      `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  );
}

/** OBS: "ERROR at Row:1:Column:87\nfield 'NewValue' can not be filtered in a query call" (public notes). */
export function notFilterable(soql: string, offset: number, field: string): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    positioned(soql, offset, `field '${field}' can not be filtered in a query call`),
  );
}

/** OBS: "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes". */
export function wrongLiteralType(
  soql: string,
  offset: number,
  field: string,
  type: string,
  quoted: boolean,
): SoqlError {
  const quotes = quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
  return new SoqlError(
    'INVALID_FIELD',
    positioned(
      soql,
      offset,
      `value of filter criterion for field '${field}' must be of type ${type} and ${quotes}`,
    ),
  );
}

/**
 * DOC (OFFSET page): an OFFSET over the maximum is NUMBER_OUTSIDE_VALID_RANGE; the text OBS
 * (`[{"message":"Maximum SOQL offset allowed is 2000","errorCode":"NUMBER_OUTSIDE_VALID_RANGE"}]`).
 */
export function offsetOutOfRange(max: number): SoqlError {
  return new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${max}`);
}

/**
 * An Id field compared with what is no Id, or with LIKE: INVALID_QUERY_FILTER_OPERATOR with the
 * position (OBS, public reports: "invalid operator on id field"; "invalid ID field: <value>" UNCONFIRMED).
 */
export function invalidIdFilter(soql: string, offset: number, text: string): SoqlError {
  return new SoqlError('INVALID_QUERY_FILTER_OPERATOR', positioned(soql, offset, text));
}

/** DOC (FIELDS() page): `[{"message":"duplicate field selected: Id","errorCode":"INVALID_FIELD"}]`. */
export function duplicateField(field: string): SoqlError {
  return new SoqlError('INVALID_FIELD', `duplicate field selected: ${field}`);
}

/** docs/salesforce-behaviour.md 2.4 (OBS, many). Whether a Row/Column prefix precedes it is UNCONFIRMED. */
export function metadataNeedsOneRow(): SoqlError {
  return new SoqlError(
    'MALFORMED_QUERY',
    'When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval.',
  );
}
