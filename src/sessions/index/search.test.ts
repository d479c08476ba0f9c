import { describe, expect, it } from 'vitest';
import { buildFtsQuery } from './search.js';

describe('buildFtsQuery', () => {
  it('quotes every word so all of them must match', () => {
    expect(buildFtsQuery('flaky  test')).toBe('"flaky" "test"');
  });

  it('keeps quoted phrases together', () => {
    expect(buildFtsQuery('"exit code 3" npm')).toBe('"exit code 3" "npm"');
  });

  it('turns FTS operators and quotes in the input into plain text', () => {
    expect(buildFtsQuery('NOT a" OR (b) NEAR/2 c:d')).toBe('"NOT" "a""" "OR" "(b)" "NEAR/2" "c:d"');
    expect(buildFtsQuery('"unterminated phrase')).toBe('"unterminated phrase"');
  });

  it('supports a trailing star as a prefix search', () => {
    expect(buildFtsQuery('ECONN*')).toBe('"ECONN"*');
    expect(buildFtsQuery('*')).toBeNull();
  });

  it('returns null when nothing searchable was typed', () => {
    expect(buildFtsQuery('  ')).toBeNull();
    expect(buildFtsQuery('!!! ""')).toBeNull();
  });
});
