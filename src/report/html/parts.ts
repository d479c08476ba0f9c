import { html, type SafeHtml } from './escape.js';

/** Small building blocks every section uses. */

/** Session ids as short chips linking to their row in the sessions table, the full id on hover. */
export function renderEvidence(ids: string[]): SafeHtml | null {
  if (ids.length === 0) return null;
  const chips = ids.map(
    (id) => html`<a class="chip" href="#session-${id}" title="${id}">${id.slice(0, 13)}…</a>`,
  );
  return html`<div class="evidence">Evidence: ${chips}</div>`;
}

/** Block ids unique within one page, so copy buttons find their text. */
export function createIdSource(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

/** A text block with a copy button; `id` lets "copy all checked" find it too. */
export function renderCopyable(id: string, text: string, label = 'Copy'): SafeHtml {
  return html`<div class="copyable"><pre id="${id}">${text}</pre><button type="button" data-copy="${id}">${label}</button></div>`;
}

export function renderSection(id: string, title: string, body: SafeHtml | SafeHtml[]): SafeHtml {
  return html`<section id="${id}"><h2>${title}</h2>${body}</section>`;
}

/** A paragraph, or nothing when the text is blank. */
export function renderParagraph(text: string, className?: string): SafeHtml | null {
  return text.trim() ? html`<p${className ? html` class="${className}"` : null}>${text}</p>` : null;
}
