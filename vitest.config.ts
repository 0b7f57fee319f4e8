import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/fidelity/**', 'node_modules/**'],
    // The suite-wide guards (no secret in any output, the emulator only read): test/helpers/guard.ts.
    setupFiles: ['test/helpers/setup-guards.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
