// A lexical scan of the query text, only to find where a name or keyword sits (the parser keeps no
// positions, and Salesforce's errors carry a column). Parsing itself is the parser package's job.

export interface Token {
  text: string;
  start: number;
  end: number;
  kind: 'ident' | 'string' | 'number' | 'punct';
}

const TOKEN =
  /\s+|('(?:\\[\s\S]|[^'\\])*'?)|(-?\d[\w:.+-]*)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|(<>|!=|<=|>=|[\s\S])/y;

export function scan(soql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < soql.length && (match = TOKEN.exec(soql)) !== null) {
    const [text, str, num, ident] = match;
    if (text.trim() === '') continue;
    const kind = str ? 'string' : num ? 'number' : ident ? 'ident' : 'punct';
    tokens.push({ text, start: match.index, end: match.index + text.length, kind });
  }
  return tokens;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Offset of the first name token equal to `text` (case-insensitive); `afterKeyword` narrows to e.g. FROM x. */
export function locate(tokens: readonly Token[], text: string, afterKeyword?: string): number {
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== 'ident' || !same(token.text, text)) continue;
    const previous = tokens[i - 1];
    const follows = previous !== undefined && same(previous.text, afterKeyword ?? '');
    if (afterKeyword && !follows) continue;
    return token.start;
  }
  if (afterKeyword) return locate(tokens, text);
  const last = text.split('.').at(-1);
  if (last && last !== text) return locate(tokens, last);
  return 0;
}

/**
 * SOQL refuses AND and OR at the same parenthesis level (Summer '24 release notes, OBS: "unexpected
 * token: 'OR'"), but the parser accepts them. Returns the operator token that mixes them, if any.
 */
export function findMixedLogic(tokens: readonly Token[]): Token | undefined {
  const levels: (string | undefined)[] = [undefined];
  for (const token of tokens) {
    const word = token.text.toUpperCase();
    if (token.kind === 'punct' && token.text === '(') levels.push(undefined);
    else if (token.kind === 'punct' && token.text === ')') {
      if (levels.length > 1) levels.pop();
    } else if (token.kind === 'ident' && (word === 'WHERE' || word === 'HAVING')) {
      levels[levels.length - 1] = undefined;
    } else if (token.kind === 'ident' && (word === 'AND' || word === 'OR')) {
      const seen = levels[levels.length - 1];
      if (seen === undefined) levels[levels.length - 1] = word;
      else if (seen !== word) return token;
    }
  }
  return undefined;
}
