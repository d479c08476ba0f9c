import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { priced } from '../../test/helpers/cost.js';
import { readSession } from '../sessions/scan/scan.js';
import { computeMetrics } from './index.js';

/**
 * Metrics over real rollouts written by real Codex releases, checked against the facts their
 * manifest records (tool calls by name, failed commands, typed turns, forks).
 */
interface ManifestFile {
  file: string;
  session_id: string;
  user_turns: number;
  tool_calls: Record<string, number>;
  failed_commands: { tool: string; exit_code: number }[];
  forked_from: string | null;
  originator: string;
}

const root = new URL('../../test/fixtures/codex-sessions/', import.meta.url);

describe.each(['0.40.0', '0.169.0'])('metrics over the Codex %s corpus', (version) => {
  const base = new URL(`${version}/`, root);
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', base), 'utf8')) as ManifestFile[];

  it('match the manifest', async () => {
    const sessions = await Promise.all(
      manifest.map((f) => readSession(new URL(f.file, base).pathname).then(priced)),
    );
    const metrics = computeMetrics(sessions, {
      now: new Date('2026-11-23T00:00:00Z'),
      timeZone: 'UTC',
      since: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-11-23T00:00:00Z'),
      found: manifest.length,
    });

    expect(metrics.coverage).toMatchObject({
      sessions_found: manifest.length,
      sessions_analyzed: manifest.length,
    });
    expect(metrics.sessions.user_messages).toBe(manifest.reduce((sum, f) => sum + f.user_turns, 0));

    const expectedCalls: Record<string, number> = {};
    for (const f of manifest) {
      for (const [name, n] of Object.entries(f.tool_calls))
        expectedCalls[name] = (expectedCalls[name] ?? 0) + n;
    }
    expect(Object.fromEntries(metrics.tools.by_tool.map((t) => [t.name, t.calls]))).toEqual(expectedCalls);

    const failed = manifest.flatMap((f) => f.failed_commands);
    const nonzero = metrics.errors.by_category.find((c) => c.name === 'nonzero_exit')?.count ?? 0;
    expect(nonzero).toBe(failed.length);
    const buckets: Record<string, number> = {};
    for (const f of failed) {
      const bucket = f.exit_code === 1 ? '1' : '3-125';
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    expect(Object.fromEntries(metrics.errors.exit_codes.map((c) => [c.name, c.count]))).toEqual(buckets);

    expect(metrics.events.forks).toBe(manifest.filter((f) => f.forked_from).length);
    const originator = manifest[0]!.originator === 'codex_exec' ? 'exec' : 'cli';
    expect(metrics.originators.by_kind).toEqual([{ name: originator, count: manifest.length }]);
    expect(metrics.shell.unparsed).toBe(0);
    expect(metrics.shell.programs.length).toBeGreaterThan(0);
    if (version === '0.169.0') {
      // The apply_patch scenario adds notes.txt and updates README.md.
      expect(metrics.patches.top_files.map((f) => f.path).sort()).toEqual(['README.md', 'notes.txt']);
      expect(metrics.patches.failed).toBe(0);
    }
  });
});
