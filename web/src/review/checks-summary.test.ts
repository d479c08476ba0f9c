import { describe, expect, it } from 'vitest';
import type { ValidationCheck } from '../api/types.js';
import { groupChecks, summarizeChecks } from './checks-summary.js';

const check = (id: string, ok: boolean, skipped = false): ValidationCheck => ({
  id,
  label: id,
  ok,
  message: skipped ? 'Not checked: the diff does not parse.' : '',
  ...(skipped ? { details: { skipped: true } } : {}),
});

describe('the checks summary', () => {
  it('counts one parse error as one failure, apart from the checks it kept from running', () => {
    const checks = [
      check('untrusted_state', true),
      check('limits_patch_size', true),
      check('parse', false),
      ...Array.from({ length: 13 }, (_, i) => check(`after_${i}`, false, true)),
    ];
    const groups = groupChecks(checks);
    expect(groups.failed.map((c) => c.id)).toEqual(['parse']);
    expect(summarizeChecks(groups)).toBe('1 failing · 13 not checked · 2 passed');
  });

  it('says all passed when all did', () => {
    expect(summarizeChecks(groupChecks([check('a', true), check('b', true)]))).toBe('All 2 passed');
  });

  it('never takes a failure with other details for a skipped check', () => {
    const failed = { ...check('path_allowed', false), details: { problems: [{ skipped: true }] } };
    expect(groupChecks([failed]).failed).toHaveLength(1);
  });
});
