// audit --full-evidence: RG-0011's evidence lists every excess grant instead of the first 10 with
// counts (docs/adr/0023-shared-access-and-summarised-evidence.md); the fingerprints do not change.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { writeSnapshot } from '../../src/collect/snapshot-file.js';
import type { AuditReport } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/guard.js';
import { BASE, snapshot } from '../helpers/snapshot-builder.js';
import { validateReport } from '../helpers/validate-report.js';

describe('audit --full-evidence', async () => {
  const dir = tempDir('rg-full-evidence-');
  const file = join(dir, 'snapshot.json');
  const manifest = join(dir, 'runas-guard.yaml');
  // A System Administrator behind the Connected App: hundreds of grants beyond its declared needs.
  const builder = snapshot().withManifest().withProfile(BASE.connectedAppUser, 'Admin');
  await writeSnapshot(file, builder.build());
  writeFileSync(manifest, JSON.stringify(builder.manifest())); // JSON is YAML
  const audit = async (...extra: string[]) => {
    const args = ['audit', '--snapshot', file, '--manifest', manifest, '--format', 'json'];
    const result = await runCli([...args, ...extra]);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(validateReport(report)).toEqual([]);
    const finding = report.findings.find((f) => f.ruleId === 'RG-0011' && f.status === 'fail');
    if (finding === undefined) throw new Error('RG-0011 does not fail');
    return { report, finding };
  };
  const summarised = await audit();
  const full = await audit('--full-evidence');

  it('lists the first 10 excess grants by default, and says how many there are', () => {
    const { listing, excess } = summarised.finding.evidence ?? {};
    expect(excess).toHaveLength(10);
    expect(listing?.truncated).toBe(true);
    expect(listing?.total).toBeGreaterThan(100);
    expect(summarised.finding.message).toContain('audit --full-evidence lists every one');
  });

  it('lists every one with --full-evidence, the same total, and the same fingerprints', () => {
    const total = summarised.finding.evidence?.listing?.total;
    expect(full.finding.evidence?.excess).toHaveLength(total ?? -1);
    expect(full.finding.evidence?.listing).toMatchObject({
      total,
      listed: total,
      truncated: false,
    });
    expect(full.report.findings.map((f) => f.fingerprint)).toEqual(
      summarised.report.findings.map((f) => f.fingerprint),
    );
  });

  it('changes nothing but the evidence of the cut lists', () => {
    const strip = (report: AuditReport) =>
      report.findings.map((f) => (f.evidence?.listing === undefined ? f : f.fingerprint));
    expect(strip(full.report)).toEqual(strip(summarised.report));
  });
});
