import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/fidelity/**', 'node_modules/**'],
    // The suite-wide guards (no secret in any output, the emulator only read): test/helpers/guard.ts.
    // The RuleTester gets Vitest's describe and it once, here, not in each rule test.
    setupFiles: ['test/helpers/setup-guards.ts', 'test/helpers/setup-rule-tester.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
