import { describe, expect, it } from 'vitest';
import { compileTriggers } from './triggers.js';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
}

describe('compileTriggers', () => {
  const literals = [
    'sk-',
    'sk-ant-',
    'ghp_',
    'gho_',
    'glpat-',
    'glptt-',
    'a-b',
    'a]b',
    'x^y',
    'x.y',
    'Bearer',
    'bearer',
  ];

  it('matches exactly the texts that hold one of the triggers', () => {
    const regex = compileTriggers(literals.map((literal) => ({ literal })));
    const alphabet = [
      's',
      'k',
      '-',
      'a',
      'n',
      't',
      'g',
      'h',
      'p',
      'o',
      '_',
      'l',
      'b',
      ']',
      'x',
      '^',
      'y',
      '.',
      'B',
      'e',
      'r',
    ];
    const next = random(11);
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      expect(regex.test(text), text).toBe(literals.some((t) => text.includes(t)));
    }
  });

  it('matches letters of any case where asked, the others exactly, and a literal tail pattern', () => {
    const regex = compileTriggers([
      ...['pass', 'sshpass', 'Token', 'redis-cli'].map((literal) => ({ literal, anyCase: true })),
      { literal: 'SK', tail: '[0-9a-f]{4}' },
      { literal: 'SG.' },
      { literal: 'sk-' },
    ]);
    for (const text of ['PASS', 'SshPass', 'my_token', 'TOKEN', 'REDIS-CLI', 'xSK0a9f', 'SG.x', 'a sk-b']) {
      expect(regex.test(text), text).toBe(true);
    }
    for (const text of ['tok en', 'SKIP', 'SGx', 'sg.x', 'SK-', 'redis cli', 'Sk-']) {
      expect(regex.test(text), text).toBe(false);
    }
  });

  it('matches exactly the texts holding a trigger when case-sensitive and any-case ones are mixed', () => {
    const triggers = [
      { literal: 'sk-' },
      { literal: 'Key=' },
      { literal: 'key', anyCase: true },
      { literal: 'ab', anyCase: true },
      { literal: 'a.b' },
    ];
    const regex = compileTriggers(triggers);
    const alphabet = ['s', 'k', '-', 'K', 'e', 'y', '=', 'E', 'Y', 'a', 'b', 'A', 'B', '.'];
    const next = random(5);
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: next() % 10 }, () => alphabet[next() % alphabet.length]).join('');
      const expected = triggers.some((t) =>
        t.anyCase ? text.toLowerCase().includes(t.literal.toLowerCase()) : text.includes(t.literal),
      );
      expect(regex.test(text), text).toBe(expected);
    }
  });
});
