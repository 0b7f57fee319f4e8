// The parser returns WHERE/HAVING as a flat linked list whose conditions carry openParen/closeParen
// counts and whose NOT nodes carry the parentheses opened before them. This rebuilds the tree.

import type {
  ConditionWithValueQuery,
  HavingClause,
  WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { malformed } from './errors.js';

export type CondTree<L> =
  | { kind: 'leaf'; leaf: L }
  | { kind: 'and' | 'or'; children: CondTree<L>[] }
  | { kind: 'not'; child: CondTree<L> };

export type LeafCondition = ConditionWithValueQuery;

type Item<L> = '(' | ')' | 'NOT' | 'AND' | 'OR' | { leaf: L };

/** Deeper nesting than this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 100;

interface ListNode {
  left?: unknown;
  operator?: string;
  right?: unknown;
}

interface LeftShape {
  field?: unknown;
  fn?: unknown;
  operator?: unknown;
  openParen?: unknown;
  closeParen?: unknown;
}

function isNegationOnly(left: LeftShape | null | undefined): boolean {
  if (left === null || left === undefined) return true;
  return left.field === undefined && left.fn === undefined && left.operator === undefined;
}

const count = (n: unknown): number => (typeof n === 'number' ? n : 0);

function flatten<L>(
  clause: WhereClause | HavingClause,
  toLeaf: (c: LeafCondition) => L,
): Item<L>[] {
  const items: Item<L>[] = [];
  let node = clause as ListNode | undefined;
  while (node) {
    const left = node.left as LeftShape | null | undefined;
    if (node.operator === 'NOT' && isNegationOnly(left)) {
      for (let i = 0; i < count(left?.openParen); i++) items.push('(');
      items.push('NOT');
    } else {
      if (!left) throw malformed(`unexpected token: '${node.operator ?? '<EOF>'}'`);
      for (let i = 0; i < count(left.openParen); i++) items.push('(');
      items.push({ leaf: toLeaf(left as LeafCondition) });
      for (let i = 0; i < count(left.closeParen); i++) items.push(')');
      if (node.operator === 'AND' || node.operator === 'OR') items.push(node.operator);
      else if (node.operator !== undefined) throw malformed(`unexpected token: '${node.operator}'`);
    }
    node = node.right as ListNode | undefined;
  }
  return items;
}

export function buildConditionTree<L>(
  clause: WhereClause | HavingClause,
  toLeaf: (c: LeafCondition) => L,
): CondTree<L> {
  const items = flatten(clause, toLeaf);
  let pos = 0;

  const expression = (depth: number): CondTree<L> => {
    const first = unary(depth);
    let op: 'AND' | 'OR' | undefined;
    const children = [first];
    for (let next = items[pos]; next === 'AND' || next === 'OR'; next = items[pos]) {
      // SOQL refuses AND and OR at one level without parentheses.
      if (op && op !== next) throw malformed(`unexpected token: '${next}'`);
      op = next;
      pos++;
      children.push(unary(depth));
    }
    return op ? { kind: op === 'AND' ? 'and' : 'or', children } : first;
  };

  const unary = (depth: number): CondTree<L> => {
    if (depth > MAX_DEPTH) throw malformed("unexpected token: '('");
    const item = items[pos++];
    if (item === 'NOT') return { kind: 'not', child: unary(depth + 1) };
    if (item === '(') {
      const inner = expression(depth + 1);
      if (items[pos++] !== ')') throw malformed("unexpected token: '<EOF>'");
      return inner;
    }
    if (item !== undefined && typeof item === 'object') return { kind: 'leaf', leaf: item.leaf };
    throw malformed(`unexpected token: '${typeof item === 'string' ? item : '<EOF>'}'`);
  };

  const tree = expression(0);
  const rest = items[pos];
  if (rest !== undefined)
    throw malformed(`unexpected token: '${typeof rest === 'string' ? rest : '('}'`);
  return tree;
}

/** The leaves of the top-level AND chain (or the single leaf): conditions that every row must meet. */
export function topLevelConjuncts<L>(tree: CondTree<L> | undefined): L[] {
  if (!tree) return [];
  if (tree.kind === 'leaf') return [tree.leaf];
  if (tree.kind === 'and') return tree.children.flatMap((c) => (c.kind === 'leaf' ? [c.leaf] : []));
  return [];
}

export function evaluateTree<L>(tree: CondTree<L>, test: (leaf: L) => boolean): boolean {
  switch (tree.kind) {
    case 'leaf':
      return test(tree.leaf);
    case 'not':
      return !evaluateTree(tree.child, test);
    case 'and':
      return tree.children.every((c) => evaluateTree(c, test));
    case 'or':
      return tree.children.some((c) => evaluateTree(c, test));
  }
}
