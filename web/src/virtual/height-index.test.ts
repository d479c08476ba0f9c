import { describe, expect, it } from 'vitest';
import { HeightIndex } from './height-index.js';

describe('HeightIndex', () => {
  it('places unmeasured rows at their estimated height', () => {
    const index = new HeightIndex(100_000, 40);
    expect(index.totalHeight()).toBe(4_000_000);
    expect(index.offsetOf(250)).toBe(10_000);
    expect(index.indexAt(10_000)).toBe(250);
    expect(index.indexAt(10_039)).toBe(250);
    expect(index.indexAt(99_999_999)).toBe(99_999);
  });

  it('moves every later row when one row is measured', () => {
    const index = new HeightIndex(10, 20);
    expect(index.setHeight(3, 120)).toBe(100);
    expect(index.offsetOf(3)).toBe(60);
    expect(index.offsetOf(4)).toBe(180);
    expect(index.indexAt(179)).toBe(3);
    expect(index.indexAt(180)).toBe(4);
    expect(index.totalHeight()).toBe(300);
    expect(index.setHeight(3, 120)).toBe(0);
    expect(index.isMeasured(3)).toBe(true);
    expect(index.isMeasured(4)).toBe(false);
  });

  it('renders only the rows a viewport covers, plus overscan', () => {
    const index = new HeightIndex(100_000, 30);
    const { start, end } = index.visibleRange(300_000, 900, 300);
    expect(start).toBe(9_990);
    expect(end).toBe(10_040);
    expect(end - start).toBeLessThan(60);
  });

  it('keeps measured heights when the list grows', () => {
    const index = new HeightIndex(3, 10);
    index.setHeight(1, 50);
    index.resize(5);
    expect(index.totalHeight()).toBe(10 + 50 + 10 + 10 + 10);
    index.resize(1);
    expect(index.totalHeight()).toBe(10);
  });

  it('handles an empty list', () => {
    const index = new HeightIndex(0, 10);
    expect(index.totalHeight()).toBe(0);
    expect(index.visibleRange(0, 500, 100)).toEqual({ start: 0, end: -1 });
  });
});
