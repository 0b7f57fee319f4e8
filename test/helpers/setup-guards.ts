// Vitest setup file: after the last test of each test file, the suite-wide guards check what the
// shared helpers recorded (test/helpers/guard.ts). A violation fails the test file by name.

import { afterAll } from 'vitest';

import { guard } from './guard.js';

// A file that starts hundreds of emulators (the fault property test) has a lot to scan: 2 minutes.
afterAll(() => {
  const violations = guard.violations();
  guard.reset();
  if (violations.length > 0) {
    throw new Error(
      `suite-wide guard: ${violations.length} violation(s)\n` +
        violations.map((v) => `  [${v.guard}] ${v.message}`).join('\n'),
    );
  }
}, 120_000);
