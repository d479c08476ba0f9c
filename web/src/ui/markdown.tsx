import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { type ReactNode, useMemo } from 'react';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Raw HTML inside markdown is shown as text, never parsed: transcripts and model answers quote HTML,
 * and even an inert parse of `onerror=` trips the page's CSP. Only marked's own tags reach the sanitizer.
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** Markdown → sanitized HTML. Style attributes go too, so a strict CSP never has to refuse them. */
let linksHooked = false;

function renderMarkdown(markdown: string): string {
  if (!linksHooked) {
    // Links in rendered text open beside the app, never in place of it, and learn nothing about it.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    linksHooked = true;
  }
  return DOMPurify.sanitize(markdownToHtml(markdown), {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
    FORBID_ATTR: ['style'],
  });
}

export function Markdown({ text, className }: { text: string; className?: string }): ReactNode {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML is sanitized by DOMPurify just above.
    <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
