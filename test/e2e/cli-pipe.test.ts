// A reader that stops early (`runas-guard ... | head -1`) closes the pipe: the CLI ends with its own
// exit code and no stack trace, instead of dying on EPIPE.

import { describe, expect, it } from 'vitest';

import { spawnCli } from '../helpers/cli.js';

describe('stdout closed by the reader', () => {
  it('a 600 KB report into a reader that closes after the first chunk ends with its own exit code and no error', async () => {
    const child = spawnCli(['audit', '--project', 'demo/org', '--format', 'json']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Close our end at the first chunk, as `head -1` does once it has its line.
    child.stdout?.once('data', () => child.stdout?.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(1); // the demo org's findings, as without the reader closing
  });
});
