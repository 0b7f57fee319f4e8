import { describe, expect, it } from 'vitest';

import type { AuditReport } from '../../model/finding.js';
import { sampleReport } from '../../../test/helpers/sample-report.js';
import { accessGraph, blastRadius, renderGraphSvg } from './graph.js';

/** Two apps sharing one run-as user, a third with its own, one app without a user. */
function sharedUserReport(): AuditReport {
  const report = sampleReport();
  const [ledger, supplier] = report.integrations;
  if (ledger === undefined || supplier === undefined) throw new Error('sample changed');
  report.integrations.push(
    { ...supplier, app: 'Catalog_Images', appType: 'ExternalClientApplication' },
    { ...ledger, app: 'Orphan_App', runAsUsername: null, runAsUserId: null },
  );
  return report;
}

describe('accessGraph', () => {
  it('takes the containers from the findings evidence via, a group and its set each a container', () => {
    const graph = accessGraph(sampleReport());
    expect(graph.apps.map((n) => n.name)).toEqual(['Ledger_Export', 'Supplier_Catalog']);
    expect(graph.users.map((n) => n.name)).toEqual([
      'ledger.integration@northwindtraders.com',
      'supplier.integration@northwindtraders.com',
    ]);
    expect(graph.containers.map((n) => n.name)).toEqual([
      'PermissionSet Product_Data_Steward',
      'PermissionSet Supplier_Catalog_API',
      'PermissionSetGroup Supplier_Catalog_Access',
      'Profile Minimum Access - API Only Integrations',
    ]);
    expect(graph.apps.map((n) => n.worst)).toEqual(['high', 'critical']);
    // Payroll_Sync is not in the org: no node, and its findings name no user.
    expect(graph.edges).toEqual([
      ['a0', 'u0'],
      ['a1', 'u1'],
      ['u1', 'c0'],
      ['u1', 'c1'],
      ['u1', 'c2'],
      ['u1', 'c3'],
    ]);
  });

  it("draws every container the run-as user's access comes through, named by a finding or not", () => {
    const report = sampleReport();
    const ledger = report.integrations[0];
    if (ledger === undefined) throw new Error('sample changed');
    ledger.containers = [
      { type: 'Profile', name: 'Minimum Access - API Only Integrations' },
      { type: 'PermissionSet', name: 'Ledger_Read', group: 'Finance_Group' },
    ];
    const graph = accessGraph(report);
    expect(graph.containers.map((n) => n.name)).toContain('PermissionSet Ledger_Read');
    expect(graph.containers.map((n) => n.name)).toContain('PermissionSetGroup Finance_Group');
    expect(blastRadius(graph, 'PermissionSet Ledger_Read')).toEqual(['Ledger_Export']);
    // The profile both users hold: both apps break if it changes.
    expect(blastRadius(graph, 'Profile Minimum Access - API Only Integrations')).toEqual([
      'Ledger_Export',
      'Supplier_Catalog',
    ]);
  });

  it('puts every app of the user holding a container in its blast radius', () => {
    const graph = accessGraph(sharedUserReport());
    expect(blastRadius(graph, 'PermissionSetGroup Supplier_Catalog_Access')).toEqual([
      'Catalog_Images',
      'Supplier_Catalog',
    ]);
    expect(blastRadius(graph, 'Profile Minimum Access - API Only Integrations')).toEqual([
      'Catalog_Images',
      'Supplier_Catalog',
    ]);
    expect(blastRadius(graph, 'PermissionSet Nowhere')).toEqual([]);
    const orphan = graph.apps.find((a) => a.name === 'Orphan_App');
    expect(orphan?.related).toEqual([]);
  });

  it('draws the same SVG for the same report, each node with its related ids', () => {
    const svg = renderGraphSvg(accessGraph(sharedUserReport()));
    expect(renderGraphSvg(accessGraph(sharedUserReport()))).toBe(svg);
    expect(svg.match(/<g class="node /g)).toHaveLength(4 + 2 + 4);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(3 + 4);
    expect(svg).toContain(
      'data-kind="container" data-name="PermissionSetGroup Supplier_Catalog_Access" data-related="a0 a3 u1"',
    );
  });

  it('draws an empty graph when no finding names a container', () => {
    const report = sampleReport();
    for (const finding of report.findings) delete finding.evidence;
    const graph = accessGraph(report);
    expect(graph.containers).toEqual([]);
    expect(renderGraphSvg(graph)).toContain('<svg class="graph"');
  });
});
