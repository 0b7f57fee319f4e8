// Deterministic runs for the store's tests: the same seed gives the same run, so a test that finds a
// run in the store knows every row it must hold (the writer child records them; the parent checks).

import type { IntegrationState } from '../../src/drift/types.js';
import type { RunInput } from '../../src/monitor/store/types.js';

/** A small PRNG (mulberry32): reproducible across processes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A run of `orgKey` from `seed`, with up to `size` integrations of up to `size` grants each. */
export function sampleRun(orgKey: string, seed: number, size = 8): RunInput {
  const next = random(seed);
  const pick = (n: number): number => Math.floor(next() * n);
  const integrations: IntegrationState[] = Array.from({ length: 1 + pick(size) }, (_, i) => {
    const app = `App_${i}`;
    const state: IntegrationState = {
      app,
      appType: i % 2 === 0 ? 'ConnectedApp' : 'ExternalClientApplication',
      runAs:
        i % 5 === 4
          ? null
          : {
              username: `user${i}@acme.example`,
              found: i % 7 !== 3,
              ...(i % 7 === 3
                ? {}
                : { id: `005${String(i).padStart(15, '0')}`, active: next() > 0.2 }),
              ...(next() > 0.5 ? { frozen: next() > 0.5, passwordLocked: false } : {}),
              licence: 'Salesforce Integration',
              profile: 'Minimum Access - API Only Integrations',
            },
      userStateKnown: i % 3 !== 2,
      policy: { ipRelaxation: 'ENFORCE', permittedUsers: `p${pick(3)}` },
      access:
        i % 6 === 5
          ? null
          : Array.from({ length: pick(size) }, (_, g) => ({
              key: `object:Obj${g}__c:${['read', 'edit', 'delete'][g % 3] ?? 'read'}`,
              container: g % 2 === 0 ? 'profile Integration' : `Group_${pick(4)} / Set_${g}`,
            })),
      needs: Array.from({ length: pick(3) }, (_, n) => `object:Obj${n}__c:read`),
    };
    if (i % 4 === 1) state.preAuthorized = next() > 0.5;
    if (i % 3 === 0) state.integration = `Integration ${i}`;
    return state;
  });
  const findings = Array.from({ length: pick(size * 2) }, (_, f) => ({
    fingerprint: `fp-${seed}-${f}`,
    ruleId: `RG-00${String(1 + (f % 30)).padStart(2, '0')}`,
    status: f % 3 === 0 ? ('pass' as const) : ('fail' as const),
    severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[f % 5] ?? 'info',
    ...(f % 4 === 0 ? {} : { app: `App_${f % integrations.length}` }),
    message: `finding ${f} of seed ${seed}`,
  }));
  return {
    orgKey,
    source: `seed ${seed}`,
    collectedAt: new Date(Date.UTC(2026, 10, 1) + seed * 60_000).toISOString(),
    recordedAt: new Date(Date.UTC(2026, 10, 1) + seed * 60_000 + 5_000).toISOString(),
    toolVersion: '0.1.0',
    exitCode: findings.some((f) => f.status === 'fail') ? 1 : 0,
    integrations,
    findings,
    events: [],
    highWater: {},
    alerts: [],
  };
}
