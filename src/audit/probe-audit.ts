// `audit --probe` and the demo's probes: each integration's own client-credentials path, probed with
// the audit's facts, merged into the report (findings confirmed by a failing probe say so).

import { API_VERSION } from '../collect/live/connect.js';
import type { LoadedManifest } from '../manifest/load.js';
import type { ManifestIntegration } from '../manifest/schema.js';
import type { AuditReport } from '../model/finding.js';
import type { AuditProbe } from '../model/probe-report.js';
import {
  factsFromSnapshot,
  probeActionsOf,
  probeClientCredentials,
  ProbeInputError,
  type AuditFacts,
  type ProbeActions,
} from '../probe/index.js';
import { type Clock, runningClock } from '../util/clock.js';
import { redactValues } from '../util/redact.js';
import { mergeProbeResults } from './probe-merge.js';
import { exitCodeOf } from '../analyze/outcome.js';
import type { AuditOutcome } from './run-audit.js';

export function integrationOf(
  manifest: LoadedManifest | undefined,
  app: string,
): ManifestIntegration | undefined {
  const all = manifest?.manifest.integrations ?? [];
  return (
    all.find((i) => i.app === app) ?? all.find((i) => i.app.toLowerCase() === app.toLowerCase())
  );
}

export const NO_ACTIONS: ProbeActions = { describe: [], fields: [], soql: [] };

export interface AuditProbeOptions {
  /**
   * The secret of an app, where to set it when it is missing (for the not-probed reason), and its
   * client id when the caller knows it (an ECA's consumer key is not read live: it sits beside the secret).
   */
  secretOf: (app: string) => {
    secret: string | undefined;
    source: string;
    clientId?: string | undefined;
  };
  manifest?: LoadedManifest | undefined;
  /** Only these apps (default: every integration of the audit and the manifest). */
  apps?: readonly string[];
  clock?: Clock;
  /** Per request of each probe; default 30 s. */
  timeoutMs?: number;
}

/**
 * Probes every integration of an audit (the report's client-credentials apps and the manifest's
 * integrations) whose client id (manifest `clientId`, else the app's consumer key) and secret
 * (from `secretOf`) are available, one after the other, with the audit's facts;
 * the others are reported as not probed, with the reason.
 */
export async function probeAuditIntegrations(
  outcome: AuditOutcome,
  options: AuditProbeOptions,
): Promise<AuditProbe[]> {
  const { snapshot, report } = outcome;
  const integrations = options.manifest?.manifest.integrations ?? [];
  const apps =
    options.apps ??
    [
      ...new Set([...report.integrations.map((i) => i.app), ...integrations.map((i) => i.app)]),
    ].sort();
  const myDomain = snapshot.org?.instanceUrl;
  const clock =
    options.clock ??
    runningClock(snapshot.mode === 'live' ? new Date(snapshot.collectedAt) : new Date());
  const probes: AuditProbe[] = [];
  for (const app of apps) {
    const integration = integrationOf(options.manifest, app);
    const snapshotApp = snapshot.apps.find((a) => a.name === app);
    const { secret: given, source, clientId: knownClientId } = options.secretOf(app);
    const clientId = integration?.clientId ?? snapshotApp?.consumerKey ?? knownClientId;
    const secret = given?.trim();
    const skip = (reason: string): void => {
      probes.push({ app, outcome: 'not-probed', reason });
    };
    if (myDomain === undefined) {
      skip('no org to probe: the audit has no live org (project mode)');
      continue;
    }
    if (clientId === undefined) {
      skip(
        `no client id: set clientId in its manifest integration (${snapshotApp === undefined ? 'the audit did not find the app in the org' : 'the org does not expose its consumer key'})`,
      );
      continue;
    }
    if (secret === undefined || secret === '') {
      skip(`no secret: set ${source}`);
      continue;
    }
    const facts: AuditFacts = factsFromSnapshot(snapshot, app, report.findings, {
      ...(snapshot.org?.timeZone !== undefined ? { timeZone: snapshot.org.timeZone } : {}),
      ...(integration?.network !== undefined ? { egressIps: integration.network.egressIps } : {}),
    });
    try {
      const result = await probeClientCredentials(
        {
          app,
          loginUrl: myDomain,
          instanceUrl: myDomain,
          clientId,
          clientSecret: secret,
          actions: integration === undefined ? NO_ACTIONS : probeActionsOf(integration),
          apiVersion: snapshot.apiVersion ?? API_VERSION,
        },
        {
          clock,
          facts,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        },
      );
      probes.push({ app, outcome: result.outcome, result });
    } catch (error) {
      if (!(error instanceof ProbeInputError)) throw error;
      skip(`the probe's input is invalid: ${redactValues(error.message, [secret])}`);
    }
  }
  return probes;
}

/**
 * `audit --probe` after the audit: probes the integrations, merges their facts into the report
 * (findings confirmed by a failing probe say so; `probes` lists every probe) and gives the exit code
 * (a failed probe is a finding: at least 1; an unreachable org: 3 unless allowIncomplete).
 */
export async function auditWithProbes(
  outcome: AuditOutcome,
  options: AuditProbeOptions & { allowIncomplete?: boolean },
): Promise<{ report: AuditReport; probes: AuditProbe[]; exitCode: number }> {
  const probes = await probeAuditIntegrations(outcome, options);
  const report = mergeProbeResults(outcome.report, probes);
  return {
    report,
    probes,
    exitCode: exitCodeOf({
      report,
      probes,
      failOn: outcome.failOn,
      allowIncomplete: options.allowIncomplete ?? false,
    }),
  };
}
