import { describe, expect, it } from 'vitest';
import { terminalText } from './terminal-text.js';

describe('terminalText', () => {
  it('removes colours, cursor moves, titles, clipboard writes and hyperlinks', () => {
    const log = [
      '\x1b[1;31mFAIL\x1b[0m src/a.test.ts\x1b[K',
      'x\x1b]0;new window title\x07y',
      'copy\x1b]52;c;cm0gLXJmIH4=\x1b\\ done',
      '\x1b]8;;https://example.test\x1b\\link\x1b]8;;\x1b\\',
    ].join('\n');
    expect(terminalText(log)).toBe('FAIL src/a.test.ts\nxy\ncopy done\nlink');
  });

  it('shows any other control character instead of letting it act, and keeps newlines and tabs', () => {
    expect(terminalText('a\tb\r\nc')).toBe('a\tb\nc');
    expect(terminalText('50%\r100%')).toBe('50%␍100%');
    expect(terminalText('bell\x07 nul\x00 esc\x1bc del\x7f')).toBe('bell␇ nul␀ esc␛c del␡');
    expect(terminalText('8-bit csi \u009b2J')).toBe('8-bit csi <U+009B>2J');
    // A title sequence that never ends would swallow the text after it: shown instead.
    expect(terminalText('a\x1b]0;no end\nb')).toBe('a␛]0;no end\nb');
  });

  it('shows the direction overrides that make a line read differently from what it holds', () => {
    expect(terminalText('access = "user\u202e \u2066// admin\u2069\u2066"')).toBe(
      'access = "user<U+202E> <U+2066>// admin<U+2069><U+2066>"',
    );
  });

  it('shows zero-width characters, bidi marks, separators and tag characters as marks', () => {
    expect(terminalText('a\u200bb\u200ec\u2028d\u{E0041}e\ufeff')).toBe(
      'a<U+200B>b<U+200E>c<U+2028>d<U+E0041>e<U+FEFF>',
    );
    // An emoji's presentation selector only chooses how it is drawn; after plain text it hides.
    expect(terminalText('❤️ ok \ufe0f')).toBe('❤️ ok <U+FE0F>');
  });

  it('leaves ordinary text alone', () => {
    const text = 'naïve café — 漢字 ✓ emoji 🎉\n\tindented';
    expect(terminalText(text)).toBe(text);
  });
});
