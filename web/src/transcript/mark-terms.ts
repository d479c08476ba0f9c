/**
 * Marks the words a search matched inside one transcript entry, with the CSS Custom Highlight API: ranges over
 * the text as drawn, styled by `::highlight(search-hit)`, so nothing React renders is changed. Case is ignored,
 * as the search ignores it. Returns the first marked range (to scroll to), or null when none is drawn.
 */
const NAME = 'search-hit';

export function markTerms(root: HTMLElement, terms: readonly string[]): Range | null {
  const wanted = terms.map((term) => term.toLowerCase()).filter((term) => term.trim() !== '');
  if (wanted.length === 0 || typeof CSS === 'undefined' || !('highlights' in CSS)) return null;
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').toLowerCase();
    for (const term of wanted) {
      for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + term.length);
        ranges.push(range);
      }
    }
  }
  if (ranges.length === 0) return null;
  ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
  CSS.highlights.set(NAME, new Highlight(...ranges));
  return ranges[0] ?? null;
}

export function clearMarkedTerms(): void {
  if (typeof CSS !== 'undefined' && 'highlights' in CSS) CSS.highlights.delete(NAME);
}

/** Centres a range in the scroller that holds it (an entry taller than the view is not centred as a whole). */
export function revealRange(range: Range): void {
  const holder = range.startContainer.parentElement;
  const scroller = holder?.closest<HTMLElement>('.vscroll');
  if (!scroller) {
    holder?.scrollIntoView({ block: 'center' });
    return;
  }
  const box = range.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  scroller.scrollTop += box.top - view.top - (view.height - box.height) / 2;
}
