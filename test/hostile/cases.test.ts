import { describe, expect, it } from 'vitest';
import { loadCases } from './cases.js';
import { SUITES } from './suites.js';

describe('the hostile corpus', () => {
  const cases = loadCases();

  it('holds at least 100 cases, each with a descriptor that parses', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it('runs every case in exactly one suite file', () => {
    const run: string[] = Object.values(SUITES).flat();
    for (const hostile of cases)
      expect(
        run.filter((c) => c === hostile.category),
        hostile.name,
      ).toHaveLength(1);
  });

  it('names, for every refusal, the check that must fail', () => {
    for (const hostile of cases) {
      if (hostile.expect.outcome !== 'refused') continue;
      const named = hostile.expect.checks.length + hostile.expect.any_check.length;
      expect(named, hostile.name).toBeGreaterThan(0);
    }
  });

  it('has proposals that must apply, so the suite shows that good changes get through', () => {
    expect(cases.filter((c) => c.expect.outcome === 'applied').length).toBeGreaterThanOrEqual(10);
  });
});
