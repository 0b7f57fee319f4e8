// A writer process for the store's concurrency and kill tests:
//   node --import tsx test/store/writer.ts DB ORG COUNT FIRST_SEED SIZE PAUSE_MS [wait]
// opens the store (with `wait`: then prints `ready` and starts at the first line on stdin), records COUNT sample runs (seeds FIRST_SEED, FIRST_SEED+1, ...), printing `inside ID SEED` once a
// run's rows are written (then pausing PAUSE_MS inside the transaction) and `committed ID SEED`
// after its commit. The parent knows each committed run's content from its seed.

import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import { openStore } from '../../src/monitor/store/index.js';

import { sampleRun } from './sample-run.js';

const [db = '', org = 'org', count = '1', firstSeed = '1', size = '8', pauseMs = '0', wait] =
  process.argv.slice(2);
let seed = Number(firstSeed);
const store = await openStore(db, {
  beforeCommit: async (id) => {
    process.stdout.write(`inside ${id} ${seed}\n`);
    if (Number(pauseMs) > 0) await sleep(Number(pauseMs));
  },
});
if (wait === 'wait') {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await once(lines, 'line');
  lines.close();
}
for (let i = 0; i < Number(count); i++, seed++) {
  const id = await store.recordRun(sampleRun(org, seed, Number(size)));
  process.stdout.write(`committed ${id} ${seed}\n`);
}
await store.close();
