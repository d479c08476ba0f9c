import { Hono } from 'hono';
import { RetroError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { redactDeep } from '../../redact/index.js';
import { readBoolQuery, readIntQuery } from '../body.js';
import type { ServerDeps, SessionListOptions } from '../deps.js';

const MAX_PAGE = 5_000;
const DEFAULT_PAGE = 1_000;

/** `GET /codex/sessions` (array, `X-Total-Count`) and `GET /codex/sessions/{id}` (paged transcript). */
export function sessionRoutes(deps: ServerDeps): Hono {
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
      limit: readIntQuery(c, 'limit', { min: 1, max: 1_000 }, 200),
      offset: readIntQuery(c, 'offset', { min: 0, max: 10_000_000 }, 0),
    };
    const days = readIntQuery(c, 'days', { min: 1, max: 36_500 }, undefined);
    if (days !== undefined) options.days = days;
    if (search) options.search = search;
    if (project) options.project = project;
    const result = await deps.sessions.list(options);
    c.header('X-Total-Count', String(result.total));
    c.header('X-Parse-Issue-Files', String(result.issues.length));
    return c.json(redactDeep(result.sessions));
  });

  routes.get('/sessions/:id', async (c) => {
    const id = assertId('session', c.req.param('id'));
    const detail = await deps.sessions.get(id);
    if (!detail) {
      throw new RetroError('session_not_found', `No Codex session ${id}; pick one from the session list.`, {
        status: 404,
      });
    }
    const total = detail.messages.length;
    const offset = readIntQuery(c, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER }, 0) ?? 0;
    const limit = readIntQuery(c, 'limit', { min: 1, max: MAX_PAGE }, DEFAULT_PAGE) ?? DEFAULT_PAGE;
    const messages = detail.messages.slice(offset, offset + limit);
    c.header('X-Total-Count', String(total));
    return c.json(
      redactDeep({
        id: detail.id,
        metadata: detail.metadata,
        messages,
        turns: detail.turns,
        page: { offset, limit, total, returned: messages.length },
      }),
    );
  });

  return routes;
}
