// `runas-guard demo`: serves the bundled demo org on a free loopback port and audits it over HTTP
// exactly like a real org (the auditor's token, the live collector, the rules, the report).

import { fileURLToPath } from 'node:url';

import { runAudit } from '../../audit/run-audit.js';
import { resolveLiveSource } from '../../collect/live/connect.js';
import { startEmulator } from '../../emulator/server.js';
import { loadOrgFixture } from '../../fixture/index.js';
import { loadManifest } from '../../manifest/load.js';
import { renderReport } from '../../report/index.js';
import { renderSummary } from '../../report/summary.js';

export const DEMO_ORG_DIR = fileURLToPath(new URL('../../../demo/org', import.meta.url));

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
    const { report, exitCode } = await runAudit({ source: { kind: 'live', source }, manifest });
    if (flags.format === 'json') {
      out(renderReport('json', report));
      return 0;
    }
    out(
      `runas-guard demo: the bundled demo org (${org.info.name}, ${org.info.orgId}) served by the emulator at\n` +
        `${running.instanceUrl} and audited over HTTP like a real org, as ${org.info.auditorUsername}.\n` +
        `Manifest: demo/org/runas-guard.yaml. Org clock: ${report.collectedAt}.\n\n`,
    );
    out(
      flags.verbose === true
        ? renderReport('text', report, { verbose: true })
        : renderSummary(report),
    );
    out(
      `\n\`runas-guard audit\` would exit ${exitCode} here (--fail-on high). ` +
        (flags.verbose === true ? '' : 'Details: npm run demo -- --verbose.\n'),
    );
    if (flags.verbose === true) out('\n');
    return 0;
  } finally {
    await running.close();
  }
}
