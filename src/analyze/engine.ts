// The rules engine: builds each rule's context from a snapshot, gates rules on the ledger (a
// failed or unsupported facet is `not-evaluated`, never a pass), runs the pure checks, and turns
// what they report into findings with rendered messages and stable fingerprints.

import { resolveSandboxSuffix } from '../manifest/sandbox.js';
import type { Manifest, ManifestIntegration } from '../manifest/schema.js';
import { summarizeEffectiveAccess } from '../model/effective/query.js';
import { SEVERITY_RANK } from '../model/finding.js';
import type {
  Finding,
  FindingResource,
  IntegrationSummary,
  Severity,
  Status,
} from '../model/finding.js';
import type { ClientApp } from '../model/org.js';
import { accessCatalogFromSnapshot, snapshotUserAccess } from '../model/policy/index.js';
import type { Facet, LedgerEntry, OrgSnapshot, SnapshotUser } from '../model/snapshot.js';
import type { Rule, RuleMeta } from './define-rule.js';
import { fingerprintOf, orgKeyOf } from './fingerprint.js';
import { ENGINE_MESSAGES, renderMessage } from './messages.js';
import type { EngineMessageId } from './messages.js';
import { secretFiles } from './source-files.js';
import { DEFAULT_SETTINGS } from './types.js';
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
  SourceFileRef,
} from './types.js';

export interface EvaluateOptions {
  /** Evaluation time, ISO-8601 (`--now`); default the snapshot's `collectedAt`. */
  now?: string;
  /** Wins over the manifest's `settings:`, which wins over the defaults. */
  settings?: Partial<Settings>;
  /** The integration manifest (docs/manifest.md), passed through to rules. */
  manifest?: Manifest;
  /**
   * `--sandbox-suffix`: stripped from usernames in fingerprints and run-as comparisons. Without it
   * the manifest's suffix for this org applies (resolveSandboxSuffix).
   */
  sandboxSuffix?: string;
  /** Options per rule id, validated by each rule's schema. */
  ruleOptions?: Readonly<Record<string, unknown>>;
}

export interface Evaluation {
  findings: Finding[];
  integrations: IntegrationSummary[];
  warnings: string[];
}

/** Human names of the facets, for not-evaluated messages. */
export const FACET_LABELS: Readonly<Record<Facet, string>> = {
  apps: 'the client-credentials app configuration',
  users: 'the run-as User records',
  userLogin: 'UserLogin (frozen and password-locked state)',
  access: 'the profiles, permission sets and assignments',
  profilePolicies: 'the profile login IP ranges and login hours',
  sessionSettings: 'the profile session settings',
  loginHistory: 'Login History',
  auditTrail: 'the Setup Audit Trail',
  oauthTokens: 'the OAuth tokens',
  projectFiles: "the project's files (needs --project)",
};

/** Messages whose not-evaluated or error status comes from a failed or absent request. */
export const INCOMPLETE_MESSAGE_IDS: readonly string[] = ['requestFailed'];

export function evaluate(
  snapshot: OrgSnapshot,
  rules: readonly Rule[],
  options: EvaluateOptions = {},
): Evaluation {
  const now = options.now ?? snapshot.collectedAt;
  if (Number.isNaN(Date.parse(now)))
    throw new RangeError(`evaluation time is not ISO-8601: ${now}`);
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    ...manifestSettings(options.manifest),
    ...options.settings,
  };
  const frozen = deepFreeze(structuredClone(snapshot));
  const manifest =
    options.manifest === undefined ? undefined : deepFreeze(structuredClone(options.manifest));
  const sandboxSuffix = resolveSandboxSuffix(manifest?.settings, frozen.org, options.sandboxSuffix);
  const warnings: string[] = [];
  const integrations = buildIntegrations(frozen, now, settings, warnings);
  const orgKey = orgKeyOf(frozen);
  const findings: Finding[] = [];
  const seen = new Set<string>();

  for (const rule of rules) {
    if (seen.has(rule.meta.id)) throw new Error(`rule ${rule.meta.id} is listed twice`);
    seen.add(rule.meta.id);
    const ruleOptions = parseOptions(rule, options.ruleOptions?.[rule.meta.id]);
    const make = (r: Resolved, status: Status, messageId: string, text: string, extra: Extra) =>
      makeFinding(rule.meta, r, status, messageId, text, extra, orgKey, sandboxSuffix);
    const targets = () => scopeTargets(rule.meta, integrations.list, manifest, frozen);

    const gate = gateOf(rule.meta, frozen);
    if (gate !== undefined) {
      for (const target of targets()) {
        const text = renderMessage(ENGINE_MESSAGES[gate.messageId], gate.data);
        findings.push(make(target, 'not-evaluated', gate.messageId, text, {}));
      }
      continue;
    }

    // Each rule gets its own copy of the resolved access (Maps cannot be frozen): one rule
    // cannot change what the next one sees.
    const own: Integrations = {
      list: integrations.list.map((i) =>
        i.access === undefined ? i : { ...i, access: structuredClone(i.access) },
      ),
      accessProblems: integrations.accessProblems,
    };
    const run = new RuleRun(rule, frozen, now, settings, { manifest, sandboxSuffix }, own);
    try {
      rule.check(run.context, ruleOptions);
      findings.push(...run.results.map((r) => make(r, r.status, r.messageId, r.text, r)));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      warnings.push(`rule ${rule.meta.id} (${rule.meta.slug}) failed: ${detail}`);
      for (const target of targets()) {
        const data = { app: target.app.name, error: detail };
        const text = renderMessage(ENGINE_MESSAGES.ruleError, data);
        findings.push(make(target, 'error', 'ruleError', text, {}));
      }
    }
  }

  return {
    findings: findings.sort(compareFindings),
    integrations: integrations.list.map(summarize).sort((a, b) => compareText(a.app, b.app)),
    warnings,
  };
}

/** Severity rank, rule id, app, resource name, resource type: the order of every report. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.app, b.app) ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.resource.type, b.resource.type)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The manifest's `settings:` that the engine and rules read (failOn and suffixes are the CLI's). */
function manifestSettings(manifest: Manifest | undefined): Partial<Settings> {
  const given = manifest?.settings;
  if (given === undefined) return {};
  return {
    ...(given.auditorApps === undefined ? {} : { auditorApps: [...given.auditorApps] }),
    ...(given.expiringAssignmentDays === undefined
      ? {}
      : { expiringAssignmentDays: given.expiringAssignmentDays }),
    ...(given.dormantDays === undefined ? {} : { dormantDays: given.dormantDays }),
  };
}

// ---------------------------------------------------------------------------------------------
// Integrations

interface Integrations {
  list: Integration[];
  /** Why access could not be resolved, by app name. */
  accessProblems: Map<string, string>;
}

function buildIntegrations(
  snapshot: OrgSnapshot,
  now: string,
  settings: Settings,
  warnings: string[],
): Integrations {
  const auditors = new Set(settings.auditorApps);
  const users = new Map<string, SnapshotUser>();
  for (const user of snapshot.users) users.set(user.username.toLowerCase(), user);
  const catalog = accessCatalogFromSnapshot(snapshot);
  const accessProblems = new Map<string, string>();
  const list: Integration[] = [];

  for (const app of [...snapshot.apps].sort((a, b) => compareText(a.name, b.name))) {
    if (!app.clientCredentialsEnabled) continue;
    if (auditors.has(app.name)) {
      warnings.push(
        `${app.name} is the auditor's own app (settings.auditorApps): not audited as an integration`,
      );
      continue;
    }
    const username = app.runAsUsername?.trim();
    if (username === undefined || username === '') {
      list.push({ app });
      continue;
    }
    const user = users.get(username.toLowerCase());
    if (user === undefined) {
      list.push({ app, username });
      continue;
    }
    const resolved = snapshotUserAccess(snapshot, user, now, catalog);
    if ('problem' in resolved) {
      const problem =
        resolved.problem === 'unknown-profile'
          ? `profile "${user.profileName}" is not in the snapshot`
          : resolved.message;
      accessProblems.set(app.name, problem);
      warnings.push(`effective access of ${user.username} (${app.name}): ${problem}`);
      list.push({ app, username, user });
    } else list.push({ app, username, user, access: resolved.access });
  }
  return { list, accessProblems };
}

function summarize(integration: Integration): IntegrationSummary {
  return {
    app: integration.app.name,
    appType: integration.app.type,
    runAsUsername: integration.username ?? null,
    runAsUserId: integration.user?.id ?? null,
    effectiveAccess:
      integration.access === undefined ? null : summarizeEffectiveAccess(integration.access),
  };
}

// ---------------------------------------------------------------------------------------------
// Gating on the ledger

interface Gate {
  messageId: Extract<EngineMessageId, 'requestFailed' | 'notInMode'>;
  data: MessageData;
}

/** Why a rule cannot run on this snapshot; undefined when every facet it requires is ok. */
function gateOf(meta: Pick<RuleMeta, 'requires'>, snapshot: OrgSnapshot): Gate | undefined {
  const failed: string[] = [];
  const unsupported: string[] = [];
  for (const facet of meta.requires) {
    const entry: LedgerEntry | undefined = snapshot.ledger[facet];
    if (entry === undefined) failed.push(`${FACET_LABELS[facet]} was not collected`);
    else if (entry.status === 'failed') failed.push(failedReason(facet, entry));
    else if (entry.status === 'unsupported')
      unsupported.push(`${FACET_LABELS[facet]}: ${entry.reason}`);
  }
  // A failed request outranks the mode: it is what the user can fix, and it decides exit code 3.
  if (failed.length > 0)
    return { messageId: 'requestFailed', data: { reasons: failed.join('; ') } };
  if (unsupported.length > 0)
    return {
      messageId: 'notInMode',
      data: { mode: snapshot.mode, reasons: unsupported.join('; ') },
    };
  return undefined;
}

function failedReason(facet: Facet, entry: Extract<LedgerEntry, { status: 'failed' }>): string {
  const fix = entry.permission === undefined ? '' : `; grant the auditing user ${entry.permission}`;
  return `${FACET_LABELS[facet]} could not be read (request ${entry.request} failed with ${entry.errorCode})${fix}`;
}

// ---------------------------------------------------------------------------------------------
// Resources

interface Resolved {
  /** The app the finding belongs to: for a manifest entry the app it names, which may not exist. */
  app: Pick<ClientApp, 'name'>;
  resource: FindingResource;
}

/** Every resource a rule examines: the not-evaluated and error paths report each of them. */
function scopeTargets(
  meta: RuleMeta,
  integrations: readonly Integration[],
  manifest: Manifest | undefined,
  snapshot: OrgSnapshot,
): Resolved[] {
  switch (meta.scope) {
    case 'app':
      return integrations.map((i) => appResource(i.app));
    case 'manifest-integration': {
      // A name listed twice is examined once (the manifest loader warns about it).
      const seen = new Set<string>();
      return (manifest?.integrations ?? []).flatMap((entry) => {
        if (seen.has(entry.name)) return [];
        seen.add(entry.name);
        return [manifestResource(entry)];
      });
    }
    case 'source-file': {
      const files = secretFiles(snapshot);
      const withSecrets = new Set(files.map((f) => f.app));
      return [
        ...files.map((f) => sourceFileResource({ sourceFile: f.file, app: f.app })),
        ...integrations.filter((i) => !withSecrets.has(i.app.name)).map((i) => appResource(i.app)),
      ];
    }
    case 'run-as-user':
      return integrations.flatMap((i) => (i.username === undefined ? [] : [userResource(i)]));
  }
}

function appResource(app: ClientApp): Resolved {
  return { app, resource: { type: app.type, name: app.name } };
}

function manifestResource(entry: ManifestIntegration): Resolved {
  return { app: { name: entry.app }, resource: { type: 'ManifestIntegration', name: entry.name } };
}

function sourceFileResource(ref: SourceFileRef): Resolved {
  return { app: { name: ref.app }, resource: { type: 'SourceFile', name: ref.sourceFile } };
}

function userResource(integration: Integration): Resolved {
  if (integration.username === undefined)
    throw new Error(`${integration.app.name} has no run-as user to report on`);
  const id = integration.user?.id;
  return {
    app: integration.app,
    resource: { type: 'User', ...(id === undefined ? {} : { id }), name: integration.username },
  };
}

function isClientApp(ref: ResourceRef): ref is ClientApp {
  return 'clientCredentialsEnabled' in ref;
}

function isSourceFile(ref: ResourceRef): ref is SourceFileRef {
  return 'sourceFile' in ref;
}

function isManifestIntegration(ref: ResourceRef): ref is ManifestIntegration {
  return !isSourceFile(ref) && !isClientApp(ref) && typeof ref.app === 'string';
}

function resolveRef(
  meta: RuleMeta,
  ref: ResourceRef,
  integrations: readonly Integration[],
): Resolved {
  if (meta.scope === 'manifest-integration') {
    if (!isManifestIntegration(ref))
      throw new Error(`${meta.id} reports on manifest integrations: pass a manifest entry`);
    return manifestResource(ref);
  }
  if (meta.scope === 'source-file' && isSourceFile(ref)) return sourceFileResource(ref);
  if (isSourceFile(ref) || isManifestIntegration(ref))
    throw new Error(`${meta.id} (scope ${meta.scope}) cannot report on this resource`);
  if (meta.scope === 'app' || meta.scope === 'source-file')
    return appResource(isClientApp(ref) ? ref : ref.app);
  if (!isClientApp(ref)) return userResource(ref);
  const integration = integrations.find((i) => i.app.name === ref.name);
  if (integration === undefined)
    throw new Error(`${ref.name} is not an integration: a run-as user rule cannot report on it`);
  return userResource(integration);
}

// ---------------------------------------------------------------------------------------------
// One rule's run

interface Extra {
  evidence?: Evidence;
  severity?: Severity;
}

interface Result extends Resolved, Extra {
  status: Status;
  messageId: string;
  text: string;
}

class RuleRun {
  readonly results: Result[] = [];
  readonly context: RuleContext;
  readonly #keys = new Set<string>();
  #runAsUsers: RunAsUser[] | undefined;
  #withAccess: RunAsUserWithAccess[] | undefined;

  constructor(
    readonly rule: Rule,
    snapshot: OrgSnapshot,
    now: string,
    settings: Settings,
    declared: { manifest: Manifest | undefined; sandboxSuffix: string | undefined },
    readonly integrations: Integrations,
  ) {
    const meta = rule.meta;
    const allowed = new Set<Severity>([meta.severity, ...(meta.severities ?? [])]);
    this.context = {
      snapshot,
      now,
      apps: snapshot.apps,
      integrations: integrations.list,
      settings,
      manifest: declared.manifest,
      sandboxSuffix: declared.sandboxSuffix,
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
      notCollected: (ref, facet) => {
        const gate = gateOf({ requires: [facet] }, snapshot) ?? {
          messageId: 'requestFailed',
          data: { reasons: `${FACET_LABELS[facet]} was not collected` },
        };
        this.add(
          resolveRef(meta, ref, integrations.list),
          'not-evaluated',
          gate.messageId,
          ENGINE_MESSAGES[gate.messageId],
          gate.data,
        );
      },
    };
  }

  runAsUsers(): RunAsUser[] {
    if (this.#runAsUsers !== undefined) return [...this.#runAsUsers];
    const found: RunAsUser[] = [];
    for (const integration of this.integrations.list) {
      const { username, user } = integration;
      if (username === undefined) continue;
      if (user !== undefined) {
        found.push({ ...integration, username, user });
        continue;
      }
      // Absent because the User records could not be read is not absent from the org: a rule that
      // needs only access (and so does not require `users`) is still not evaluated then.
      const users = this.context.snapshot.ledger.users;
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
      const reason = this.integrations.accessProblems.get(integration.app.name) ?? 'unknown';
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
      resolveRef(this.rule.meta, ref, this.integrations.list),
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
    const key = [target.app.name, target.resource.type, target.resource.name.toLowerCase()].join(
      '\u0000',
    );
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

function makeFinding(
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
    ...(extra.evidence === undefined ? {} : { evidence: structuredClone(extra.evidence) }),
    frameworks,
    remediation: meta.remediation,
    fingerprint: fingerprintOf(
      { ruleId: meta.id, orgKey, app, resource: target.resource },
      sandboxSuffix === undefined ? {} : { sandboxSuffix },
    ),
  };
}

function parseOptions(rule: Rule, given: unknown): unknown {
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
