// `npm run fuzz -- --cases N [--seed S] [filter...]`: the fuzzers of test/fuzz/ (docs/adr/0010-fuzzing.md)
// with N cases each instead of the 10,000 of `npm test`, and the seed given to replay a failure
// (the seed is printed on every fuzzer's line either way). A filter narrows the files
// (`npm run fuzz -- --cases 100000 manifest`).

import { startVitest } from 'vitest/node';

const USAGE = 'usage: npm run fuzz -- [--cases N] [--seed S] [file filter...]';

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const filters: string[] = [];
let cases: number | undefined;
let seed: number | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg, undefined];
  const value = (): string => inline ?? args[++i] ?? fail(`${flag ?? arg} needs a value`);
  if (flag === '--cases') {
    cases = Number(value());
    if (!Number.isSafeInteger(cases) || cases <= 0) fail('--cases must be a positive whole number');
  } else if (flag === '--seed') {
    seed = Number(value());
    if (!Number.isSafeInteger(seed)) fail('--seed must be a whole number');
  } else if (flag === '--help' || flag === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
  else filters.push(arg);
}

if (cases !== undefined) process.env.RUNAS_GUARD_FUZZ_CASES = String(cases);
seed ??= Math.floor(Math.random() * 0x7fffffff);
process.env.RUNAS_GUARD_FUZZ_SEED = String(seed);
process.stdout.write(`fuzz: ${cases ?? 10_000} cases per fuzzer, seed ${seed}\n`);

const vitest = await startVitest(
  'test',
  filters.length === 0 ? ['test/fuzz/'] : filters.map((f) => `test/fuzz/${f}`),
  { run: true, watch: false },
);
const failed = vitest.state.getCountOfFailedTests() > 0 || process.exitCode === 1;
await vitest.close();
process.exit(failed ? 1 : 0);
