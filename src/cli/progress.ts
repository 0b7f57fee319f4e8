// Progress of long collections on a terminal (README, "Progress"): one line on stderr, redrawn in
// place, shown only once the work has lasted a second, erased when it ends. Nothing at all when
// stderr is not a terminal, in CI, or on a terminal that cannot redraw a line (TERM=dumb): logs stay
// clean. The line carries counts and catalog request names only, never a URL, token or record.

import { type CollectProgress, withCollectProgress } from '../collect/progress.js';

/** What the line is written to: process.stderr, or a fake terminal in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Work shorter than this shows nothing. */
export const SHOW_AFTER_MS = 1_000;
/** The line is redrawn at most this often (10 times a second). */
export const REDRAW_MS = 100;

/** Back to the start of the line and erase it (ANSI CSI 2K). */
const ERASE = '\r\x1b[2K';

/**
 * Whether progress is shown: stderr is a terminal, `CI` is not set (CI runners that allocate a
 * pseudo-terminal would otherwise fill their logs with redraws) and `TERM` is not `dumb`.
 */
export function progressEnabled(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return stream.isTTY === true && !inCi && env.TERM !== 'dumb';
}

/** One progress line on a terminal; `end()` stops it and erases what it drew. */
export class ProgressLine implements CollectProgress {
  readonly #stream: ProgressStream;
  readonly #label: string;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;
  #requests = 0;
  #rows = 0;
  #current = '';
  #drawn = '';

  constructor(stream: ProgressStream, label = 'collecting') {
    this.#stream = stream;
    this.#label = label;
    // Drawing on a timer, not on each event, bounds the redraws however fast requests go, and
    // shows a slow request still counting.
    this.#timer = setInterval(() => {
      this.#draw();
    }, REDRAW_MS);
    this.#timer.unref();
  }

  request(name: string): void {
    this.#requests += 1;
    this.#current = name;
  }

  rows(count: number): void {
    if (Number.isSafeInteger(count) && count > 0) this.#rows += count;
  }

  /** Stops redrawing and erases the line, so that what follows starts on a clean line. */
  end(): void {
    clearInterval(this.#timer);
    if (this.#drawn !== '') this.#stream.write(ERASE);
    this.#drawn = '';
  }

  #draw(): void {
    const elapsed = Date.now() - this.#started;
    // Before any request (a snapshot, a project, a token request) there is nothing to count.
    if (elapsed < SHOW_AFTER_MS || this.#requests === 0) return;
    const line = fit(
      `${this.#label} (${Math.floor(elapsed / 1000)} s): ${count(this.#requests, 'request')}, ${count(this.#rows, 'row')}, current: ${safeName(this.#current)}`,
      this.#stream.columns,
    );
    if (line === this.#drawn) return;
    this.#stream.write(`${ERASE}${line}`);
    this.#drawn = line;
  }
}

/**
 * Runs a command's collection with a progress line on `stream` (default stderr) when
 * `progressEnabled`; the line is erased before `fn`'s result or error reaches the caller.
 */
export async function withProgress<T>(
  fn: () => Promise<T>,
  options: { stream?: ProgressStream; env?: NodeJS.ProcessEnv; label?: string } = {},
): Promise<T> {
  const stream = options.stream ?? process.stderr;
  if (!progressEnabled(stream, options.env ?? process.env)) return fn();
  const line = new ProgressLine(stream, options.label);
  try {
    return await withCollectProgress(line, fn);
  } finally {
    line.end();
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Request names are the catalog's ids; anything else is masked rather than sent to a terminal. */
function safeName(name: string): string {
  return name.replace(/[^\w.:-]/g, '?').slice(0, 80);
}

/**
 * Cut to the terminal's width less one column: a wrapped line cannot be redrawn in place. A
 * terminal that tells no width (0, as a pseudo-terminal without a size does) is taken as 80.
 */
function fit(line: string, columns: number | undefined): string {
  const width = Math.max(20, (columns === undefined || columns <= 0 ? 80 : columns) - 1);
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
