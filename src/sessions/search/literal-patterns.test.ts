import { describe, expect, it } from 'vitest';
import { literalPatterns } from './literal-patterns.js';

const spellings = (query: string) => literalPatterns(query).map((pattern) => pattern.toString('utf8'));

describe('literalPatterns', () => {
  it('has one spelling for text a JSON writer leaves alone', () => {
    expect(spellings('module_417.ts:611:3')).toEqual(['module_417.ts:611:3']);
  });

  it('spells quotes, backslashes and tabs escaped once (a string) and twice (JSON inside a string)', () => {
    expect(spellings('say "hi"\tC:\\tmp')).toEqual([
      'say \\"hi\\"\\tC:\\\\tmp',
      'say \\\\\\"hi\\\\\\"\\\\tC:\\\\\\\\tmp',
    ]);
  });

  it('spells non-ASCII as is and as \\u escapes in either case, at both depths', () => {
    const all = spellings('Grüße');
    expect(all).toEqual(
      expect.arrayContaining([
        'Grüße',
        'Gr\\u00fc\\u00dfe',
        'Gr\\u00FC\\u00DFe',
        'Gr\\\\u00fc\\\\u00dfe',
        'Gr\\\\u00FC\\\\u00DFe',
      ]),
    );
    expect(new Set(all).size).toBe(all.length);
  });

  it('spells a character outside the BMP as its surrogate pair', () => {
    expect(spellings('ok 🎉')).toContain('ok \\ud83c\\udf89');
  });
});
