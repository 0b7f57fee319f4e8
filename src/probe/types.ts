// The probe's input and result (docs/adr/0006-probe.md): the integration's own token request and read-only
// follow-on calls, each timed, with Salesforce's errors and their diagnosis. No token and no secret
// ever reaches a ProbeResult.

import type { FieldAction, ObjectAction } from '../model/permissions.js';

export type ProbeStepKind = 'token' | 'identity' | 'api' | 'describe' | 'object' | 'field' | 'soql';

/** The follow-on actions of one integration (manifest `needs:` and `probe:`). */
export interface ProbeActions {
  /** Objects to describe (`Shipment__c`). */
  describe: string[];
  /** Fields that must be visible in their object's describe, as `Object.Field`. */
  fields: string[];
  /** Read-only SOQL queries, each run with LIMIT 1. */
  soql: string[];
  /**
   * The declared needs (manifest `needs.objects` and `needs.fields`): each create, edit and delete
   * is proven from the describe flags of the run-as user, without writing a record.
   */
  needs?: {
    objects?: Readonly<Record<string, readonly ObjectAction[]>>;
    fields?: Readonly<Record<string, readonly FieldAction[]>>;
  };
}

export interface ProbeInput {
  /** Developer name of the probed app. */
  app: string;
  /** Where the token request goes: the org's My Domain unless `--login-url` says otherwise. */
  loginUrl: string;
  /** The org's My Domain URL as the audit knows it; lets the diagnosis name a wrong token host. */
  instanceUrl?: string;
  /** Consumer key of the probed app (not a secret). */
  clientId: string;
  /** Consumer secret: sent in the token request body, never copied anywhere else. */
  clientSecret: string;
  actions: ProbeActions;
  /** REST API version, `62.0`. */
  apiVersion: string;
}

export type ProbeErrorKind =
  /** The token endpoint's `{error, error_description}` (docs/salesforce-behaviour.md 1.5). */
  | 'oauth'
  /** A REST error body `[{message, errorCode}]` (docs/salesforce-behaviour.md 4.4) or another HTTP failure of a follow-on call. */
  | 'rest'
  /** No answer: connection refused or reset, DNS, timeout. */
  | 'network'
  /** The probe's own check failed on a good answer (a needed field absent from the describe, a needed edit it denies). */
  | 'check';

export interface ProbeError {
  kind: ProbeErrorKind;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  /** `invalid_grant`, `API_CURRENTLY_DISABLED`, `ECONNREFUSED`, `FIELD_NOT_VISIBLE`, ... */
  code: string;
  /** Salesforce's `error_description` or `message`, secrets redacted. */
  message: string;
}

/**
 * What the audit found about a cause, or what the probe itself saw:
 * - `found`: the condition holds (the user is frozen, the scope is missing);
 * - `likely`: the facts point at it without proving it;
 * - `unknown`: the audit does not know;
 * - `ruled-out`: the facts say the condition does not hold.
 */
export type Verdict = 'found' | 'likely' | 'unknown' | 'ruled-out';

/** How well a link between an error and a cause is established (the tags of docs/salesforce-behaviour.md). */
export type Confidence = 'DOC' | 'OBS' | 'UNCONFIRMED';

export interface RankedCause {
  /** Stable id of the cause; the same root cause has the same id under every error. */
  id: string;
  title: string;
  /** What to change, in Setup terms. */
  fix: string;
  /** Rule ids (docs/rules/) that audit this cause. */
  rules: string[];
  /** How well it is established that this cause produces this error. */
  confidence: Confidence;
  /** Why, when the confidence is not DOC. */
  confidenceNote?: string;
  verdict: Verdict;
  /** What the audit or the probe saw that gave the verdict. */
  evidence?: string;
  /** Who saw it: the audit's facts, or the probe's own request. */
  source?: 'audit' | 'probe';
}

export interface Diagnosis {
  /** Id of the catalog entry that matched. */
  entry: string;
  /** The error as Salesforce phrased it: `invalid_grant: inactive user`. */
  error: string;
  /** What is known about this error (DOC, OBS or UNCONFIRMED). */
  known: string;
  confidence: Confidence;
  /** Possible root causes, most likely first. */
  causes: RankedCause[];
  /** Whether any cause is found or likely from the facts (otherwise the catalog order stands). */
  supported: boolean;
  /** Every rule id involved, sorted. */
  rules: string[];
  /** A few sentences for people: the error, what is known, what is likely, the fix. */
  message: string;
}

export interface ProbeStep {
  /**
   * `token`, `identity`, `api`, `describe Shipment__c`, `object Shipment__c: edit`,
   * `field Shipment__c.Name`, `field Shipment__c.Name: edit`, `soql 1`.
   */
  name: string;
  kind: ProbeStepKind;
  /** The object, `Object.Field` or query of the step. */
  target?: string;
  ok: boolean;
  durationMs: number;
  /** What was asked and seen, one sentence; never a secret. */
  detail: string;
  /** Method and path of the request (no query string). */
  request?: string;
  error?: ProbeError;
  diagnosis?: Diagnosis;
}

/**
 * - `passed`: every step succeeded;
 * - `failed`: the probed app's token or a follow-on call failed (findings: exit 1);
 * - `unreachable`: the org could not be reached (exit 3).
 */
export type ProbeOutcome = 'passed' | 'failed' | 'unreachable';

export interface ProbeResult {
  app: string;
  ok: boolean;
  outcome: ProbeOutcome;
  /** When the probe started, by the injected clock (ISO-8601). */
  startedAt: string;
  /** Origin the token request went to. */
  loginUrl: string;
  /** `instance_url` of the token response. */
  instanceUrl?: string;
  steps: ProbeStep[];
  runAsUser?: { id: string; username?: string };
  orgId?: string;
  /** Scopes of the issued token, as Salesforce wrote them (`api`, `id`, ...). */
  scopes?: string[];
  /** The first failed step. */
  failure?: { step: string; error: ProbeError };
  /** The diagnosis of the first failed step. */
  diagnosis?: Diagnosis;
  /** Where what the probe saw disagrees with the audit: observations of UNCONFIRMED behaviour. */
  notes: string[];
}
