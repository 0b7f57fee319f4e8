// Vitest setup file: after the last test of each test file, the suite-wide guards check what the
// shared helpers recorded (test/helpers/guard.ts). A violation fails the test file by name.

import { afterAll } from 'vitest';

import { guard } from './guard.js';

afterAll(() => {
  const violations = guard.violations();
  guard.reset();
  if (violations.length > 0) {
    throw new Error(
      `suite-wide guard: ${violations.length} violation(s)\n` +
        violations.map((v) => `  [${v.guard}] ${v.message}`).join('\n'),
    );
  }
});
