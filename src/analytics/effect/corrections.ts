import type { TranscriptEntry } from '../../sessions/types.js';

/**
 * The one definition of "the person corrected Codex", used by every before/after comparison.
 *
 * Most of it needs no language: an interrupted turn (the person stopped Codex mid-work) and a tool call the
 * person declined are corrections whatever language they speak. What a person types is read only for a
 * short list of openings that reject what Codex just did ("no,", "that's wrong", "undo") in the languages
 * below; a message is read from its start, because a correction opens the message while the same words
 * deep inside a request ("add an undo button") are not one.
 */

export type CorrectionKind = 'interrupted' | 'declined' | 'said';

export interface CorrectionMatch {
  /** The marker that matched, lower-cased as written in the table below. */
  marker: string;
  language: string;
}

/** How much of a message is read: a correction is said up front. */
const HEAD_CHARS = 160;

/** Not a letter or digit of any script: where a word may end. */
const EDGE = '(?![\\p{L}\\p{N}])';
/** A pause after a bare "no": punctuation, a dash, or the end of the message. */
const PAUSE = '(?=\\s*(?:[,.!;:…?\\-–—、。，！？]|$))';

interface Marker {
  language: string;
  /** The words, as the message is matched after lower-casing and NFKC. */
  words: string;
  /** `opening`: the message starts with it; `pause`: it starts the message and is followed by a pause. */
  where: 'opening' | 'pause' | 'head';
  /** Written without spaces between words (Chinese, Japanese): no word edge to look for. */
  unspaced?: true;
}

/**
 * Markers by language. `pause` is for words that also start ordinary requests ("no tests exist…", "stop the
 * server"); `opening` for words that start a correction whatever follows; `head` for phrases that are a
 * correction anywhere in the first sentence or two. Scripts without spaces (Chinese, Japanese) match as text.
 */
const MARKERS: Marker[] = [
  { language: 'en', words: 'no|nope|nah|wrong|stop|wait', where: 'pause' },
  {
    language: 'en',
    words: 'undo|revert that|revert this|revert it|roll (?:it |that )?back',
    where: 'opening',
  },
  { language: 'en', words: "no,? (?:that|this|it)(?:'s| is| was)? (?:not|wrong)", where: 'opening' },
  { language: 'en', words: "no,? (?:don't|do not|stop|wait|not that)", where: 'opening' },
  {
    language: 'en',
    words:
      "that(?:'s| is| was) (?:wrong|not right|incorrect|not what i)|not what i (?:asked|wanted|meant)|i told you|you broke|don't do that|i said not",
    where: 'head',
  },
  { language: 'de', words: 'nein|falsch|stopp', where: 'pause' },
  { language: 'de', words: 'das ist falsch|das stimmt nicht|mach das rückgängig|rückgängig', where: 'head' },
  { language: 'fr', words: 'non|faux|arrête', where: 'pause' },
  {
    language: 'fr',
    words: "c'est faux|ce n'est pas ça|pas ça|annule(?:r)? (?:ça|cela|le changement)",
    where: 'head',
  },
  { language: 'es', words: 'incorrecto|detente|para', where: 'pause' },
  { language: 'es', words: 'eso (?:está|esta) mal|está mal|no es eso|deshaz(?:lo)?', where: 'head' },
  { language: 'pt', words: 'não|nao|errado|pare', where: 'pause' },
  { language: 'pt', words: 'está errado|isso está errado|não é isso|desfaz(?:er)?', where: 'head' },
  { language: 'it', words: 'sbagliato|fermati', where: 'pause' },
  { language: 'it', words: 'è sbagliato|non è così|annulla', where: 'head' },
  { language: 'nl', words: 'nee|fout|stop', where: 'pause' },
  { language: 'nl', words: 'dat is fout|dat klopt niet|maak (?:het |dat )?ongedaan', where: 'head' },
  { language: 'pl', words: 'nie|źle|stój', where: 'pause' },
  { language: 'pl', words: 'to jest źle|to nie to|cofnij', where: 'head' },
  { language: 'tr', words: 'hayır|yanlış|dur', where: 'pause' },
  { language: 'tr', words: 'bu yanlış|geri al', where: 'head' },
  { language: 'ru', words: 'нет|неправильно|стоп|стой', where: 'pause' },
  { language: 'ru', words: 'не так|это неправильно|отмени|откати', where: 'head' },
  { language: 'uk', words: 'ні|неправильно|стоп', where: 'pause' },
  { language: 'uk', words: 'не так|скасуй|відкоти', where: 'head' },
  { language: 'zh', words: '(?:请)?(?:撤销|回滚)|不对|不是', where: 'opening', unspaced: true },
  { language: 'zh', words: '不对|不是这样|错了|停下|别这样', where: 'head', unspaced: true },
  { language: 'ja', words: '違う|ちがう|いいえ', where: 'pause', unspaced: true },
  { language: 'ja', words: '元に戻して|やめて|間違って(?:る|います)', where: 'head', unspaced: true },
  { language: 'ko', words: '아니(?:요|야)?|그만', where: 'opening' },
  { language: 'ko', words: '틀렸|되돌려', where: 'head' },
];

const COMPILED = MARKERS.map((marker) => {
  const body = `(?:${marker.words})`;
  const edge = marker.unspaced ? '' : EDGE;
  const source =
    marker.where === 'pause'
      ? `^${body}${edge}${PAUSE}`
      : marker.where === 'opening'
        ? `^${body}${edge}`
        : marker.unspaced
          ? body
          : `(?<![\\p{L}\\p{N}])${body}`;
  return { marker, pattern: new RegExp(source, 'u') };
});

/** Quotes, brackets and spaces a message may open with before its first word. */
const LEADING = /^[\s"'“”‘’«»„(*_>`~¡¿-]+/u;

/** Whether a typed message opens by rejecting what Codex did, and with which marker. */
export function detectCorrection(text: string): CorrectionMatch | null {
  const head = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(LEADING, '')
    .slice(0, HEAD_CHARS);
  if (head === '') return null;
  for (const { marker, pattern } of COMPILED) {
    const found = pattern.exec(head);
    if (found) return { marker: found[0].trim(), language: marker.language };
  }
  return null;
}

/** Codex's answer to a call the person refused at the approval prompt (not a sandbox or policy refusal). */
const DECLINED = /\b(?:rejected|declined|denied) by (?:the )?user\b/i;
const SHORT_OUTPUT = 400;

export function isDeclinedByPerson(output: TranscriptEntry): boolean {
  const text = output.content.trim();
  return text.length <= SHORT_OUTPUT && DECLINED.test(text);
}
