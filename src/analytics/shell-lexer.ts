/**
 * Splits a shell script into simple commands (arrays of unquoted words), the way a person reads it:
 * `&&`, `||`, `|`, `;`, `&` and newlines separate commands; quotes and escapes are honoured;
 * redirections and their targets are dropped; here-document bodies are skipped; the scripts inside
 * `$(…)`, backticks and `<(…)` are returned separately so their programs count too.
 * It never throws: unbalanced quotes simply run to the end of the text.
 */
export interface LexedScript {
  commands: string[][];
  nested: string[];
}

interface Heredoc {
  tag: string;
  stripTabs: boolean;
}

/** Index of the `)` closing the `(` just before `from`, skipping quoted text; `text.length` if none. */
function findClosingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return text.length;
}

/** Skips the bodies of the here-documents opened on the line that just ended. */
function skipHeredocs(text: string, from: number, heredocs: Heredoc[]): number {
  let i = from;
  for (const doc of heredocs) {
    while (i < text.length) {
      let nl = text.indexOf('\n', i);
      if (nl < 0) nl = text.length;
      let line = text.slice(i, nl).replace(/\r$/, '');
      if (doc.stripTabs) line = line.replace(/^\t+/, '');
      i = nl + 1;
      if (line === doc.tag) break;
    }
  }
  return Math.min(i, text.length);
}

export function lexScript(text: string): LexedScript {
  const commands: string[][] = [];
  const nested: string[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let redirectTarget = false;
  let heredocTag: { stripTabs: boolean } | null = null;
  let heredocs: Heredoc[] = [];

  const endWord = (): void => {
    if (!inWord) return;
    if (heredocTag) heredocs.push({ tag: word, stripTabs: heredocTag.stripTabs });
    else if (!redirectTarget) words.push(word);
    heredocTag = null;
    redirectTarget = false;
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const substitute = (openAt: number): number => {
    const close = findClosingParen(text, openAt);
    nested.push(text.slice(openAt, close));
    word += '$()';
    inWord = true;
    return close + 1;
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\n') {
      endCommand();
      i = heredocs.length > 0 ? skipHeredocs(text, i + 1, heredocs) : i + 1;
      heredocs = [];
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      i++;
    } else if (ch === '#' && !inWord) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === '\\') {
      if (next !== '\n') {
        word += next ?? '';
        inWord = true;
      }
      i += 2;
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      inWord = true;
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] === '$' && text[i + 1] === '(') {
          i = substitute(i + 2);
        } else if (text[i] === '`') {
          const close = text.indexOf('`', i + 1);
          const end = close < 0 ? text.length : close;
          nested.push(text.slice(i + 1, end));
          i = end + 1;
        } else {
          word += text[i];
          i++;
        }
      }
      i++;
    } else if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? text.length : close;
      nested.push(text.slice(i + 1, end));
      inWord = true;
      i = end + 1;
    } else if (ch === '$' && next === '(') {
      if (text[i + 2] === '(') {
        // Arithmetic `$(( … ))` runs no program.
        i = findClosingParen(text, i + 3) + 2;
        inWord = true;
      } else {
        i = substitute(i + 2);
      }
    } else if ((ch === '<' || ch === '>') && next === '(') {
      endWord();
      const close = findClosingParen(text, i + 2);
      nested.push(text.slice(i + 2, close));
      i = close + 1;
    } else if (ch === '<' || ch === '>') {
      // `2>` and `2>&1`: the digits name a file descriptor, not a word.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      } else endWord();
      if (text.startsWith('<<<', i)) {
        redirectTarget = true;
        i += 3;
      } else if (text.startsWith('<<', i)) {
        const stripTabs = text[i + 2] === '-';
        heredocTag = { stripTabs };
        i += stripTabs ? 3 : 2;
      } else {
        redirectTarget = true;
        i += next === '>' || next === '&' || next === '|' ? 2 : 1;
      }
    } else if (ch === '&' && next === '>') {
      endWord();
      redirectTarget = true;
      i += text[i + 2] === '>' ? 3 : 2;
    } else if (ch === '|' || ch === '&' || ch === ';' || ch === '(' || ch === ')') {
      endCommand();
      i += (next === ch && ch !== '(' && ch !== ')') || (ch === '|' && next === '&') ? 2 : 1;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  endCommand();
  return { commands, nested };
}
