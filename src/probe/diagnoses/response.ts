// Causes and errors of the answer itself, whatever the step: server errors, answers that are not
// Salesforce's, and an unreachable org.

import { likely, myDomainOf, originOf } from '../evidence.js';
import type { CauseDef, DiagnosisEntry } from './types.js';

export const RESPONSE_CAUSES: readonly CauseDef[] = [
  {
    id: 'org-unreachable',
    title: 'The org could not be reached',
    fix: "Check the URL (the org's My Domain), DNS, proxies and firewalls between the integration and Salesforce, then retry.",
    rules: [],
    evidence(ctx) {
      const mine = myDomainOf(ctx);
      const used = originOf(ctx.probe.loginUrl);
      if (mine === undefined || used === undefined || used === mine.origin) return undefined;
      return likely(
        `the probe called ${used}, not the org's My Domain ${mine.origin}`,
        mine.source,
      );
    },
  },
  {
    id: 'unexpected-response',
    title: 'The answer was not what Salesforce sends',
    fix: 'Check for proxies or TLS inspection between the integration and Salesforce that change or cut answers, then retry.',
    rules: [],
  },
];

export const RESPONSE_ENTRIES: readonly DiagnosisEntry[] = [
  {
    id: 'server-error',
    title: 'Salesforce answered with a server error',
    match: [
      { kind: 'oauth', minStatus: 500 },
      { kind: 'rest', minStatus: 500 },
    ],
    confidence: 'DOC',
    known: 'HTTP 5xx: the server failed, not the request.',
    causes: [{ cause: 'salesforce-unavailable', confidence: 'DOC' }],
    example: {
      kind: 'rest',
      step: 'api',
      status: 503,
      code: 'ERROR_HTTP_503',
      message: 'Service Unavailable',
    },
  },
  {
    id: 'unexpected-response',
    title: 'An answer the probe could not read',
    match: [
      { kind: 'rest', code: 'MALFORMED_RESPONSE' },
      { kind: 'rest', code: 'RESPONSE_TOO_LARGE' },
      { kind: 'oauth', code: 'MALFORMED_RESPONSE' },
      { kind: 'rest', codePrefix: 'ERROR_HTTP_3' },
      { kind: 'oauth', codePrefix: 'ERROR_HTTP_3' },
    ],
    confidence: 'DOC',
    known:
      'The answer was cut short, redirected, too large or not JSON: not an answer Salesforce sends for this call.',
    causes: [
      { cause: 'unexpected-response', confidence: 'DOC' },
      {
        cause: 'wrong-token-host',
        confidence: 'UNCONFIRMED',
        note: 'a host that is not Salesforce answers differently',
      },
    ],
    example: {
      kind: 'rest',
      step: 'describe',
      status: 200,
      code: 'MALFORMED_RESPONSE',
      message: 'the answer is not valid JSON',
    },
  },
];

export const NETWORK_ENTRY: DiagnosisEntry = {
  id: 'network',
  title: 'No answer from the org',
  match: [{ kind: 'network' }],
  confidence: 'DOC',
  known:
    'The connection was refused, dropped or timed out before an answer: the org could not be reached (exit 3), which says nothing about the app.',
  causes: [{ cause: 'org-unreachable', confidence: 'DOC' }],
  example: {
    kind: 'network',
    step: 'token',
    status: 0,
    code: 'ECONNREFUSED',
    message: 'connect ECONNREFUSED 127.0.0.1:9',
  },
};
