import { Hono } from 'hono';
import { RetroError } from '../../errors.js';
import { redactDeep } from '../../redact/index.js';
import { resolveSessionRef } from '../../sessions/session-ref.js';
import { readEntries } from '../../sessions/transcript/transcript.js';
import { readBoolQuery, readIntQuery } from '../body.js';
import type { ServerDeps, SessionListOptions } from '../deps.js';
import { nextCursor, pageBody, readPage } from '../paging.js';
import type { PagedSessionSource } from '../session-cache.js';

/**
 * `GET /codex/sessions` and `GET /codex/sessions/{id}`, both paged (`limit`, `cursor` → `next`; paging.ts).
 * `X-Total-Count` repeats the body's `total` for clients of the earlier, header-only answer.
 */
export function sessionRoutes(deps: ServerDeps & { sessions: PagedSessionSource }): Hono {
  const routes = new Hono();

  routes.get('/sessions', async (c) => {
    const search = c.req.query('search')?.trim();
    const project = c.req.query('project')?.trim();
    if ((search?.length ?? 0) > 500 || (project?.length ?? 0) > 4096) {
      throw new RetroError('invalid_request', 'search or project is too long.', { status: 400 });
    }
    const options: SessionListOptions = {
      includeArchived: readBoolQuery(c, 'archived', true),
      includeOwn: readBoolQuery(c, 'include_own', false),
      includeSubagents: readBoolQuery(c, 'include_subagents', false),
    };
    const days = readIntQuery(c, 'days', { min: 1, max: 36_500 }, undefined);
    if (days !== undefined) options.days = days;
    if (search) options.search = search;
    if (project) options.project = project;
    const page = readPage(c, JSON.stringify(['sessions', options]), { defaultLimit: 100, maxLimit: 1_000 });
    // A search reads the rollouts for what the index does not hold: a request given up on stops it.
    const signal = search ? { signal: c.req.raw.signal } : {};
    const result = await deps.sessions.list({
      ...options,
      ...signal,
      limit: page.limit,
      offset: page.offset,
    });
    c.header('X-Total-Count', String(result.total));
    c.header('X-Parse-Issue-Files', String(result.issues.length));
    const body = pageBody(page, result.sessions, result.total);
    return c.json(redactDeep({ ...body, home_total: result.available ?? null }));
  });

  routes.get('/sessions/:id', async (c) => {
    const id = await resolveSessionRef(deps.sessions, c.req.param('id'), 'this Codex home');
    const transcript = await deps.sessions.openTranscript(id);
    if (!transcript) {
      throw new RetroError('session_not_found', `No Codex session ${id}; pick one from the session list.`, {
        status: 404,
      });
    }
    const total = transcript.total;
    const page = readPage(c, `transcript:${transcript.id}`, { defaultLimit: 500, maxLimit: 5_000 });
    const messages = await readEntries(transcript, page.offset, page.offset + page.limit);
    c.header('X-Total-Count', String(total));
    const continuation = await deps.workflows.describeContinuation(transcript.metadata);
    return c.json(
      redactDeep({
        id: transcript.id,
        metadata: transcript.metadata,
        continuation,
        messages,
        turns: transcript.turns,
        total,
        limit: page.limit,
        next: nextCursor(page, messages.length, total),
      }),
    );
  });

  return routes;
}
