// The shapes of the diagnosis catalog: causes, matchers and entries.

import type { Evidence, EvidenceContext } from '../evidence.js';
import type { Confidence, ProbeErrorKind, ProbeStepKind } from '../types.js';

export interface CauseDef {
  id: string;
  title: string;
  /** What to change, in Setup terms. */
  fix: string;
  /** Rule ids (docs/rules/) that audit this cause. */
  rules: readonly string[];
  /**
   * Causes this one explains more precisely (a session-based permission set explains why the object
   * is not readable): when both are found, this one ranks first.
   */
  refines?: readonly string[];
  /** What the facts say about this cause; undefined when they say nothing. */
  evidence?: (ctx: EvidenceContext) => Evidence | undefined;
}

/** One way an error is recognized. Codes compare case-insensitively; descriptions as substrings. */
export interface Matcher {
  kind: ProbeErrorKind;
  /** Step kinds; any when absent. */
  steps?: readonly ProbeStepKind[];
  /** Exact error code; any when absent. */
  code?: string;
  /** Error code prefix (`ERROR_HTTP_`). */
  codePrefix?: string;
  /** Any of these substrings of the description. */
  descriptions?: readonly string[];
  /** Lowest HTTP status (server errors). */
  minStatus?: number;
}

export interface EntryCause {
  cause: string;
  /** How well it is established that this cause produces this error. */
  confidence: Confidence;
  note?: string;
}

export interface DiagnosisEntry {
  id: string;
  title: string;
  match: readonly Matcher[];
  /** How well the error itself is established for the client credentials flow. */
  confidence: Confidence;
  /** What is known about the error: what Salesforce documents, what is observed, what is not. */
  known: string;
  /** Possible causes, in the order used when the facts say nothing. */
  causes: readonly EntryCause[];
  /** A representative error, for the documentation and the tests. */
  example: {
    kind: ProbeErrorKind;
    step: ProbeStepKind;
    status: number;
    code: string;
    message: string;
  };
}

/** The steps after the token request. */
export const FOLLOW_ON: readonly ProbeStepKind[] = [
  'identity',
  'api',
  'describe',
  'object',
  'field',
  'soql',
];
