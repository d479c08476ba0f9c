import { Hono } from 'hono';
import { RetroError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { redactDeep } from '../../redact/index.js';
import { readIntQuery } from '../body.js';
import type { JobView, ServerDeps } from '../deps.js';
import { streamJobEvents } from '../sse.js';

function findJob(deps: ServerDeps, jobId: string, tail: number): JobView {
  const job = deps.jobs.get(assertId('job', jobId), { tail });
  if (!job) {
    throw new RetroError('job_not_found', `No job ${jobId} in this repository's run records.`, {
      status: 404,
    });
  }
  return job;
}

/** `GET /codex/jobs/{job_id}?tail=N`, its live event stream, and cancel. */
export function jobRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();

  routes.get('/jobs/:job_id', (c) => {
    const tail = readIntQuery(c, 'tail', { min: 0, max: 10_000 }, 50) ?? 50;
    return c.json(redactDeep(findJob(deps, c.req.param('job_id'), tail)));
  });

  routes.get('/jobs/:job_id/events', (c) => {
    const tail = readIntQuery(c, 'tail', { min: 0, max: 10_000 }, 200) ?? 200;
    return streamJobEvents(c, deps.jobs, findJob(deps, c.req.param('job_id'), 0), tail);
  });

  routes.post('/jobs/:job_id/cancel', (c) => {
    const job = findJob(deps, c.req.param('job_id'), 0);
    return c.json({ job_id: job.job_id, cancelled: deps.jobs.cancel(job.job_id) });
  });

  return routes;
}
