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

  it('folds case when asked and keeps a literal tail pattern', () => {
    const names = compileTriggers(
      ['pass', 'sshpass', 'Token'].map((literal) => ({ literal })),
      'i',
    );
    expect(['PASS', 'SshPass', 'my_token', 'TOKEN'].every((t) => names.test(t))).toBe(true);
    expect(names.test('passe-partout')).toBe(true);
    expect(names.test('tok en')).toBe(false);
    const sid = compileTriggers([{ literal: 'SK', tail: '[0-9a-f]{4}' }, { literal: 'SG.' }]);
    expect(sid.test('xSK0a9f')).toBe(true);
    expect(sid.test('SKIP')).toBe(false);
    expect(sid.test('SGx')).toBe(false);
  });
});
