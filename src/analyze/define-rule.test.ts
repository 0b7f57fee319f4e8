import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineRule, RuleDefinitionError } from './define-rule.js';
import type { RuleDefinition } from './define-rule.js';

const valid: RuleDefinition<'bad' | 'good', undefined> = {
  id: 'RG-9100',
  slug: 'test-definition',
  aliases: ['old-test-definition'],
  title: 'Run-as user has a test condition',
  severity: 'high',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'], sbs: ['SBS-ACS-008'] },
  requires: ['apps', 'users'],
  rationale: 'Why this matters, in a sentence or two.',
  remediation: 'What to change, in Setup terms.',
  references: ['https://help.salesforce.com/s/articleView?id=x&type=5'],
  messages: { bad: '{{username}} is bad', good: '{{ username }} is good' },
  check() {
    // nothing
  },
};

function issuesOf(definition: unknown): string[] {
  try {
    defineRule(definition as RuleDefinition<string, undefined>);
  } catch (error) {
    if (error instanceof RuleDefinitionError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('defineRule', () => {
  it('accepts a valid rule and freezes its metadata', () => {
    const rule = defineRule(valid);
    expect(rule.meta.id).toBe('RG-9100');
    expect(rule.meta).not.toHaveProperty('check');
    expect(rule.options).toBeUndefined();
    expect(Object.isFrozen(rule.meta)).toBe(true);
    expect(Object.isFrozen(rule.meta.messages)).toBe(true);
    expect(() => {
      (rule.meta.requires as string[]).push('loginHistory');
    }).toThrow(TypeError);
  });

  it('keeps an options schema', () => {
    const options = z.object({ limit: z.number().default(1) });
    expect(defineRule({ ...valid, options }).options).toBe(options);
  });

  const broken: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown key', { docsUrl: 'https://x.y' }, /Unrecognized key: "docsUrl"/],
    ['a malformed id', { id: 'RG-12' }, /^id: matches RG-NNNN/],
    ['a slug that is not kebab-case', { slug: 'Run_As' }, /^slug: is kebab-case/],
    [
      'a title with a trailing period',
      { title: 'Run-as user is bad.' },
      /^title: has no trailing period/,
    ],
    ['a title in lower case', { title: 'run-as user is bad' }, /^title: starts with a capital/],
    [
      'a title that is an instruction',
      { title: 'Require an API-only user' },
      /^title: states the risky/,
    ],
    ['an unknown severity', { severity: 'severe' }, /^severity:/],
    ['a repeated severity', { severities: ['high'] }, /^severities: repeats/],
    ['an unknown framework', { frameworks: { cis: ['1.1'] } }, /^frameworks/],
    [
      'an unknown control',
      { frameworks: { 'nist-csf-2.0': ['PR.AA-09'] } },
      /control PR\.AA-09 is not in src\/frameworks/,
    ],
    ['no facets', { requires: [] }, /^requires:/],
    ['an unknown facet', { requires: ['everything'] }, /^requires\.0:/],
    ['a facet twice', { requires: ['apps', 'apps'] }, /^requires: lists a facet twice/],
    ['a reserved message id', { messages: { requestFailed: 'x' } }, /reserved for the engine/],
    [
      'a message id that is not camelCase',
      { messages: { 'not-ok': 'x' } },
      /^messages\.not-ok: Invalid key/,
    ],
    [
      'a malformed placeholder',
      { messages: { bad: '{{user name}} is bad' } },
      /malformed \{\{placeholder\}\}/,
    ],
    ['no messages', { messages: {} }, /at least one message/],
    ['a plain-http reference', { references: ['http://example.com'] }, /^references\.0:/],
    ['options that are not a schema', { options: { limit: 1 } }, /^options: is a zod schema/],
    ['a check that is not a function', { check: 'yes' }, /^check: is a function/],
    ['an alias equal to the slug', { aliases: ['test-definition'] }, /^aliases: repeats/],
  ];
  for (const [what, patch, expected] of broken)
    it(`rejects ${what}`, () => {
      const issues = issuesOf({ ...valid, ...patch });
      expect(
        issues.some((i) => expected.test(i)),
        issues.join('\n'),
      ).toBe(true);
    });

  it('names the rule and every problem in the error', () => {
    expect(() => defineRule({ ...valid, slug: 'X', title: 'x.' })).toThrow(
      /rule RG-9100 is malformed:\n {2}slug: is kebab-case\n {2}title:/,
    );
  });
});
