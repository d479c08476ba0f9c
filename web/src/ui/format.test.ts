import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, plural, projectName } from './format.js';

describe('display forms', () => {
  it('names a project by its last path segment', () => {
    expect(projectName('/home/jamie/src/codex-retro')).toBe('codex-retro');
    expect(projectName('C:\\work\\app\\')).toBe('app');
    expect(projectName(null)).toBe('no project');
  });

  it('writes sizes, durations and counts the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('');
    expect(plural(1, 'tool')).toBe('1 tool');
    expect(plural(3, 'tool')).toBe('3 tools');
  });
});
