import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileCase, loadCases } from './cases.js';
import { runAppliedCase } from './expect-applied.js';
import { runRefusedCase } from './expect-refused.js';
import { type Suite, startSuite } from './pipeline.js';

/** A case waits at the gate for the cases before it, then runs child processes on a shared machine. */
const CASE_TIMEOUT_MS = 180_000;
/** Cases of one file in flight at once: each is mostly child processes (codex, the CLI), so two keep two cores busy. */
const CASES_AT_ONCE = 2;

/** A gate that lets `limit` callers through at a time, in the order they arrived. */
function createGate(limit: number): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await run();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * The cases of `categories`, one test each, against one model server, one Codex home and one state
 * directory (so a file's cases cost one `insights run`, not one each). Every case has its own repository.
 */
export function describeHostileCases(title: string, categories: string[]): void {
  const cases: HostileCase[] = loadCases().filter((hostile) => categories.includes(hostile.category));
  const gate = createGate(CASES_AT_ONCE);
  describe(title, () => {
    let suite: Suite;
    beforeAll(async () => {
      suite = await startSuite();
    });
    afterAll(async () => {
      await suite?.close();
    });

    it('has cases in every category it runs', () => {
      for (const category of categories) expect(cases.map((c) => c.category)).toContain(category);
    });

    for (const hostile of cases) {
      it.concurrent(
        `${hostile.category}: ${hostile.name}`,
        ({ expect: local }) =>
          gate(() =>
            hostile.expect.outcome === 'refused'
              ? runRefusedCase(suite, hostile, local)
              : runAppliedCase(suite, hostile, local),
          ),
        CASE_TIMEOUT_MS,
      );
    }
  });
}
