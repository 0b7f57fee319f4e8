import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { describe, expect, it } from 'vitest';
import { buildConditionTree, topLevelConjuncts, type CondTree } from './conditions.js';
import { SoqlError } from './errors.js';

/** The WHERE of a query as an S-expression of its field names: (and A (or B (not C))). */
function shape(where: string): string {
  const parsed = parseQuery(`SELECT Id FROM X WHERE ${where}`);
  if (!parsed.where) throw new Error('no WHERE');
  const tree = buildConditionTree(parsed.where, (c) => ('field' in c ? c.field : '?'));
  const show = (t: CondTree<string>): string =>
    t.kind === 'leaf'
      ? t.leaf
      : t.kind === 'not'
        ? `(not ${show(t.child)})`
        : `(${t.kind} ${t.children.map(show).join(' ')})`;
  return show(tree);
}

describe('buildConditionTree', () => {
  it.each([
    ['A = 1', 'A'],
    ['A = 1 AND B = 2 AND C = 3', '(and A B C)'],
    ['A = 1 OR B = 2', '(or A B)'],
    ['A = 1 AND (B = 2 OR C = 3)', '(and A (or B C))'],
    ['(A = 1 AND B = 2) OR C = 3', '(or (and A B) C)'],
    ['((A = 1))', 'A'],
    ['NOT A = 1', '(not A)'],
    ['NOT A = 1 AND B = 2', '(and (not A) B)'],
    ['NOT (A = 1 OR B = 2)', '(not (or A B))'],
    ['A = 1 AND NOT (B = 2 AND C = 3)', '(and A (not (and B C)))'],
    ['(NOT A = 1) AND B = 2', '(and (not A) B)'],
    ['A = 1 AND (B = 2 OR (C = 3 AND NOT D = 4)) AND E = 5', '(and A (or B (and C (not D))) E)'],
    ['(A = 1 OR B = 2) AND (C = 3 OR D = 4)', '(and (or A B) (or C D))'],
  ])('%s → %s', (where, expected) => {
    expect(shape(where)).toBe(expected);
  });

  it.each(['A = 1 AND B = 2 OR C = 3', 'A = 1 OR B = 2 AND C = 3', '(A = 1 OR B = 2 AND C = 3)'])(
    'refuses mixed AND/OR without parentheses: %s',
    (where) => {
      expect(() => shape(where)).toThrow(SoqlError);
    },
  );

  it('lists the top-level conjuncts', () => {
    const parsed = parseQuery("SELECT Id FROM X WHERE A = 1 AND (B = 2 OR C = 3) AND D = 'x'");
    if (!parsed.where) throw new Error('no WHERE');
    const tree = buildConditionTree(parsed.where, (c) => ('field' in c ? c.field : '?'));
    expect(topLevelConjuncts(tree)).toEqual(['A', 'D']);
  });
});
