import { Hono } from 'hono';
import { z } from 'zod';
import { assertId } from '../../ids.js';
import { resolveSessionRef } from '../../sessions/session-ref.js';
import { readJsonBody } from '../body.js';
import type { ServerDeps } from '../deps.js';
import { pageBody, readPage } from '../paging.js';

export const modelName = z
  .string()
  .regex(/^[\w.:/-]{1,100}$/, 'model must be a model name such as gpt-5.5')
  .nullish();

const runInsightsBody = z.object({
  session_id: z.string().max(100),
  prompt: z.string().max(20_000).nullish(),
  // Left out: fork where Codex can continue the session, else a digest run (see GET /codex/sessions/{id}).
  mode: z.enum(['fork', 'resume', 'digest']).nullish(),
  model: modelName,
  // Insights only read; writing is never needed, so full access is not offered.
  sandbox: z.enum(['read-only', 'workspace-write']).nullish(),
  approval: z.enum(['never', 'on-request', 'on-failure', 'untrusted']).nullish(),
});

/** Workflow A: run, default prompt, list and read artifacts. */
export function insightRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();

  routes.get('/insights/default-prompt', (c) => c.json({ prompt: deps.workflows.defaultInsightsPrompt }));

  routes.post('/insights/run', async (c) => {
    const body = await readJsonBody(c, runInsightsBody);
    body.session_id = await resolveSessionRef(deps.sessions, body.session_id, 'this Codex home');
    const started = await deps.workflows.startInsights(body);
    return c.json(started, 202);
  });

  routes.get('/insights/artifacts/:artifact_id', async (c) => {
    const id = assertId('artifact', c.req.param('artifact_id'));
    const { markdown, insights, ...meta } = await deps.workflows.readInsight(id);
    return c.json({ ...meta, markdown, json: insights });
  });

  routes.get('/insights/:session_id', async (c) => {
    const sessionId = await resolveSessionRef(deps.sessions, c.req.param('session_id'), 'this Codex home');
    const page = readPage(c, `insights:${sessionId}`, { defaultLimit: 100, maxLimit: 1_000 });
    const { artifacts, unreadable } = await deps.workflows.listInsights(sessionId);
    c.header('X-Total-Count', String(artifacts.length));
    c.header('X-Unreadable-Count', String(unreadable));
    const items = artifacts.slice(page.offset, page.offset + page.limit);
    return c.json({ ...pageBody(page, items, artifacts.length), unreadable });
  });

  return routes;
}
