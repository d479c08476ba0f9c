import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import {
  type InsightArtifactRecord,
  listInsightArtifacts,
  readInsightArtifact,
  writeInsightArtifact,
} from './artifacts.js';
import { renderInsightsMarkdown } from './render.js';
import type { InsightAnswer } from './schema.js';

const SESSION = '019a0000-0000-7000-8000-000000000001';

const answer: InsightAnswer = {
  goal: 'Fix the failing date test',
  outcome: {
    status: 'partly_achieved',
    summary: 'The test passed after two tries; the root cause stayed unclear.',
  },
  what_worked: [
    { point: 'Running the one test in isolation', evidence: [{ quote: 'npx vitest run date', entry: 12 }] },
  ],
  friction: [
    {
      point: 'The time zone was not set, so the test failed twice',
      evidence: [
        { quote: 'Expected 01:00, received 00:00', entry: 14 },
        { quote: 'set TZ', entry: null },
      ],
    },
  ],
  recommendations: [
    { title: 'Pin TZ', detail: 'Say in AGENTS.md that tests run with TZ=UTC.', target: 'agents_md' },
  ],
};

function record(timestamp: string): InsightArtifactRecord {
  return {
    artifact_id: `${SESSION}~${timestamp}`,
    session_id: SESSION,
    created_at: '2026-11-22T03:00:00.000Z',
    job_id: 'job-20261122T030000000Z-0a0b0c0d',
    mode: 'fork',
    model: null,
    prompt: 'Look back',
    codex_thread_id: '019a0000-0000-7000-8000-000000000099',
    evidence: { quotes: 3, cited_entries: 2, unknown_entries: [] },
    insights: answer,
  };
}

describe('insight artifacts', () => {
  const repo = tempDirEach('insights-');

  it('renders the answer as markdown with quotes cited by entry', () => {
    const md = renderInsightsMarkdown(answer, {
      sessionId: SESSION,
      title: 'dates',
      createdAt: 'now',
      mode: 'fork',
    });
    expect(md).toContain('# Insights: dates');
    expect(md).toContain('## Outcome: Partly achieved');
    expect(md).toContain('  > Expected 01:00, received 00:00 — entry #14');
    expect(md).toContain('  > set TZ\n');
    expect(md).toContain('1. **Pin TZ** (AGENTS.md): Say in AGENTS.md that tests run with TZ=UTC.');
  });

  it('keeps model text from turning into headings or breaking list items', () => {
    const hostile = { ...answer, goal: '# Take over\nthe page' };
    const md = renderInsightsMarkdown(hostile, { sessionId: SESSION, createdAt: 'now', mode: 'fork' });
    expect(md).toContain('\\# Take over the page');
  });

  it('writes .json and .md under insights/<session_id>/ and lists newest first', async () => {
    await writeInsightArtifact(repo(), record('20261122T030000000Z'), '# one\n');
    await writeInsightArtifact(repo(), record('20261122T040000000Z'), '# two\n');
    const dir = join(repo(), '.codex-orchestrator', 'insights', SESSION);
    expect(JSON.parse(await readFile(join(dir, '20261122T030000000Z.json'), 'utf8')).insights.goal).toBe(
      answer.goal,
    );
    expect(await readFile(join(dir, '20261122T040000000Z.md'), 'utf8')).toBe('# two\n');

    const { artifacts, unreadable } = await listInsightArtifacts(repo(), SESSION);
    expect(artifacts.map((a) => a.artifact_id)).toEqual([
      `${SESSION}~20261122T040000000Z`,
      `${SESSION}~20261122T030000000Z`,
    ]);
    expect(artifacts[0]).toMatchObject({ goal: answer.goal, outcome: answer.outcome, mode: 'fork' });
    expect(artifacts[0]).not.toHaveProperty('insights');
    expect(unreadable).toBe(0);

    const read = await readInsightArtifact(repo(), `${SESSION}~20261122T030000000Z`);
    expect(read.markdown).toBe('# one\n');
    expect(read.insights).toEqual(answer);
  });

  it('counts a corrupt artifact file instead of failing the list', async () => {
    await writeInsightArtifact(repo(), record('20261122T030000000Z'), '# one\n');
    await writeFile(
      join(repo(), '.codex-orchestrator', 'insights', SESSION, '20261122T050000000Z.json'),
      '{"half":',
    );
    const { artifacts, unreadable } = await listInsightArtifacts(repo(), SESSION);
    expect(artifacts).toHaveLength(1);
    expect(unreadable).toBe(1);
  });

  it('answers a missing artifact with insight_not_found and refuses malformed ids', async () => {
    await expect(readInsightArtifact(repo(), `${SESSION}~20261122T030000000Z`)).rejects.toMatchObject({
      code: 'insight_not_found',
      status: 404,
    });
    await expect(readInsightArtifact(repo(), `${SESSION}~../../etc`)).rejects.toMatchObject({
      code: 'invalid_id',
    });
    await expect(listInsightArtifacts(repo(), '../x')).rejects.toMatchObject({ code: 'invalid_id' });
  });
});
