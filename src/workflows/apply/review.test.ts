import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, makeGitRepo } from '../../../test/helpers/git-repo.js';
import { newProposalId } from '../../ids.js';
import { createJobRegistry } from '../../jobs/index.js';
import { requireProposal, saveProposalPlaceholder } from '../../proposals/records.js';
import { failOrphanedProposals } from './review.js';

const SESSION = '019a1111-2222-7333-8444-555566667777';

describe('proposals left generating by a stopped server', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = makeGitRepo({ 'AGENTS.md': '# a\n' });
  });
  afterEach(() => repo.cleanup());
  const place = () => ({ repoRoot: repo.dir, stateDir: join(repo.outside, 'state') });

  it('are marked failed with the interruption, once the next server starts', async () => {
    const runsDir = join(repo.dir, '.codex-orchestrator', 'runs');
    const first = createJobRegistry({ runsDir });
    const proposalId = newProposalId();
    const job = first.submit({
      kind: 'proposal',
      prompts: ['p'],
      config: { proposal_id: proposalId },
      run: (ctx) =>
        new Promise((_resolve, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))),
        ),
    });
    await saveProposalPlaceholder(place(), {
      proposal_id: proposalId,
      session_id: SESSION,
      insight_artifact_id: null,
      job_id: job.job_id,
      mode: 'fork',
      prompt: null,
      model: null,
    });
    for (let i = 0; i < 100 && first.get(job.job_id)?.status !== 'running'; i++)
      await new Promise((r) => setTimeout(r, 5));

    // A new process: the registry finds the job it did not finish.
    const second = createJobRegistry({ runsDir });
    expect(await failOrphanedProposals(place(), second.list())).toBe(1);
    const { meta } = await requireProposal(place(), proposalId);
    expect(meta).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    expect(await failOrphanedProposals(place(), second.list())).toBe(0);

    first.cancel(job.job_id);
    await first.wait(job.job_id);
  });
});
