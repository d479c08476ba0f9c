import { describe, expect, it } from 'vitest';
import { hiddenSnapshots } from './index-snapshots.js';

describe('hiddenSnapshots', () => {
  it('hides every save of a conversation but the longest', () => {
    const rows = [
      { id: 1, path: '/s/rollout-2025-05-01-a.json', itemHashes: ['h1'] },
      { id: 2, path: '/s/rollout-2025-05-01-b.json', itemHashes: ['h1', 'h2', 'h3'] },
      { id: 3, path: '/s/rollout-2025-05-01-c.json', itemHashes: ['h1', 'h2'] },
    ];
    expect([...hiddenSnapshots(rows)].sort()).toEqual([1, 3]);
  });

  it('keeps conversations that only share a first item but then differ', () => {
    const rows = [
      { id: 1, path: '/s/a.json', itemHashes: ['h1', 'x'] },
      { id: 2, path: '/s/b.json', itemHashes: ['h1', 'y', 'z'] },
      { id: 3, path: '/s/c.jsonl', itemHashes: null },
    ];
    expect(hiddenSnapshots(rows).size).toBe(0);
  });

  it('keeps one of two identical saves', () => {
    const rows = [
      { id: 1, path: '/s/a.json', itemHashes: ['h1', 'h2'] },
      { id: 2, path: '/s/b.json', itemHashes: ['h1', 'h2'] },
    ];
    expect([...hiddenSnapshots(rows)]).toEqual([1]);
  });
});
