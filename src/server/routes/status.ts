import { Hono } from 'hono';
import type { ServerDeps } from '../deps.js';

/** `GET /codex/status`: what the UI needs to explain the setup. Never credentials or environment. */
export function statusRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();
  routes.get('/status', async (c) => c.json(await deps.status()));
  return routes;
}
