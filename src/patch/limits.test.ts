import { describe, expect, it } from 'vitest';
import { formatBytes } from './limits.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [65_536, '64 KiB'],
    [77_414, '75.6 KiB'],
    [1024 ** 2 - 1, '1.0 MiB'],
    [1024 ** 2, '1 MiB'],
    [1_500_000_000, '1.4 GiB'],
    [2.5 * 1024 ** 3, '2.5 GiB'],
    [3 * 1024 ** 4, '3 TiB'],
  ])('says %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
