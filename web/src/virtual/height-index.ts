/**
 * Row heights of a virtual list: estimated until measured. A Fenwick tree keeps offset lookups and
 * height updates at O(log n), so a 100,000-row transcript stays cheap to scroll and re-measure.
 */
export class HeightIndex {
  private heights: Float64Array;
  private tree: Float64Array;
  private measured: Uint8Array;
  private size: number;
  private readonly estimate: number;

  constructor(count: number, estimate: number) {
    this.estimate = estimate;
    this.size = 0;
    this.heights = new Float64Array(0);
    this.tree = new Float64Array(1);
    this.measured = new Uint8Array(0);
    this.resize(count);
  }

  get count(): number {
    return this.size;
  }

  /** Changes the row count, keeping the measured heights of rows that remain. */
  resize(count: number): void {
    const heights = new Float64Array(count);
    const measured = new Uint8Array(count);
    const keep = Math.min(count, this.size);
    heights.set(this.heights.subarray(0, keep));
    measured.set(this.measured.subarray(0, keep));
    heights.fill(this.estimate, keep);
    this.heights = heights;
    this.measured = measured;
    this.size = count;
    this.rebuild();
  }

  private rebuild(): void {
    const tree = new Float64Array(this.size + 1);
    for (let i = 0; i < this.size; i++) {
      const node = i + 1;
      tree[node] = (tree[node] ?? 0) + (this.heights[i] ?? 0);
      const parent = node + (node & -node);
      if (parent <= this.size) tree[parent] = (tree[parent] ?? 0) + (tree[node] ?? 0);
    }
    this.tree = tree;
  }

  heightOf(index: number): number {
    return this.heights[index] ?? this.estimate;
  }

  isMeasured(index: number): boolean {
    return this.measured[index] === 1;
  }

  /** Records a measured height; returns the change (0 when nothing moved). */
  setHeight(index: number, height: number): number {
    if (index < 0 || index >= this.size) return 0;
    this.measured[index] = 1;
    const delta = height - (this.heights[index] ?? 0);
    if (Math.abs(delta) < 0.5) return 0;
    this.heights[index] = height;
    for (let node = index + 1; node <= this.size; node += node & -node) {
      this.tree[node] = (this.tree[node] ?? 0) + delta;
    }
    return delta;
  }

  /** Top of row `index` (the sum of the heights before it). */
  offsetOf(index: number): number {
    let sum = 0;
    for (let node = Math.min(index, this.size); node > 0; node -= node & -node) sum += this.tree[node] ?? 0;
    return sum;
  }

  totalHeight(): number {
    return this.offsetOf(this.size);
  }

  /** The row that covers vertical position `offset` (clamped to the list). */
  indexAt(offset: number): number {
    if (this.size === 0) return 0;
    let node = 0;
    let remaining = offset;
    let step = 1;
    while (step * 2 <= this.size) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = node + step;
      if (next <= this.size && (this.tree[next] ?? 0) <= remaining) {
        node = next;
        remaining -= this.tree[next] ?? 0;
      }
    }
    return Math.min(node, this.size - 1);
  }

  /** Rows to render for a viewport, with `overscan` pixels drawn above and below it. */
  visibleRange(scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
    if (this.size === 0) return { start: 0, end: -1 };
    const start = this.indexAt(Math.max(0, scrollTop - overscan));
    const end = this.indexAt(scrollTop + viewport + overscan);
    return { start, end };
  }
}
