import { describe, expect, it } from 'vitest';
import { renderBarChart, renderColumnChart } from './charts.js';

describe('SVG charts', () => {
  it('leaves room for the longest value label inside the chart', () => {
    const svg = renderBarChart({
      id: 'tools',
      title: 'Tools',
      items: [
        { label: 'shell', value: 26, display: '26 (4 failed)' },
        { label: 'apply_patch', value: 2 },
      ],
    }).value;
    const valueX = Number(/<text x="(\d+)" y="\d+" class="value">26 \(4 failed\)/.exec(svg)?.[1]);
    expect(valueX + '26 (4 failed)'.length * 6.5).toBeLessThanOrEqual(520);
  });

  it('keeps a lone column narrow and says so when there is nothing to draw', () => {
    const one = renderColumnChart({ id: 'days', title: 'Days', items: [{ label: '11-22', value: 5 }] }).value;
    expect(one).toContain('width="44.0"');
    const none = renderBarChart({
      id: 'errors',
      title: 'Errors',
      items: [],
      empty: 'No tool errors in this window.',
    });
    expect(none.value).toContain('No tool errors in this window.');
    expect(none.value).not.toContain('<svg');
  });
});
