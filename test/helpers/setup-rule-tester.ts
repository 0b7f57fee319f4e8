// Vitest setup file: the one place that hands Vitest's describe and it to the RuleTester (src/ does
// not depend on Vitest, docs/architecture.md 4.8), so a rule test is only RuleTester.run(rule, ...).

import { describe, it } from 'vitest';

import { RuleTester } from '../../src/analyze/rule-tester.js';

RuleTester.describe = describe;
RuleTester.it = it;
