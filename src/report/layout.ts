// Plain-text layout shared by the text renderers: 100 columns, hanging indents, and strings from
// the org neutralised before they reach a terminal.

export const WIDTH = 100;
/** Longest field shown; report strings come from the org. */
export const MAX_FIELD = 1000;

/** `text` wrapped to WIDTH: the first line after `first`, the others after `rest`. */
export function hanging(first: string, rest: string, text: string): string[] {
  return wrap(clean(text), Math.max(20, WIDTH - rest.length)).map(
    (line, i) => `${i === 0 ? first : rest}${line}`,
  );
}

/**
 * Control characters (C0, DEL, C1), bidi overrides and line separators become spaces or `?`, and an
 * overlong field is cut: report strings come from the org and must not drive the terminal.
 */
export function clean(text: string): string {
  const flat = text
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '?');
  const chars = Array.from(flat);
  return chars.length > MAX_FIELD ? `${chars.slice(0, MAX_FIELD - 3).join('')}...` : flat;
}

/** Greedy word wrap by code points; a word longer than the width is cut. Always one line at least. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const chars = Array.from(word);
    if (line.length > 0 && line.length + 1 + chars.length <= width) {
      line.push(' ', ...chars);
      continue;
    }
    if (line.length > 0) lines.push(line.join(''));
    line = [];
    for (let at = 0; at < chars.length; at += width) {
      const piece = chars.slice(at, at + width);
      if (piece.length === width && at + width < chars.length) lines.push(piece.join(''));
      else line = piece;
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join(''));
  return lines;
}
