// Runs the CLI from source (tests must not depend on a stale dist/), as the binary does.
import { runAndExit } from '../../src/cli/main.js';

await runAndExit(process.argv.slice(2));
