#!/usr/bin/env node
// Entry point of the published binary: runs the compiled CLI (built by `npm ci` through `prepare`).
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
