import { describe, expect, it } from 'vitest';

import { ENGINE_MESSAGES, placeholdersOf, renderMessage } from './messages.js';

describe('renderMessage', () => {
  it('fills placeholders, with or without spaces, and joins lists', () => {
    expect(
      renderMessage('{{a}} and {{ b }}: {{list}} ({{n}}, {{flag}})', {
        a: 'x',
        b: 'y',
        list: ['p', 'q'],
        n: 2,
        flag: false,
      }),
    ).toBe('x and y: p, q (2, false)');
  });

  it('throws on a placeholder without a value, including inherited names', () => {
    expect(() => renderMessage('{{missing}}', {})).toThrow(
      'message placeholder {{missing}} has no value',
    );
    expect(() => renderMessage('{{toString}}', {})).toThrow('{{toString}}');
  });

  it('leaves text without placeholders alone', () => {
    expect(renderMessage('plain {text}')).toBe('plain {text}');
  });
});

describe('placeholdersOf', () => {
  it('lists each placeholder once, in order', () => {
    expect(placeholdersOf('{{b}} {{a}} {{ b }}')).toEqual(['b', 'a']);
  });

  it('covers the engine templates', () => {
    expect(placeholdersOf(ENGINE_MESSAGES.notInMode)).toEqual(['mode', 'reasons']);
  });
});
