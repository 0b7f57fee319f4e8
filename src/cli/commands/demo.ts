// `runas-guard demo`: serves the bundled demo org on a free loopback port and talks to it over HTTP
// with the same client code a real org gets. Until the audit exists, it shows each demo app's
// client-credentials token request and first follow-on query, and Salesforce's answer when they fail.

import { fileURLToPath } from 'node:url';

import { connectWithClientCredentials } from '../../collect/live/connect.js';
import { startEmulator } from '../../emulator/server.js';
import { loadOrgFixture } from '../../fixture/index.js';

export const DEMO_ORG_DIR = fileURLToPath(new URL('../../../demo/org', import.meta.url));

interface Attempt {
  app: string;
  loginUrl: string;
  outcome: string;
  ok: boolean;
}

function describeError(error: unknown): string {
  const e = error as { name?: string; errorCode?: string; message?: string };
  const code = e.errorCode ?? e.name ?? 'Error';
  return `${code}: ${e.message ?? String(error)}`;
}

export async function runDemoCommand(flags: { verbose?: boolean }): Promise<number> {
  const org = await loadOrgFixture(DEMO_ORG_DIR);
  const running = await startEmulator({ org });
  const out = process.stdout;
  try {
    out.write(`Demo org ${org.info.name} (${org.info.orgId}) served at ${running.instanceUrl}\n`);
    out.write(
      `Each app requests a client-credentials token, then runs one query as its run-as user.\n\n`,
    );
    const attempts: Attempt[] = [];
    for (const client of org.clients) {
      const attempt: Attempt = {
        app: client.app,
        loginUrl: running.loginUrl,
        outcome: '',
        ok: false,
      };
      try {
        const conn = await connectWithClientCredentials({
          loginUrl: running.loginUrl,
          clientId: client.consumerKey,
          clientSecret: client.consumerSecret,
        });
        const userId = conn.userInfo?.id ?? '';
        const result = await conn.query<{ Username: string }>(
          `SELECT Id, Username FROM User WHERE Id = '${userId}'`,
        );
        attempt.ok = true;
        attempt.outcome = `token issued for ${result.records[0]?.Username ?? userId}; query returned ${result.totalSize} row`;
      } catch (error) {
        attempt.outcome = describeError(error);
      }
      attempts.push(attempt);
    }
    const first = org.clients[0];
    if (first !== undefined) {
      const attempt: Attempt = {
        app: first.app,
        loginUrl: running.genericLoginUrl,
        outcome: '',
        ok: false,
      };
      try {
        await connectWithClientCredentials({
          loginUrl: running.genericLoginUrl,
          clientId: first.consumerKey,
          clientSecret: first.consumerSecret,
        });
        attempt.ok = true;
        attempt.outcome = 'token issued';
      } catch (error) {
        attempt.outcome = `${describeError(error)} (login.salesforce.com instead of My Domain)`;
      }
      attempts.push(attempt);
    }
    const width = Math.max(...attempts.map((a) => a.app.length));
    for (const a of attempts)
      out.write(`${a.ok ? 'OK  ' : 'FAIL'}  ${a.app.padEnd(width)}  ${a.outcome}\n`);
    if (flags.verbose === true) {
      out.write('\nRequests the emulator served:\n');
      for (const entry of running.emulator.state.log) {
        out.write(`  ${entry.method} ${entry.path}${entry.query} -> ${entry.status}\n`);
      }
    }
    out.write(
      `\n${attempts.filter((a) => a.ok).length} worked, ${attempts.filter((a) => !a.ok).length} failed with Salesforce's errors.\n`,
    );
    return 0;
  } finally {
    await running.close();
  }
}
