import { describe, expect, it } from 'vitest';
import { makeSessionDetail, SESSION_ID } from '../../../test/helpers/server.js';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { writeInsightArtifact } from '../../insights/artifacts.js';
import { renderInsightsMarkdown } from '../../insights/render.js';
import type { InsightAnswer } from '../../insights/schema.js';
import { readCheckedInsight } from './read-insight.js';

const ID = `${SESSION_ID}~20261122T030000000Z`;

/** Written before citations were checked: one real entry, one the transcript never had, one absurd. */
const answer: InsightAnswer = {
  goal: 'Make the date test pass',
  outcome: { status: 'achieved', summary: 'It passed.' },
  what_worked: [{ point: 'Asked plainly', evidence: [{ quote: 'Make the date test pass', entry: 2 }] }],
  friction: [
    {
      point: 'The token leaked into the log',
      evidence: [
        { quote: 'npm test failed', entry: 999 },
        { quote: 'again', entry: -9007199254740991 },
      ],
    },
  ],
  recommendations: [],
};

async function writeOld(repoRoot: string): Promise<void> {
  const markdown = renderInsightsMarkdown(answer, {
    sessionId: SESSION_ID,
    title: 'old',
    createdAt: '2026-11-22T03:00:00.000Z',
    mode: 'fork',
  });
  await writeInsightArtifact(
    repoRoot,
    {
      artifact_id: ID,
      session_id: SESSION_ID,
      created_at: '2026-11-22T03:00:00.000Z',
      job_id: null,
      mode: 'fork',
      model: null,
      prompt: 'p',
      codex_thread_id: null,
      evidence: { quotes: 3, cited_entries: 3, unknown_entries: [] },
      insights: answer,
    },
    markdown,
  );
}

const entries = (insights: InsightAnswer) =>
  [...insights.what_worked, ...insights.friction].flatMap((p) => p.evidence.map((e) => e.entry));

describe('reading insights written before their citations were checked', () => {
  const repo = tempDirEach('read-insight-');

  it('drops citations of entries the transcript does not have, in the answer and in the markdown', async () => {
    await writeOld(repo());
    const detail = makeSessionDetail();
    const read = await readCheckedInsight({ repoRoot: repo(), sessions: { get: () => detail } }, ID);
    expect(entries(read.insights)).toEqual([2, null, null]);
    expect(read.evidence).toEqual({
      quotes: 3,
      cited_entries: 1,
      unknown_entries: [-9007199254740991, 999],
    });
    expect(read.entries_checked).toBe(true);
    expect(read.markdown).toContain('> Make the date test pass — entry #2');
    expect(read.markdown).not.toContain('#999');
    expect(read.markdown).not.toContain('-9007199254740991');
  });

  it('says so when the session is gone, and still drops numbers no entry can have', async () => {
    await writeOld(repo());
    const read = await readCheckedInsight({ repoRoot: repo(), sessions: { get: () => null } }, ID);
    expect(read.entries_checked).toBe(false);
    expect(entries(read.insights)).toEqual([2, 999, null]);
    expect(read.markdown).not.toContain('-9007199254740991');
  });
});
