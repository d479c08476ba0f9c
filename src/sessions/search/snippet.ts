import type { SnippetSegment } from '../types.js';

/**
 * A search hit's snippet as parts, the matched ones flagged, so a view can mark them without reading brackets
 * into the text; and the same as one string with each match in [brackets], as `snippet` has always been.
 */

const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';

/** The parts of a snippet whose matches are between U+FDD0 and U+FDD1 (the index's marks). */
export function splitMarked(marked: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const open = rest.indexOf(OPEN);
    if (open < 0) break;
    const close = rest.indexOf(CLOSE, open + 1);
    if (close < 0) break;
    addSegment(segments, rest.slice(0, open), false);
    addSegment(segments, rest.slice(open + 1, close), true);
    rest = rest.slice(close + 1);
  }
  addSegment(segments, rest.replaceAll(OPEN, '').replaceAll(CLOSE, ''), false);
  return segments;
}

/** Appends a part, merging it into the one before when both are matches or both are not. */
export function addSegment(segments: SnippetSegment[], text: string, match: boolean): void {
  if (text === '') return;
  const last = segments.at(-1);
  if (last && (last.match === true) === match) last.text += text;
  else segments.push(match ? { text, match: true } : { text });
}

/** The snippet as one string, each match in [brackets]. */
export function bracketed(segments: readonly SnippetSegment[]): string {
  return segments.map((segment) => (segment.match ? `[${segment.text}]` : segment.text)).join('');
}
