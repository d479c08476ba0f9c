import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './escape.js';

describe('html templates', () => {
  it('escapes every interpolated string, including inside attributes', () => {
    const title = '<script>alert("x")</script> & \'quotes\'';
    const out = html`<p title="${title}">${title}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('nests templates and lists without escaping them twice, and drops empty values', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.value).toBe(
      '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>',
    );
    expect(html`${raw('<b>ok</b>')}`.value).toBe('<b>ok</b>');
    expect(html`${0}`.value).toBe('0');
  });

  it('escapes backticks so data cannot close a template in inline script either', () => {
    expect(escapeHtml('`a`')).toBe('&#96;a&#96;');
  });
});
