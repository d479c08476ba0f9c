import { describe, expect, it } from 'vitest';
import { highlightLine, languageOf } from './highlight.js';

const kinds = (line: string, language: 'markdown' | 'yaml') =>
  highlightLine(line, language).map((t) => [t.kind, t.text]);

describe('highlightLine', () => {
  it('picks the language from the file name', () => {
    expect(languageOf('.codex/skills/review/SKILL.md')).toBe('markdown');
    expect(languageOf('config/ci.yaml')).toBe('yaml');
    expect(languageOf('bin/run')).toBe('plain');
  });

  it('marks markdown headings, list markers, code spans, bold and links', () => {
    expect(kinds('## Testing', 'markdown')).toEqual([['heading', '## Testing']]);
    expect(kinds('- Run `npm test` **always**, see [docs](https://x.test)', 'markdown')).toEqual([
      ['punct', '- '],
      [null, 'Run '],
      ['code', '`npm test`'],
      [null, ' '],
      ['strong', '**always**'],
      [null, ', see '],
      ['link', '[docs](https://x.test)'],
    ]);
  });

  it('marks front matter keys in markdown and keys, strings, literals, comments in YAML', () => {
    expect(kinds('name: review', 'markdown')).toEqual([
      ['key', 'name:'],
      [null, ' review'],
    ]);
    expect(kinds('  - retries: 3 # max', 'yaml')).toEqual([
      ['punct', '  - '],
      ['key', 'retries:'],
      [null, ' '],
      ['literal', '3'],
      ['comment', ' # max'],
    ]);
    expect(kinds('title: "a: b"', 'yaml')).toEqual([
      ['key', 'title:'],
      [null, ' '],
      ['string', '"a: b"'],
    ]);
    expect(kinds('# note', 'yaml')).toEqual([['comment', '# note']]);
  });

  it('keeps every character of a line', () => {
    for (const line of ['- [a](b) `c` **d** e', 'key: value # c', '> quote `x`']) {
      for (const language of ['markdown', 'yaml'] as const) {
        expect(
          highlightLine(line, language)
            .map((t) => t.text)
            .join(''),
        ).toBe(line);
      }
    }
  });
});
