import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Handler } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Client routes of the single-page app answered with index.html: a session, and one of its proposals. */
function isAppRoute(path: string): boolean {
  return (
    path === '/' ||
    path === '/index.html' ||
    /^\/s(\/[^/]*)?\/?$/.test(path) ||
    /^\/s\/[^/]+\/p\/[^/]+\/?$/.test(path)
  );
}

/** A file strictly inside `root` (after resolving symlinks), or null. */
async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((part) => part === '..'))
    return null;
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, decoded));
    if (!file.startsWith(realRoot + sep)) return null;
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Serves the built web UI from `dist/web/`: hashed assets long-cached, index.html never cached. */
export function serveWebApp(webRoot: string | null): Handler {
  return async (c) => {
    const path = new URL(c.req.url).pathname;
    if (!webRoot) {
      return c.text('The web UI is not built. Run `npm run build`, then start codex-retro serve again.', 503);
    }
    const file = await resolveInside(webRoot, isAppRoute(path) ? '/index.html' : path);
    if (!file) {
      if (isAppRoute(path)) {
        return c.text(
          'The web UI is not built. Run `npm run build`, then start codex-retro serve again.',
          503,
        );
      }
      return c.json({ code: 'not_found', message: `Nothing at ${path}.` }, 404);
    }
    const body = await readFile(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const immutable = path.startsWith('/assets/');
    return c.body(body, 200, {
      'Content-Type': type,
      'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    });
  };
}
