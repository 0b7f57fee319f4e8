import { describe, expect, it } from 'vitest';

import { renderHistoryHtml, type HistoryRun } from './history.js';

function run(id: number, orgKey: string, failCount: number): HistoryRun {
  return {
    id,
    orgKey,
    source: `snapshot day${id}.json`,
    collectedAt: `2026-11-2${id}T12:00:00.000Z`,
    recordedAt: `2026-11-2${id}T12:00:05.000Z`,
    exitCode: failCount > 0 ? 1 : 0,
    integrationCount: 13,
    failCount,
  };
}

describe('renderHistoryHtml', () => {
  it('shows a timeline per org, oldest first, with the change in failures from the run before', () => {
    const html = renderHistoryHtml(
      [run(1, 'org-b', 3), run(2, 'org-a', 0), run(3, 'org-b', 5), run(4, 'org-b', 5)],
      {
        app: 'Billing_Callback',
      },
    );
    expect(html).toContain('<title>runas-guard monitor history · Billing_Callback</title>');
    const orgs = [...html.matchAll(/<h2>([^<]+) <span/g)].map((m) => m[1]);
    expect(orgs).toEqual(['org-a', 'org-b']);
    expect([...html.matchAll(/<li data-run="(\d+)"/g)].map((m) => m[1])).toEqual([
      '2',
      '1',
      '3',
      '4',
    ]);
    expect(html).toContain('<span class="breaks">(+2)</span>');
    expect(html).toContain('(no change)');
    // A trend only where there are two runs or more.
    expect(html.match(/<svg class="trend"/g)).toHaveLength(1);
    expect(html).toContain('<polyline points="40,53.6 464,12 888,12"/>');
  });

  it("shows the app's changes run by run with what each breaks (history --app)", () => {
    const html = renderHistoryHtml(
      [
        { ...run(1, 'org', 0), present: true, changes: [] },
        {
          ...run(2, 'org', 1),
          present: true,
          changes: [
            { kind: 'user', text: 'run-as user a@b.c: frozen false → true', breaks: ['billing'] },
            { kind: 'policy', text: 'app policy ipRelaxation: ENFORCE → BYPASS', breaks: [] },
          ],
          notCompared: ['access not collected on the to side'],
        },
        { ...run(3, 'org', 1), present: false, changes: [] },
        { ...run(4, 'org', 1), present: true, changes: [] },
      ],
      { app: 'Billing_Callback' },
    );
    // The first run has nothing before it, the third lacks the app: only the fourth has no change.
    expect(html.match(/No change for the app\./g)).toHaveLength(1);
    expect(html).toContain(
      '<li data-kind="user">run-as user a@b.c: frozen false → true <span class="breaks">breaks billing</span></li>',
    );
    expect(html).toContain('<li data-kind="policy">app policy ipRelaxation: ENFORCE → BYPASS</li>');
    expect(html).toContain('Not compared: access not collected on the to side');
    expect(html).toContain('The app is not in this run.');
  });

  it('escapes what the store holds and says so when there is no run', () => {
    const hostile = { ...run(1, '<i>org</i>', 1), source: '<script>x</script>' };
    const html = renderHistoryHtml([hostile]);
    expect(html).toContain('&lt;i&gt;org&lt;/i&gt;');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(renderHistoryHtml([])).toContain('No run recorded yet.');
  });
});
