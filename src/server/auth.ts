import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { RetroError } from '../errors.js';

/**
 * Cookies are shared by every port of a host, so each server names its own: two servers side by side
 * (two repositories) would otherwise log each other's tabs out.
 */
function cookieName(c: Context): string {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const port = /:(\d{1,5})$/.exec(host)?.[1];
  return port ? `codex_retro_token_${port}` : 'codex_retro_token';
}

/** Equal-time comparison of two secrets of any length (hashing first makes the lengths equal). */
function matchesToken(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function readBearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Every request needs the token: `Authorization: Bearer TOKEN`, or the httpOnly cookie the page gets when
 * it is first opened with `?token=TOKEN` — that request is answered with the cookie and a redirect to the
 * same address without the token, so the token leaves the address bar and the history.
 */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null && c.req.method === 'GET') {
      if (!matchesToken(fromQuery, token)) {
        throw new RetroError(
          'unauthorized',
          'The token in this address is wrong; open the SERVE_URL printed by codex-retro serve.',
          {
            status: 401,
          },
        );
      }
      setCookie(c, cookieName(c), token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 302);
    }
    const bearer = readBearer(c.req.header('authorization'));
    const ok =
      bearer !== undefined ? matchesToken(bearer, token) : matchesToken(getCookie(c, cookieName(c)), token);
    if (!ok) {
      throw new RetroError(
        'unauthorized',
        'Missing or wrong token: open the SERVE_URL printed by codex-retro serve, or send Authorization: Bearer TOKEN.',
        { status: 401 },
      );
    }
    await next();
  };
}
