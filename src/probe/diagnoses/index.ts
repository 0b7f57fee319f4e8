// The diagnosis catalog, as data: every token and follow-on error of docs/salesforce-behaviour.md 1.5, 1.6 and
// 4.4, mapped to its possible root causes. Each cause says how to fix it in Setup terms, which rules
// audit it, and how to weigh it from the audit's facts (`evidence`), so causes are ranked from what
// the audit knows about this app and run-as user, never from the error string alone. The order of
// `causes` in an entry is the rank when the facts say nothing. docs/diagnoses.md is generated from
// this catalog (scripts/gen-diagnoses-doc.ts).
//
// The causes and entries sit in one file per area; this module assembles them.

import { ACCESS_CAUSES, ACCESS_ENTRIES, WRITE_CAUSES } from './access.js';
import { NETWORK_ENTRY, RESPONSE_CAUSES, RESPONSE_ENTRIES } from './response.js';
import { REST_CAUSES, REST_ENTRIES } from './rest.js';
import { RUN_AS_USER_CAUSES } from './run-as-user.js';
import { TOKEN_CAUSES, TOKEN_ENTRIES, TOKEN_FALLBACK } from './token.js';
import type { CauseDef, DiagnosisEntry } from './types.js';

export type { CauseDef, DiagnosisEntry, EntryCause, Matcher } from './types.js';

const CAUSE_LIST: readonly CauseDef[] = [
  ...TOKEN_CAUSES,
  ...RUN_AS_USER_CAUSES,
  ...REST_CAUSES,
  ...ACCESS_CAUSES,
  ...WRITE_CAUSES,
  ...RESPONSE_CAUSES,
];

/** Every cause, by id. */
export const CAUSES: ReadonlyMap<string, CauseDef> = new Map(CAUSE_LIST.map((c) => [c.id, c]));

/**
 * Entries, most specific first: the first entry whose matcher accepts the error wins, so the order
 * across areas matters (a server error at the token step is `server-error`, not `token-other`).
 */
export const DIAGNOSES: readonly DiagnosisEntry[] = [
  ...TOKEN_ENTRIES,
  ...RESPONSE_ENTRIES,
  TOKEN_FALLBACK,
  ...ACCESS_ENTRIES,
  ...REST_ENTRIES,
  NETWORK_ENTRY,
];
