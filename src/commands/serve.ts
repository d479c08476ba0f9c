import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve as listen } from '@hono/node-server';
import { RetroError } from '../errors.js';
import { createApp } from '../server/app.js';
import { describeStatus } from '../server/status.js';
import { findPackageFile } from '../workflows/package-files.js';
import type { Command } from './command.js';
import { openWorkspaceFromFlags } from './run-options.js';

const DEFAULT_PORT = 4820;

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser opener on this machine: the printed SERVE_URL is enough.
  }
}

export const serveCommand: Command = {
  async run({ values }, io) {
    const port = (values.port as number | undefined) ?? DEFAULT_PORT;
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const token = (values.token as string | undefined) ?? randomBytes(32).toString('hex');
    const workspace = await openWorkspaceFromFlags(
      { ...values, repo: values['no-repo'] === true ? false : values.repo },
      io,
      { demoFallback: true, recoverInterrupted: true, repoOptional: true },
    );
    if (workspace.demo) {
      io.stderr.write(
        `No Codex sessions found in ${workspace.requestedCodexHome}: showing the sample sessions shipped with codex-retro.\n`,
      );
    }
    let hosts: string[] = [];
    const app = createApp({
      token,
      allowedHosts: () => hosts,
      webRoot: await findPackageFile('dist/web'),
      sessions: workspace.sessions,
      jobs: workspace.jobs,
      workflows: workspace.orchestrator,
      status: () => describeStatus(workspace),
      logError: (error) =>
        io.stderr.write(`codex-retro serve: ${(error as Error)?.stack ?? String(error)}\n`),
    });

    const server = await new Promise<ReturnType<typeof listen>>((resolve, reject) => {
      const s = listen({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
      s.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new RetroError('port_in_use', `Port ${port} is in use; pass --port 0 to pick a free one.`)
            : error,
        ),
      );
    });
    const actualPort = (server.address() as AddressInfo).port;
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    hosts = [
      ...new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`, `${formatHost(host)}:${actualPort}`]),
    ];
    const url = `http://${formatHost(shownHost)}:${actualPort}/?token=${encodeURIComponent(token)}`;
    io.stderr.write(
      workspace.repoRoot
        ? `codex-retro serving ${workspace.repoRoot} (Codex home ${workspace.codexHome})\n`
        : `codex-retro browsing Codex home ${workspace.codexHome} with no repository: to run insights and proposals, start it with --repo DIR\n`,
    );
    io.stdout.write(`SERVE_URL=${url}\n`);
    if (values['no-open'] !== true) openBrowser(url);
    // The search text is read while the person looks around, so that the first search answers at once; every
    // request that comes meanwhile goes first.
    const stopPreparing = new AbortController();
    const preparing = workspace.sessions.prepareSearch(stopPreparing.signal).catch((error: unknown) => {
      io.stderr.write(
        `codex-retro serve: the search index could not be read ahead: ${(error as Error)?.message}\n`,
      );
    });

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        // Codex runs still going would outlive the server: stop them (their records say cancelled).
        for (const job of workspace.jobs.list()) {
          if (job.status === 'running' || job.status === 'queued') workspace.jobs.cancel(job.job_id);
        }
        server.close(() => resolve());
        // Open event streams would hold close() forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    stopPreparing.abort();
    await preparing;
    workspace.close();
    return 0;
  },
};
