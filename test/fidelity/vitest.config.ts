import { defineConfig } from 'vitest/config';

// Each `sf` call costs ~1.5 s and a login several calls' worth, so the timeouts are generous; the
// two fixtures run one after the other so their CLI processes do not compete for the 2 cores.
export default defineConfig({
  test: {
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
