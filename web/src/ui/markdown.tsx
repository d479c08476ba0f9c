import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { type ReactNode, useMemo } from 'react';

/** Markdown → sanitized HTML. Style attributes go too, so a strict CSP never has to refuse them. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
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
