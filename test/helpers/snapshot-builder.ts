// Test entry point of the snapshot builder. Its core lives in src/analyze/testing/ because rule
// examples (examples.ts, rendered into docs) build their snapshots with it at run time.

export {
  BASE,
  baseSnapshot,
  emptySnapshot,
  snapshot,
  SnapshotBuilder,
} from '../../src/analyze/testing/snapshot-builder.js';
export type { NewIntegration, Patch } from '../../src/analyze/testing/snapshot-builder.js';
