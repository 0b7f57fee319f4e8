#!/usr/bin/env node
// Entry point of the published binary: runs the compiled CLI (built by `npm ci` through `prepare`).
import { setFlagsFromString } from 'node:v8';

// V8 lets the heap grow to several times the live data between full collections; an audit of a
// large org allocates fast, so its peak memory was mostly garbage (a 500-app org: about 700 MB for
// under 256 MB live). Growing by 10% at a time keeps it near the live data for about a fifth more
// collection time (docs/performance.md, "Memory"). Read by V8 at each collection, so setting it here,
// before anything is allocated, takes effect; an explicit --heap-growing-percent in NODE_OPTIONS wins.
if (!/--heap-growing-percent/.test(process.env.NODE_OPTIONS ?? ''))
  setFlagsFromString('--heap-growing-percent=10');
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js'))
    throw error;
  process.stderr.write(
    'runas-guard: dist/ is missing; build it with `npm run build` (npm ci does).\n',
  );
  process.exit(2);
}
await cli.runAndExit(process.argv.slice(2));
