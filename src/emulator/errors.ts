// Salesforce's two error shapes (docs/salesforce-behaviour.md 1.5 and 4.4): OAuth `{error, error_description}`
// and REST `[{message, errorCode}]`. Every emulator error goes through here.

export interface RestErrorBody {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** An error the emulator answers with a Salesforce REST error body. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
  }

  body(): RestErrorBody[] {
    return [{ message: this.message, errorCode: this.errorCode }];
  }
}

/** An error of the OAuth endpoints (token, identity, userinfo). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export const SESSION_EXPIRED = (): RestError =>
  new RestError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/**
 * An Authorization header that is not `Bearer <token>` or `OAuth <token>` (docs/salesforce-behaviour.md
 * 4.4, OBS: `[{"message":"INVALID_HEADER_TYPE","errorCode":"INVALID_AUTH_HEADER"}]`).
 */
export const INVALID_AUTH_HEADER = (): RestError =>
  new RestError(401, 'INVALID_AUTH_HEADER', 'INVALID_HEADER_TYPE');

/** Missing `api` scope, High Assurance required (docs/salesforce-behaviour.md 1.6, 4.4). */
export const SESSION_NOT_VALID_FOR_REST = (): RestError =>
  new RestError(401, 'INVALID_SESSION_ID', 'This session is not valid for use with the REST API');

export const API_DISABLED_FOR_USER = (): RestError =>
  new RestError(403, 'API_CURRENTLY_DISABLED', 'API is disabled for this User');

export const REQUEST_LIMIT_EXCEEDED = (): RestError =>
  new RestError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');

export const NOT_FOUND = (): RestError =>
  new RestError(404, 'NOT_FOUND', 'The requested resource does not exist');

/** Identity endpoints answer errors as plain text (`Bad_OAuth_Token`). */
export class PlainTextError extends Error {
  constructor(
    readonly status: number,
    text: string,
  ) {
    super(text);
    this.name = 'PlainTextError';
  }
}
