// `runas-guard demo` (what `npm run demo` runs): the demo org audited over HTTP, one screen.

import { describe, expect, it } from 'vitest';

import type { AuditReport } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';
import { validateReport } from '../helpers/validate-report.js';

describe('runas-guard demo', () => {
  it('prints a one-screen summary: planted faults fail, the healthy integration passes, exit 0', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // One screen: a tall terminal shows 50 lines.
    expect(lines.length).toBeLessThanOrEqual(50);
    expect(result.stdout).toMatch(/^PASS {2}Fleet_Telematics/m);
    for (const app of [
      'Dock_Scheduling',
      'Customs_Broker',
      'Freight_Billing',
      'Rate_Quotes',
      'Warehouse_Scanner',
      'Route_Optimizer',
      'Partner_Portal_Sync',
      'Yard_Management',
      'Cold_Chain_Monitor',
      'Returns_Portal',
      'Order_Intake',
      'Carrier_Scorecard',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^FAIL {2}${app}`, 'm'));
    }
    expect(result.stdout).toContain(
      'CRITICAL RG-0003 · HIGH RG-0030 (RG-0003 run-as-user-inactive)',
    );
    expect(result.stdout).toContain('(RG-0038 run-as-user-not-preauthorized)');
    // Three probes: one works end to end, one fails at the token, one at its first follow-on call.
    expect(result.stdout).toMatch(/PASSED +Fleet_Telematics +run as telematics\.integration@/);
    expect(result.stdout).toMatch(
      /FAILED +Dock_Scheduling +token: invalid_grant: inactive user;[^(]+deactivated/,
    );
    expect(result.stdout).toMatch(
      /FAILED +Warehouse_Scanner +api: API_CURRENTLY_DISABLED[^(]+API Enabled \(RG-0007\)/,
    );
  });

  it('gives the full report with --format json, valid against the schema', async () => {
    const result = await runCli(['demo', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(validateReport(report)).toEqual([]);
    const healthy = report.findings.filter(
      (f) => f.app === 'Fleet_Telematics' && f.status === 'fail',
    );
    expect(healthy).toEqual([]);
  });
});
