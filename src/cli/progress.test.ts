import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { collectProgress } from '../collect/progress.js';
import {
  ProgressLine,
  progressEnabled,
  REDRAW_MS,
  SHOW_AFTER_MS,
  withProgress,
} from './progress.js';

const ERASE = '\r\x1b[2K';

/** A stream that records each write, as a terminal (isTTY) or as a pipe. */
function fakeStream(
  isTTY: boolean,
  columns = 120,
): { writes: string[]; isTTY: boolean; columns: number; write(text: string): boolean } {
  const writes: string[] = [];
  return {
    writes,
    isTTY,
    columns,
    write(text: string) {
      writes.push(text);
      return true;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-07T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressLine', () => {
  it('draws nothing during the first second, then one line with counts and the current request', () => {
    const tty = fakeStream(true);
    const line = new ProgressLine(tty);
    line.request('rest.query.User');
    line.rows(1_200);
    line.request('rest.query.FieldPermissions');
    line.rows(2_250);
    vi.advanceTimersByTime(SHOW_AFTER_MS - 1);
    expect(tty.writes).toEqual([]);
    vi.advanceTimersByTime(REDRAW_MS);
    expect(tty.writes).toEqual([
      `${ERASE}collecting (1 s): 2 requests, 3,450 rows, current: rest.query.FieldPermissions`,
    ]);
    line.end();
  });

  it('shows nothing before the first request, however long it takes', () => {
    const tty = fakeStream(true);
    const line = new ProgressLine(tty);
    vi.advanceTimersByTime(5_000);
    expect(tty.writes).toEqual([]);
    line.end();
    expect(tty.writes).toEqual([]);
  });

  it('redraws at most ten times a second however many requests arrive, and only on a change', () => {
    const tty = fakeStream(true);
    const line = new ProgressLine(tty);
    line.request('rest.query.User');
    vi.advanceTimersByTime(SHOW_AFTER_MS);
    tty.writes.length = 0;
    // 2 seconds with a request and a page every millisecond.
    for (let ms = 0; ms < 2_000; ms++) {
      line.request('rest.query.ObjectPermissions');
      line.rows(1);
      vi.advanceTimersByTime(1);
    }
    expect(tty.writes.length).toBeGreaterThan(10);
    expect(tty.writes.length).toBeLessThanOrEqual(2_000 / REDRAW_MS);
    // Nothing changes: nothing is written.
    tty.writes.length = 0;
    vi.advanceTimersByTime(REDRAW_MS * 5);
    expect(tty.writes).toEqual([]);
    line.end();
  });

  it('erases the line at the end and draws nothing afterwards', () => {
    const tty = fakeStream(true);
    const line = new ProgressLine(tty);
    line.request('rest.query.User');
    vi.advanceTimersByTime(SHOW_AFTER_MS + REDRAW_MS);
    expect(tty.writes).toHaveLength(1);
    line.end();
    expect(tty.writes.at(-1)).toBe(ERASE);
    line.request('rest.query.UserLogin');
    vi.advanceTimersByTime(5_000);
    expect(tty.writes).toHaveLength(2);
  });

  it('fits the line to the terminal width, so that it never wraps', () => {
    const tty = fakeStream(true, 40);
    const line = new ProgressLine(tty);
    line.request('metadata.readMetadata.ExtlClntAppOauthConfigurablePolicies');
    vi.advanceTimersByTime(SHOW_AFTER_MS + REDRAW_MS);
    const drawn = (tty.writes[0] ?? '').slice(ERASE.length);
    expect(drawn.length).toBe(39);
    expect(drawn.endsWith('…')).toBe(true);
    line.end();
  });

  it('takes a terminal that tells no width (0) as 80 columns wide', () => {
    const tty = fakeStream(true, 0);
    const line = new ProgressLine(tty);
    line.request('metadata.readMetadata.ExtlClntAppOauthConfigurablePolicies');
    vi.advanceTimersByTime(SHOW_AFTER_MS + REDRAW_MS);
    expect(tty.writes[0]).toBe(
      `${ERASE}collecting (1 s): 1 request, 0 rows, current: metadata.readMetadata.ExtlClntAp…`,
    );
    expect((tty.writes[0] ?? '').length - ERASE.length).toBe(79);
    line.end();
  });

  it('masks a name that is not a catalog id (no control sequence or URL reaches the terminal)', () => {
    const tty = fakeStream(true, 200);
    const line = new ProgressLine(tty);
    line.request('x\x1b]0;evil\x07 https://a/?q=1');
    vi.advanceTimersByTime(SHOW_AFTER_MS + REDRAW_MS);
    expect(tty.writes[0]).toContain('current: x??0?evil??https:??a??q?1');
    const drawn = tty.writes[0]?.slice(ERASE.length) ?? '';
    expect(Array.from(drawn, (c) => c.charCodeAt(0)).filter((code) => code < 0x20)).toEqual([]);
    line.end();
  });
});

describe('withProgress', () => {
  it('feeds the collection sink and erases the line before the result comes back', async () => {
    const tty = fakeStream(true);
    const result = await withProgress(
      async () => {
        collectProgress()?.request('rest.query.User');
        collectProgress()?.rows(3);
        await vi.advanceTimersByTimeAsync(SHOW_AFTER_MS + REDRAW_MS);
        expect(tty.writes).toEqual([
          `${ERASE}collecting (1 s): 1 request, 3 rows, current: rest.query.User`,
        ]);
        return 'done';
      },
      { stream: tty, env: {} },
    );
    expect(result).toBe('done');
    expect(tty.writes.at(-1)).toBe(ERASE);
    expect(collectProgress()).toBeUndefined();
  });

  it('erases the line when the work fails too', async () => {
    const tty = fakeStream(true);
    await expect(
      withProgress(
        async () => {
          collectProgress()?.request('rest.query.User');
          await vi.advanceTimersByTimeAsync(SHOW_AFTER_MS + REDRAW_MS);
          throw new Error('refused');
        },
        { stream: tty, env: {} },
      ),
    ).rejects.toThrow('refused');
    expect(tty.writes).toHaveLength(2);
    expect(tty.writes.at(-1)).toBe(ERASE);
  });

  it('writes nothing to a stream that is not a terminal, and gives the work no sink', async () => {
    const pipe = fakeStream(false);
    await withProgress(
      async () => {
        expect(collectProgress()).toBeUndefined();
        await vi.advanceTimersByTimeAsync(5_000);
      },
      { stream: pipe, env: {} },
    );
    expect(pipe.writes).toEqual([]);
  });
});

describe('progressEnabled', () => {
  it('needs a terminal, no CI and a terminal that can redraw', () => {
    const tty = fakeStream(true);
    expect(progressEnabled(tty, {})).toBe(true);
    expect(progressEnabled(tty, { CI: 'false' })).toBe(true);
    expect(progressEnabled(tty, { CI: '' })).toBe(true);
    expect(progressEnabled(tty, { CI: 'true' })).toBe(false);
    expect(progressEnabled(tty, { CI: '1' })).toBe(false);
    expect(progressEnabled(tty, { TERM: 'dumb' })).toBe(false);
    expect(progressEnabled(fakeStream(false), {})).toBe(false);
    // NO_COLOR is about colour: the line has none, so it stays.
    expect(progressEnabled(tty, { NO_COLOR: '1' })).toBe(true);
  });
});
