// `runas-guard demo`: serves the bundled demo org on a free loopback port, audits it over HTTP
// exactly like a real org (the auditor's token, the live collector, the rules, the report), and
// probes three of its integrations the way they authenticate themselves.

import { fileURLToPath } from 'node:url';

import { probeAuditIntegrations } from '../../audit/probe-audit.js';
import { runAudit } from '../../audit/run-audit.js';
import { resolveLiveSource } from '../../collect/live/connect.js';
import { startEmulator } from '../../emulator/server.js';
import { loadOrgFixture } from '../../fixture/index.js';
import { loadManifest } from '../../manifest/load.js';
import { renderReport } from '../../report/index.js';
import { renderAuditProbesText } from '../../report/probe-text.js';
import { renderSummary } from '../../report/summary.js';
import { withProgress } from '../progress.js';

export const DEMO_ORG_DIR = fileURLToPath(new URL('../../../demo/org', import.meta.url));

/** One integration that works end to end, one failing at the token, one at its first follow-on call. */
export const DEMO_PROBES = ['Fleet_Telematics', 'Dock_Scheduling', 'Warehouse_Scanner'] as const;

export interface DemoFlags {
  verbose?: boolean;
  format?: string;
}

export async function runDemoCommand(flags: DemoFlags): Promise<number> {
  const org = await loadOrgFixture(DEMO_ORG_DIR);
  const running = await startEmulator({ org });
  const out = (text: string): void => {
    process.stdout.write(text);
  };
  try {
    const source = resolveLiveSource(
      { instanceUrl: running.instanceUrl },
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    if (source === undefined) throw new Error('the demo could not build its live source');
    const manifest = await loadManifest(`${DEMO_ORG_DIR}/runas-guard.yaml`);
    const outcome = await withProgress(() =>
      runAudit({ source: { kind: 'live', source }, manifest }),
    );
    const { report, exitCode } = outcome;
    if (flags.format === 'json') {
      out(renderReport('json', report));
      return 0;
    }
    // The demo knows its apps' secrets (emulator.json); a user passes them in RUNAS_GUARD_SECRET_<APP>.
    const probes = await probeAuditIntegrations(outcome, {
      manifest,
      apps: DEMO_PROBES,
      secretOf: (app) => {
        const client = org.clients.find((c) => c.app === app);
        return {
          secret: client?.consumerSecret,
          clientId: client?.consumerKey,
          source: 'its consumer secret in demo/org/emulator.json',
        };
      },
    });
    out(
      `runas-guard demo: the bundled demo org (${org.info.orgId}) served by the emulator at\n` +
        `${running.instanceUrl} and audited over HTTP like a real org, as ${org.info.auditorUsername}.\n` +
        `Manifest: demo/org/runas-guard.yaml. Org clock: ${report.collectedAt}.\n\n`,
    );
    out(
      flags.verbose === true
        ? renderReport('text', report, { verbose: true })
        : renderSummary(report),
    );
    out(`\n${renderAuditProbesText(probes)}`);
    out(
      `\n\`runas-guard audit\` would exit ${exitCode} here (--fail-on high).` +
        (flags.verbose === true ? '\n' : ' Details: npm run demo -- --verbose.\n'),
    );
    return 0;
  } finally {
    await running.close();
  }
}
