// One rule's run: the context the rule's check sees (its declared facets, the integrations it may
// examine) and the findings made from what it reports.

import type { Manifest } from '../../manifest/schema.js';
import type { Finding, Severity, Status } from '../../model/finding.js';
import type { Facet, OrgSnapshot } from '../../model/snapshot.js';
import type { Rule, RuleMeta } from '../define-rule.js';
import { fingerprintOf } from '../fingerprint.js';
import { ENGINE_MESSAGES, renderMessage } from '../messages.js';
import type {
  Evidence,
  FailOptions,
  Integration,
  MessageData,
  ResourceRef,
  RuleContext,
  RunAsUser,
  RunAsUserWithAccess,
  Settings,
} from '../types.js';
import { facetData } from './facets.js';
import { FACET_LABELS, failedReason, gateOf } from './gating.js';
import type { Gate } from './gating.js';
import type { Integrations } from './integrations.js';
import { readOnly } from './read-only.js';
import { keyOf, resolveRef, userResource } from './resources.js';
import type { Resolved } from './resources.js';

export interface Extra {
  evidence?: Evidence;
  severity?: Severity;
}

export interface Result extends Resolved, Extra {
  status: Status;
  messageId: string;
  text: string;
}

/** The integrations a rule examines, and why access could not be resolved (by app name). */
export type OpenIntegrations = Pick<Integrations, 'list' | 'accessProblems'>;

/** What the engine has decided before the check runs, and what the rule sees. */
export interface RunInput {
  snapshot: OrgSnapshot;
  now: string;
  settings: Settings;
  manifest: Manifest | undefined;
  sandboxSuffix: string | undefined;
  /** How many items an evidence list that grows with the org holds (Infinity: every one). */
  evidenceItems: number;
  /** Every integration: the resources a report may name. */
  all: readonly Integration[];
  /** The integrations the rule examines (its facets are available for them). */
  open: OpenIntegrations;
  /** Resources the engine reports not-evaluated for this rule: the rule's own reports on them are dropped. */
  gated: readonly { target: Resolved; gate: Gate }[];
}

export class RuleRun {
  readonly results: Result[] = [];
  readonly context: RuleContext;
  readonly #keys = new Set<string>();
  readonly #gated = new Set<string>();
  #runAsUsers: RunAsUser[] | undefined;
  #withAccess: RunAsUserWithAccess[] | undefined;

  constructor(
    readonly rule: Rule,
    readonly input: RunInput,
  ) {
    const meta = rule.meta;
    const { snapshot } = input;
    const allowed = new Set<Severity>([meta.severity, ...(meta.severities ?? [])]);
    for (const { target, gate } of input.gated) {
      this.add(target, 'not-evaluated', gate.messageId, ENGINE_MESSAGES[gate.messageId], gate.data);
      this.#gated.add(keyOf(target));
    }
    this.context = {
      collection: { mode: snapshot.mode, org: snapshot.org, project: snapshot.project },
      now: input.now,
      apps: snapshot.apps,
      integrations: input.open.list,
      settings: input.settings,
      manifest: input.manifest,
      sandboxSuffix: input.sandboxSuffix,
      evidenceItems: input.evidenceItems,
      facet: (name) => {
        if (!meta.requires.includes(name))
          throw new Error(
            `${meta.id} (${meta.slug}) reads the facet ${name} but does not declare it in requires`,
          );
        return facetData(snapshot, name);
      },
      optionalFacet: (name) => {
        if (!(meta.optional ?? []).includes(name))
          throw new Error(
            `${meta.id} (${meta.slug}) reads the facet ${name} as optional but does not declare it in optional`,
          );
        const entry = snapshot.ledger[name];
        return entry?.status === 'ok'
          ? { collected: true, data: facetData(snapshot, name) }
          : { collected: false, entry };
      },
      runAsUsers: () => this.runAsUsers(),
      runAsUsersWithAccess: () => this.runAsUsersWithAccess(),
      pass: (ref, messageId, data, evidence) => {
        this.report(ref, 'pass', messageId, data, { ...(evidence ? { evidence } : {}) });
      },
      fail: (ref, messageId, data, evidence, options?: FailOptions) => {
        const severity = options?.severity;
        if (severity !== undefined && !allowed.has(severity))
          throw new Error(`severity ${severity} is not declared by ${meta.id}`);
        this.report(ref, 'fail', messageId, data, {
          ...(evidence ? { evidence } : {}),
          ...(severity === undefined ? {} : { severity }),
        });
      },
      skip: (ref, messageId, data) => {
        this.report(ref, 'skip', messageId, data, {});
      },
      notCollected: (ref, facet: Facet) => {
        const gate = gateOf({ requires: [facet] }, snapshot) ?? {
          messageId: 'requestFailed',
          data: { reasons: `${FACET_LABELS[facet]} was not collected` },
        };
        this.add(
          resolveRef(meta, ref, input.all),
          'not-evaluated',
          gate.messageId,
          ENGINE_MESSAGES[gate.messageId],
          gate.data,
        );
      },
    };
  }

  /** Whether the engine reported this resource not-evaluated before the check ran. */
  isGated(target: Resolved): boolean {
    return this.#gated.has(keyOf(target));
  }

  runAsUsers(): RunAsUser[] {
    if (this.#runAsUsers !== undefined) return [...this.#runAsUsers];
    const found: RunAsUser[] = [];
    for (const integration of this.input.open.list) {
      const { username, user } = integration;
      if (username === undefined) continue;
      if (user !== undefined) {
        found.push({ ...integration, username, user });
        continue;
      }
      // Absent because the User records could not be read is not absent from the org: a rule that
      // needs only access (and so does not require `users`) is still not evaluated then.
      const users = this.input.snapshot.ledger.users;
      if (users?.status === 'failed') {
        const reasons = failedReason('users', users);
        this.add(
          userResource(integration),
          'not-evaluated',
          'requestFailed',
          ENGINE_MESSAGES.requestFailed,
          { reasons },
        );
        continue;
      }
      const data = { username, app: integration.app.name };
      this.add(
        userResource(integration),
        'skip',
        'userNotFound',
        ENGINE_MESSAGES.userNotFound,
        data,
      );
    }
    this.#runAsUsers = found;
    return [...found];
  }

  runAsUsersWithAccess(): RunAsUserWithAccess[] {
    if (this.#withAccess !== undefined) return [...this.#withAccess];
    const withAccess: RunAsUserWithAccess[] = [];
    for (const integration of this.runAsUsers()) {
      const { access } = integration;
      if (access !== undefined) {
        withAccess.push({ ...integration, access });
        continue;
      }
      const reason = this.input.open.accessProblems.get(integration.app.name) ?? 'unknown';
      const data = { username: integration.username, reason };
      this.add(
        userResource(integration),
        'error',
        'accessUnresolved',
        ENGINE_MESSAGES.accessUnresolved,
        data,
      );
    }
    this.#withAccess = withAccess;
    return [...withAccess];
  }

  report(
    ref: ResourceRef,
    status: Status,
    messageId: string,
    data: MessageData = {},
    extra: Extra,
  ) {
    const messages: Readonly<Record<string, string | undefined>> = this.rule.meta.messages;
    const template = messages[messageId];
    if (template === undefined)
      throw new Error(`message "${messageId}" is not in ${this.rule.meta.id}'s messages`);
    this.add(
      resolveRef(this.rule.meta, ref, this.input.all),
      status,
      messageId,
      template,
      data,
      extra,
    );
  }

  add(
    target: Resolved,
    status: Status,
    messageId: string,
    template: string,
    data: MessageData,
    extra: Extra = {},
  ): void {
    const key = keyOf(target);
    // The engine's not-evaluated for a resource whose facets are unavailable wins over the rule.
    if (this.#gated.has(key)) return;
    if (this.#keys.has(key))
      throw new Error(
        `${target.resource.type} ${target.resource.name} of ${target.app.name} was reported twice`,
      );
    this.#keys.add(key);
    this.results.push({
      ...target,
      ...extra,
      status,
      messageId,
      text: renderMessage(template, data),
    });
  }
}

export function makeFinding(
  meta: RuleMeta,
  target: Resolved,
  status: Status,
  messageId: string,
  message: string,
  extra: Extra,
  orgKey: string,
  sandboxSuffix: string | undefined,
): Finding {
  const frameworks: Record<string, string[]> = {};
  for (const [key, controls] of Object.entries(meta.frameworks)) frameworks[key] = [...controls];
  const app = target.app.name;
  return {
    ruleId: meta.id,
    slug: meta.slug,
    severity: extra.severity ?? meta.severity,
    status,
    app,
    resource: { ...target.resource },
    messageId,
    message,
    // Frozen, not copied: evidence may share frozen snapshot data, and no finding can change another's.
    ...(extra.evidence === undefined ? {} : { evidence: readOnly(extra.evidence) }),
    frameworks,
    remediation: meta.remediation,
    fingerprint: fingerprintOf(
      { ruleId: meta.id, orgKey, app, resource: target.resource },
      sandboxSuffix === undefined ? {} : { sandboxSuffix },
    ),
  };
}

export function parseOptions(rule: Rule, given: unknown): unknown {
  if (rule.options === undefined) {
    if (given !== undefined) throw new TypeError(`rule ${rule.meta.id} takes no options`);
    return undefined;
  }
  const parsed = rule.options.safeParse(given ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(options)'}: ${i.message}`,
    );
    throw new TypeError(`options of rule ${rule.meta.id} are invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}
