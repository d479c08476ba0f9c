import type { MiddlewareHandler } from 'hono';
import { RetroError } from '../errors.js';

/**
 * Browser-facing guards that do not depend on the token:
 * - Host must be one of the server's own names (defeats DNS rebinding: a hostile page on `evil.test`
 *   that resolves to 127.0.0.1 still sends `Host: evil.test`).
 * - Origin, when a browser sends one, must be the server's own origin (cross-site reads and writes).
 * - A state-changing request must prove it is not a cross-site form post: either a matching Origin or
 *   the Authorization header, which a form cannot send.
 */
export function guardHostAndOrigin(allowedHosts: () => readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const hosts = allowedHosts().map((h) => h.toLowerCase());
    const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
    if (!hosts.includes(host)) {
      throw new RetroError(
        'forbidden_host',
        `This server answers only to ${hosts.join(', ')}; open the SERVE_URL it printed.`,
        { status: 403 },
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
      throw new RetroError('forbidden_origin', 'Requests from other sites are refused.', { status: 403 });
    }
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (unsafe && origin === undefined && !c.req.header('authorization')) {
      throw new RetroError(
        'forbidden_origin',
        'A state-changing request needs an Origin header from this server or an Authorization: Bearer header.',
        { status: 403 },
      );
    }
    await next();
  };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React style attributes (virtualized rows are positioned with inline styles).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer, errors included. */
export function setSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}
