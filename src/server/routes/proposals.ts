import { Hono } from 'hono';
import { z } from 'zod';
import { RetroError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { resolveSessionRef } from '../../sessions/session-ref.js';
import { readJsonBody } from '../body.js';
import type { ServerDeps } from '../deps.js';
import { pageBody, readPage } from '../paging.js';
import { modelName } from './insights.js';

const runProposalBody = z.object({
  session_id: z.string().max(100),
  insight_artifact_id: z.string().max(200),
  prompt: z.string().max(20_000).nullish(),
  // Left out: fork where Codex can continue the session, else a digest run (see GET /codex/sessions/{id}).
  mode: z.enum(['fork', 'resume', 'digest']).nullish(),
  model: modelName,
  // Proposal runs are read-only (seed 2, §8): the diff is the only way anything they propose reaches the repo.
  sandbox: z.enum(['read-only', 'workspace-write', 'danger-full-access']).nullish(),
  approval: z.enum(['never', 'on-request', 'on-failure', 'untrusted']).nullish(),
  // Per-proposal opt-ins, recorded in the proposal's record in the state folder (never read from the repo).
  allow_subtree_agents: z.boolean().nullish(),
  allow_paths: z.array(z.string().max(300)).max(50).nullish(),
});

const confirmBody = z.object({ confirm: z.boolean() });

/** Workflows B and C: generate a diff, read it (re-validated against the tree as it is now), apply, revert. */
export function proposalRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();

  routes.post('/proposals/run', async (c) => {
    const body = await readJsonBody(c, runProposalBody);
    body.session_id = await resolveSessionRef(deps.sessions, body.session_id, 'this Codex home');
    assertId('artifact', body.insight_artifact_id);
    if (body.sandbox && body.sandbox !== 'read-only') {
      throw new RetroError(
        'sandbox_not_allowed',
        `Proposal runs are always read-only: Codex proposes a diff, and only a reviewed, validated diff changes the repository; ${body.sandbox} is refused.`,
        { status: 403 },
      );
    }
    const { sandbox: _sandbox, ...request } = body;
    return c.json(await deps.workflows.startProposal(request), 202);
  });

  routes.get('/proposals', async (c) => {
    const ref = c.req.query('session_id');
    const sessionId =
      ref === undefined ? undefined : await resolveSessionRef(deps.sessions, ref, 'this Codex home');
    const page = readPage(c, `proposals:${sessionId ?? ''}`, { defaultLimit: 100, maxLimit: 1_000 });
    const proposals = await deps.workflows.listProposals(sessionId);
    c.header('X-Total-Count', String(proposals.length));
    return c.json(pageBody(page, proposals.slice(page.offset, page.offset + page.limit), proposals.length));
  });

  routes.get('/proposals/:proposal_id', async (c) => {
    const id = assertId('proposal', c.req.param('proposal_id'));
    return c.json(await deps.workflows.readProposal(id));
  });

  routes.post('/proposals/:proposal_id/apply', async (c) => {
    const id = assertId('proposal', c.req.param('proposal_id'));
    const { confirm } = await readJsonBody(c, confirmBody);
    return c.json(await deps.workflows.applyProposal(id, confirm));
  });

  routes.post('/proposals/:proposal_id/revert', async (c) => {
    const id = assertId('proposal', c.req.param('proposal_id'));
    const { confirm } = await readJsonBody(c, confirmBody);
    return c.json(await deps.workflows.revertProposal(id, confirm));
  });

  return routes;
}
