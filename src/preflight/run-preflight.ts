// `runas-guard preflight` as one library call (docs/preflight.md): both sides of a change read from
// git objects, each audited with the same manifest, each integration's effective access compared,
// and the head's failures classified as introduced by the change or already there at the base.

import { posix } from 'node:path';

import { buildIntegrations } from '../analyze/engine/integrations.js';
import { fingerprintOf, orgKeyOf } from '../analyze/fingerprint.js';
import { exitCodeOf, summarize } from '../analyze/outcome.js';
import { resolveRunSettings } from '../analyze/settings.js';
import type { Integration } from '../analyze/types.js';
import { runAudit, TOOL, type AuditOutcome } from '../audit/run-audit.js';
import { collectProject } from '../collect/offline/collect-project.js';
import type { LiveSource } from '../collect/live/connect.js';
import { mergeProjectWithLive } from '../collect/offline/merge-live.js';
import { scanSecretsFrom } from '../collect/offline/scan-secrets.js';
import type { ScanCache } from '../collect/offline/scan-secrets.js';
import { BlobCache, GitError, GitTree, openRepository, resolveCommit } from '../git/index.js';
import type { GitRepository } from '../git/index.js';
import { DEFAULT_MANIFEST, parseManifest, type LoadedManifest } from '../manifest/load.js';
import { matchesRunAs } from '../manifest/sandbox.js';
import { ProjectError } from '../metadata/errors.js';
import { ComponentCache } from '../metadata/project-metadata.js';
import type { ProjectFileSource } from '../metadata/project.js';
import type { EffectiveAccess } from '../model/effective/types.js';
import type { AuditReport, Severity } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { gainedGrants, lostNeeds, type AccessChange, type ReadSide } from './diff.js';
import { affectedUsers } from './affected.js';
import { PREFLIGHT_RULES } from './rules.js';
import type { PreflightFinding, PreflightIntegration, PreflightReport } from './types.js';

const NO_ACCESS: EffectiveAccess = {
  systemPermissions: new Map(),
  objects: new Map(),
  fields: new Map(),
  excluded: [],
};

export interface PreflightRequest {
  /** `--project DIR`: the SFDX project directory inside a git repository. */
  projectDir: string;
  base: string;
  /** Default `HEAD`. Always a commit: the working tree is never read. */
  head?: string | undefined;
  /** `--manifest FILE`; without it, the head tree's `<project>/runas-guard.yaml`. */
  manifest?: LoadedManifest | undefined;
  now?: string | undefined;
  sandboxSuffix?: string | undefined;
  failOn?: Severity | undefined;
  allowIncomplete?: boolean | undefined;
  generatedAt?: string | undefined;
  /**
   * Default true: the head reuses the base's blobs (only the blobs the change touched are read)
   * and only the integrations whose access the change can reach are compared. False reads and
   * compares everything (the same result; tests check it).
   */
  incremental?: boolean | undefined;
  /**
   * `--target-org` / `--instance-url`: the run-as users and their assignments come from the org
   * (collected once), the containers from each side of the change (project+live, docs/preflight.md).
   */
  live?: LiveSource | undefined;
  /** `--max-requests`: the live collection sends at most this many API requests. */
  maxRequests?: number | undefined;
  /** Counters a test injects: what preflight read and compared. */
  probe?: PreflightProbe | undefined;
}

/** What preflight read and compared, for tests (deterministic counts, never timings). */
export interface PreflightProbe {
  /** A blob read from git (`cat-file`) on one side; a blob the other side already read is not. */
  blobRead?(side: 'base' | 'head', file: string): void;
  /** A file the comparison of the integrations read for a line (the changed files of their containers). */
  evaluationRead?(side: 'base' | 'head', file: string): void;
  /** An integration whose access before and after was compared. */
  compared?(app: string): void;
  /** A metadata file parsed on one side; a component the other side already parsed is not. */
  parsed?(side: 'base' | 'head', file: string): void;
}

export interface PreflightOutcome {
  report: PreflightReport;
  /**
   * The head's audit report holding only what can fail the run (introduced failures, RG-0033,
   * RG-0034, not-evaluated): what sarif, junit and markdown render.
   */
  gate: AuditReport;
  exitCode: 0 | 1 | 2 | 3;
}

/** An input preflight cannot read (a ref, a side's project or manifest): exit 2. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  readonly exitCode = 2;
}

function fileSource(tree: GitTree): ProjectFileSource {
  return {
    packagePath: (path) => GitTree.packagePath(path),
    contentId: (file) => tree.objectOf(file),
    isDirectory: (rel) => Promise.resolve(tree.isDirectory(rel)),
    listFiles(rel, out) {
      out.push(...tree.listFiles(rel));
      return Promise.resolve();
    },
    async read(file, maxBytes, optional = false) {
      let text: string | undefined;
      try {
        text = await tree.read(file, maxBytes);
      } catch (error) {
        if (error instanceof GitError && error.code === 'FILE_TOO_LARGE')
          throw new ProjectError('FILE_TOO_LARGE', `larger than ${maxBytes} bytes`, { file });
        throw error;
      }
      if (text === undefined && !optional)
        throw new ProjectError('FILE_UNREADABLE', 'file not found', { file });
      return text;
    },
  };
}

/** Names the side of the change an input error belongs to. */
function onSide(flag: string, tree: GitTree, error: unknown): unknown {
  if (error instanceof GitError || !(error instanceof Error)) return error;
  const hints = (error as { hints?: unknown }).hints;
  const wrapped = new PreflightError(
    `${flag} ${tree.ref} (${tree.commit.slice(0, 12)}): ${error.message}`,
    { cause: error },
  );
  return Array.isArray(hints) ? Object.assign(wrapped, { hints }) : wrapped;
}

async function manifestOf(
  request: PreflightRequest,
  repo: GitRepository,
  base: GitTree,
  head: GitTree,
): Promise<LoadedManifest | undefined> {
  if (request.manifest !== undefined) return request.manifest;
  // The head's manifest, through the base when the blob is the same: the base reads it anyway.
  const same = base.objectOf(DEFAULT_MANIFEST) === head.objectOf(DEFAULT_MANIFEST);
  const text = await (same ? base : head).read(DEFAULT_MANIFEST, 1024 * 1024);
  if (text === undefined) return undefined;
  const file = posix.join(repo.prefix === '' ? '.' : repo.prefix, DEFAULT_MANIFEST);
  try {
    return parseManifest(text, `${file} at ${head.ref}`);
  } catch (error) {
    throw onSide('--head', head, error);
  }
}

export async function runPreflight(request: PreflightRequest): Promise<PreflightOutcome> {
  const repo = await openRepository(request.projectDir);
  const headRef = request.head ?? 'HEAD';
  const baseCommit = await resolveCommit(repo, request.base, '--base');
  const headCommit = await resolveCommit(repo, headRef, '--head');
  const trees: GitTree[] = [];
  // One cache for both sides: the head reads only the blobs the base did not have.
  const cache = request.incremental === false ? undefined : new BlobCache();
  const probe = request.probe;
  try {
    const base = await GitTree.open(repo, request.base, baseCommit, {
      cache,
      onBlobRead: (file) => probe?.blobRead?.('base', file),
    });
    trees.push(base);
    const head = await GitTree.open(repo, headRef, headCommit, {
      cache,
      onBlobRead: (file) => probe?.blobRead?.('head', file),
    });
    trees.push(head);
    return await compareTrees(request, repo, base, head);
  } finally {
    for (const tree of trees) tree.close();
  }
}

async function compareTrees(
  request: PreflightRequest,
  repo: GitRepository,
  baseTree: GitTree,
  headTree: GitTree,
): Promise<PreflightOutcome> {
  const loaded = await manifestOf(request, repo, baseTree, headTree);
  const manifest = loaded?.manifest;
  const run = resolveRunSettings(manifest, request);
  const suffix = run.sandboxSuffixFor(null);
  // One cache of parsed components and one of scanned blobs for both sides: the head parses and
  // scans only the files whose blobs the change touched.
  const incremental = request.incremental !== false;
  const components = incremental ? new ComponentCache() : undefined;
  const scanned: ScanCache | undefined = incremental ? new Map() : undefined;
  const snapshotOf = (tree: GitTree, flag: string, side: 'base' | 'head'): Promise<OrgSnapshot> =>
    collectProject(request.projectDir, {
      files: fileSource(tree),
      reuse: { cache: components, onParse: (file) => request.probe?.parsed?.(side, file) },
      // RG-0026 on this side: every file of the package directories, dot-files included.
      scanFiles: (dirs, options) =>
        scanSecretsFrom(
          {
            files: (dir) => tree.filesUnder(dir),
            read: (file, maxBytes, optional) => fileSource(tree).read(file, maxBytes, optional),
            contentId: (file) => tree.objectOf(file),
          },
          dirs,
          options,
          scanned,
        ),
      manifest,
      manifestFile: loaded?.file,
      auditorApps: run.rules.auditorApps,
      now: request.now,
      tool: TOOL,
      sameUsername: (configured, declared) =>
        matchesRunAs(configured, declared, {
          isSandbox: suffix !== undefined,
          sandboxSuffix: suffix,
        }),
    }).catch((error: unknown) => {
      throw onSide(flag, tree, error);
    });
  const baseProject = await snapshotOf(baseTree, '--base', 'base');
  const headProject = await snapshotOf(headTree, '--head', 'head');
  const generatedAt = request.generatedAt ?? new Date().toISOString();
  // Both sides read (an input error is exit 2 before the org is asked), the org once for both.
  const org =
    request.live === undefined
      ? undefined
      : (
          await runAudit({
            source: { kind: 'live', source: request.live },
            maxRequests: request.maxRequests,
            manifest: loaded,
            now: request.now,
            sandboxSuffix: request.sandboxSuffix,
            generatedAt,
          })
        ).snapshot;
  const baseSnapshot = org === undefined ? baseProject : mergeProjectWithLive(baseProject, org);
  const headSnapshot = org === undefined ? headProject : mergeProjectWithLive(headProject, org);
  const audit = (snapshot: OrgSnapshot): Promise<AuditOutcome> =>
    runAudit({
      source: { kind: 'given', snapshot },
      manifest: loaded,
      now: request.now,
      sandboxSuffix: request.sandboxSuffix,
      failOn: request.failOn,
      allowIncomplete: request.allowIncomplete,
      generatedAt,
    });
  const baseAudit = await audit(baseSnapshot);
  const headAudit = await audit(headSnapshot);

  const changedFiles = new Set(
    [...new Set([...baseTree.paths(), ...headTree.paths()])].filter(
      (p) => baseTree.objectOf(p) !== headTree.objectOf(p),
    ),
  );
  const read: ReadSide = (side, file) => {
    request.probe?.evaluationRead?.(side, file);
    return (side === 'base' ? baseTree : headTree).read(file, 16 * 1024 * 1024);
  };
  const sides = { base: baseSnapshot, head: headSnapshot, changedFiles, read };

  const now = request.now ?? headSnapshot.collectedAt;
  const integrationsOf = (snapshot: OrgSnapshot): Map<string, Integration> =>
    new Map(
      buildIntegrations(snapshot, now, run.rules, []).list.map((i) => [
        i.app.name.toLowerCase(),
        i,
      ]),
    );
  const before = integrationsOf(baseSnapshot);
  const after = integrationsOf(headSnapshot);
  const orgKey = orgKeyOf(headSnapshot);
  // The run-as users whose containers the change touched; undefined: it may reach every user.
  const reached =
    request.incremental === false
      ? undefined
      : affectedUsers(baseSnapshot, headSnapshot, changedFiles);

  const integrations: PreflightIntegration[] = [];
  const made: PreflightFinding[] = [];
  for (const [key, current] of after) {
    const previous = before.get(key);
    const entry = manifest?.integrations?.find((i) => i.app.toLowerCase() === key);
    const name = entry?.name ?? current.app.name;
    const summary: PreflightIntegration = {
      app: current.app.name,
      integration: name,
      runAs: { base: previous?.username ?? null, head: current.username ?? null },
      status: 'evaluated',
      lost: [],
      gained: [],
    };
    integrations.push(summary);
    if (current.access === undefined) {
      summary.status = 'not-evaluated';
      summary.reason = notEvaluatedReason(current, entry?.name);
      continue;
    }
    // Its run-as user and every container of it as they were: the access is the same, nothing
    // to compare (docs/preflight.md, what is read).
    if (
      reached !== undefined &&
      previous?.access !== undefined &&
      (previous.username ?? '').toLowerCase() === (current.username ?? '').toLowerCase() &&
      !reached.has((current.username ?? '').toLowerCase())
    )
      continue;
    request.probe?.compared?.(current.app.name);
    // A new integration, or a new run-as user whose base access is unknown: everything it holds
    // is given by the change, and nothing it held can be lost.
    const was = previous?.access ?? NO_ACCESS;
    summary.lost = await lostNeeds(manifest, current.app.name, was, current.access, sides);
    summary.gained = await gainedGrants(manifest, current.app.name, was, current.access, sides);
    if (summary.lost.length > 0)
      made.push(changeFinding('breaks', current.app.name, name, summary.lost, orgKey));
    if (summary.gained.length > 0)
      made.push(changeFinding('overgrants', current.app.name, name, summary.gained, orgKey));
  }

  // The catalog's verdicts at the head, each introduced by the change or already at the base.
  // A waived failure is a failure the manifest accepts: at the base it makes the head's existing.
  const failedAtBase = new Set(
    baseAudit.report.findings
      .filter((f) => f.status === 'fail' || f.status === 'waived')
      .map((f) => f.fingerprint),
  );
  const classified: PreflightFinding[] = headAudit.report.findings
    .filter((f) => f.status === 'fail' || f.status === 'waived')
    .map((f) => ({ ...f, change: failedAtBase.has(f.fingerprint) ? 'existing' : 'introduced' }));
  const findings = [...made, ...classified];

  const gate: AuditReport = {
    ...headAudit.report,
    findings: [
      ...made,
      ...headAudit.report.findings.filter(
        (f) => !(f.status === 'fail' && failedAtBase.has(f.fingerprint)),
      ),
    ],
  };
  gate.summary = summarize(gate.findings);
  const unevaluated = integrations.filter((i) => i.status === 'not-evaluated');
  const verdict = exitCodeOf({
    report: gate,
    failOn: headAudit.failOn,
    allowIncomplete: request.allowIncomplete ?? false,
  });
  // Never a green exit with an integration left unevaluated (docs/preflight.md).
  const exitCode = unevaluated.length > 0 && request.allowIncomplete !== true ? 2 : verdict;

  const report: PreflightReport = {
    schemaVersion: 1,
    kind: 'preflight',
    tool: { ...TOOL },
    project: headAudit.report.project,
    base: { ref: baseTree.ref, commit: baseTree.commit },
    head: { ref: headTree.ref, commit: headTree.commit },
    generatedAt,
    failOn: headAudit.failOn,
    changedFiles: [...changedFiles].sort(),
    integrations,
    findings,
    summary: {
      introduced: findings.filter((f) => f.change === 'introduced' && f.status === 'fail').length,
      existing: findings.filter((f) => f.change === 'existing').length,
      notEvaluated: unevaluated.length,
    },
    warnings: [...headAudit.report.warnings],
    exitCode,
  };
  return { report, gate, exitCode };
}

function notEvaluatedReason(integration: Integration, entry: string | undefined): string {
  if (integration.username === undefined) return 'the app has no run-as user (RG-0001 reports it)';
  const where =
    entry === undefined
      ? `add a manifest entry for ${integration.app.name} with runAsAccess`
      : `declare runAsAccess (profile, permissionSets, permissionSetGroups) in the manifest entry ${entry}`;
  return `the access of ${integration.username}, the run-as user of ${integration.app.name}, is neither declared nor readable: ${where}, or add a live source`;
}

function changeFinding(
  which: keyof typeof PREFLIGHT_RULES,
  app: string,
  integration: string,
  changes: readonly AccessChange[],
  orgKey: string,
): PreflightFinding {
  const rule = PREFLIGHT_RULES[which];
  const resource = { type: 'ManifestIntegration' as const, name: integration };
  const first = changes[0];
  const where = (c: AccessChange): string => {
    const at = c.locations[0];
    const file =
      at === undefined
        ? 'no changed file of its containers'
        : `${at.file}${at.line === undefined ? '' : `:${at.line}`}${at.side === 'base' ? ' (at the base)' : ''}`;
    return `${c.permission} (${c.via.length === 0 ? 'no container' : c.via.join(', ')}; ${file})`;
  };
  const shown = changes.slice(0, 5).map(where).join('; ');
  const more = changes.length > 5 ? ` and ${changes.length - 5} more` : '';
  const message =
    which === 'breaks'
      ? `The change removes ${changes.length} declared need(s) of ${integration} (${app}): ${shown}${more}; the follow-on calls that use them fail`
      : `The change gives ${integration} (${app}) ${changes.length} grant(s) beyond its declared needs or of high risk: ${shown}${more}`;
  const severity =
    which === 'overgrants' && changes.some((c) => c.highRisk === true) ? 'high' : rule.severity;
  const locations = changes.flatMap((c) =>
    c.locations.map(({ file, line }) => ({ file, ...(line === undefined ? {} : { line }) })),
  );
  return {
    ruleId: rule.id,
    slug: rule.slug,
    severity,
    status: 'fail',
    app,
    resource,
    messageId: which,
    message,
    evidence: {
      ...(first?.locations[0] === undefined
        ? {}
        : {
            location: {
              file: first.locations[0].file,
              ...(first.locations[0].line === undefined ? {} : { line: first.locations[0].line }),
            },
          }),
      locations,
      changes: changes.map((c) => ({
        permission: c.permission,
        via: c.via,
        locations: c.locations,
        ...(c.highRisk === true ? { highRisk: true } : {}),
      })),
    },
    frameworks: Object.fromEntries(
      Object.entries(rule.frameworks).map(([k, v]: [string, readonly string[]]) => [k, [...v]]),
    ),
    remediation: rule.remediation,
    fingerprint: fingerprintOf({ ruleId: rule.id, orgKey, app, resource }),
    change: 'introduced',
  };
}
