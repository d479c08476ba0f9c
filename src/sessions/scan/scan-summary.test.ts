import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ScanResult, scanRollout } from './scan.js';

/**
 * The session list reads rollouts from their bytes (scan-summary.ts, fast-records.ts); everything else reads them
 * with JSON.parse. Both must give the same list row: for every rollout among the fixtures (every era, real
 * releases, hostile files), the list's scan and the full scan agree on the metadata, the issues and where they
 * stopped, read at once or continued from checkpoints. Generated layouts are in scan-summary-layouts.test.ts.
 */

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');

function rolloutsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // codex exec --json output and OpenTelemetry logs are not rollouts.
      if (name !== 'exec-json' && name !== 'otel') found.push(...rolloutsUnder(path));
    } else if (/\.jsonl?$/.test(name) && /(^|\/)(sessions|rollouts)\//.test(relative(FIXTURES, path))) {
      found.push(path);
    }
  }
  return found.sort();
}

/** What a list row is made of, from one scan. */
function listFacts(result: ScanResult) {
  return {
    metadata: result.metadata,
    issues: result.issues,
    offset: result.checkpoint.offset,
    line: result.checkpoint.line,
    fingerprint: result.fingerprint,
  };
}

/** The list's scan of `path`, stopping every `step` bytes and going on from its checkpoint. */
async function summaryInSteps(path: string, step: number): Promise<ScanResult> {
  let result = await scanRollout(path, { summary: true, maxBytes: step });
  const issues = [...result.issues];
  for (let i = 0; i < 10_000 && result.checkpoint.offset < statSync(path).size; i++) {
    const before = result.checkpoint.offset;
    result = await scanRollout(path, { summary: true, from: result.checkpoint, maxBytes: step });
    expect(result.continued).toBe(true);
    // Stopped where it stopped before (at a torn last line): what it found there may have been told already.
    const told = new Set(issues.map((issue) => JSON.stringify(issue)));
    issues.push(...result.issues.filter((issue) => !told.has(JSON.stringify(issue))));
    if (result.checkpoint.offset === before) break;
  }
  return { ...result, issues };
}

const files = rolloutsUnder(FIXTURES);

describe('the session list reads every fixture as the full parser does', () => {
  it('finds the rollouts of every kind of fixture', () => {
    const at = (part: string) => files.filter((path) => path.includes(part)).length;
    expect(at('/rollouts/eras/')).toBe(11);
    expect(at('/rollouts/hostile/')).toBeGreaterThanOrEqual(7);
    for (const version of ['0.40.0', '0.169.0', '0.171.0'])
      expect(at(`/codex-sessions/${version}/`)).toBeGreaterThan(10);
    expect(at('/codex-homes/')).toBeGreaterThan(10);
  });

  for (const path of files) {
    it(relative(FIXTURES, path), async () => {
      const [full, summary] = await Promise.all([scanRollout(path), scanRollout(path, { summary: true })]);
      expect(listFacts(summary)).toEqual(listFacts(full));
      if (path.endsWith('.jsonl')) {
        // Continued from a checkpoint after (about) every line, and every few lines.
        for (const step of [1, 700]) {
          const stepped = await summaryInSteps(path, step);
          expect(stepped.metadata).toEqual(full.metadata);
          expect(stepped.issues).toEqual(full.issues);
          expect(stepped.checkpoint.offset).toBe(full.checkpoint.offset);
        }
      }
    });
  }
});
