import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown.js';

describe('markdownToHtml', () => {
  it('renders markdown structure', () => {
    const html = markdownToHtml('# Insights\n\n- `npm test` **failed**\n\n| a |\n|---|\n| 1 |');
    expect(html).toContain('<h1>Insights</h1>');
    expect(html).toContain('<code>npm test</code>');
    expect(html).toContain('<strong>failed</strong>');
    expect(html).toContain('<table>');
  });

  it('shows raw HTML as text instead of parsing it', () => {
    const html = markdownToHtml('Output was <img src=x onerror=alert(1)> and\n\n<script>alert(2)</script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
