import { Hono } from 'hono';
import { isRetroError } from '../errors.js';
import { requireToken } from './auth.js';
import { limitBodySize } from './body.js';
import type { ServerDeps } from './deps.js';
import { insightRoutes } from './routes/insights.js';
import { jobRoutes } from './routes/jobs.js';
import { proposalRoutes } from './routes/proposals.js';
import { sessionRoutes } from './routes/sessions.js';
import { statusRoutes } from './routes/status.js';
import { guardHostAndOrigin, setSecurityHeaders } from './security.js';
import { cacheTranscripts } from './session-cache.js';
import { serveWebApp } from './static.js';

/**
 * The orchestrator API and the web UI. Order matters: security headers wrap everything, then Host/Origin,
 * then the token — nothing, not even a static file, is served to a request that fails either.
 */
export function createApp(input: ServerDeps): Hono {
  const deps = { ...input, sessions: cacheTranscripts(input.sessions) };
  const app = new Hono();
  app.use('*', setSecurityHeaders());
  app.use('*', guardHostAndOrigin(deps.allowedHosts));
  app.use('*', requireToken(deps.token));
  app.use('/codex/*', limitBodySize());

  const api = new Hono();
  api.route('/', statusRoutes(deps));
  api.route('/', sessionRoutes(deps));
  api.route('/', jobRoutes(deps));
  api.route('/', insightRoutes(deps));
  api.route('/', proposalRoutes(deps));
  api.all('*', (c) =>
    c.json(
      { code: 'not_found', message: `No API endpoint ${c.req.method} ${new URL(c.req.url).pathname}.` },
      404,
    ),
  );
  app.route('/codex', api);
  app.get('*', serveWebApp(deps.webRoot));
  app.all('*', (c) => c.json({ code: 'method_not_allowed', message: 'Only GET is served here.' }, 405));

  app.onError((error, c) => {
    if (isRetroError(error)) {
      // A refusal names its reasons by check id (the UI and scripts act on them); other details of an error
      // (commands, stderr) stay in the server's records.
      const checks = error.details?.checks;
      const body = { code: error.code, message: error.message, ...(checks ? { details: { checks } } : {}) };
      return c.json(body, error.status as 400);
    }
    // Unknown failures: a generic message, never a stack trace or a path from the server's memory.
    deps.logError?.(error);
    return c.json(
      { code: 'internal', message: 'Something went wrong on the server; see its console output.' },
      500,
    );
  });
  return app;
}
