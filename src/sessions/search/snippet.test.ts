import { describe, expect, it } from 'vitest';
import { bracketed, splitMarked } from './snippet.js';

describe('snippet parts', () => {
  it('flags what the marks enclose and leaves brackets of the text as text', () => {
    const segments = splitMarked('ls /[x]/\uFDD0not\uFDD1 \uFDD0here\uFDD1: [1] failed');
    expect(segments).toEqual([
      { text: 'ls /[x]/' },
      { text: 'not', match: true },
      { text: ' ' },
      { text: 'here', match: true },
      { text: ': [1] failed' },
    ]);
    expect(bracketed(segments)).toBe('ls /[x]/[not] [here]: [1] failed');
  });

  it('drops a mark left open, and reads text without marks as one part', () => {
    expect(splitMarked('a \uFDD0b')).toEqual([{ text: 'a b' }]);
    expect(splitMarked('plain')).toEqual([{ text: 'plain' }]);
    expect(splitMarked('')).toEqual([]);
  });
});
