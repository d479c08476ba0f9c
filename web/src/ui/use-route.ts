import { useCallback, useEffect, useState } from 'react';

/**
 * What the address names: a session (`/s/<id>`), one of its transcript entries (`/s/<id>?entry=<line>`, the
 * rollout line insights cite), or the review of one of its proposals (`/s/<id>/p/<proposal_id>`).
 */
export interface Route {
  session: string | null;
  proposal: string | null;
  entry: number | null;
}

const EMPTY: Route = { session: null, proposal: null, entry: null };

function decode(part: string | undefined): string | null {
  if (!part) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function readRoute(pathname: string, search = ''): Route {
  const match = /^\/s\/([^/]+)(?:\/p\/([^/]+))?\/?$/.exec(pathname);
  const session = decode(match?.[1]);
  if (!match || session === null) return EMPTY;
  const proposal = match[2] === undefined ? null : decode(match[2]);
  if (match[2] !== undefined && proposal === null) return EMPTY;
  const entryText = new URLSearchParams(search).get('entry');
  const number = entryText !== null && /^[1-9]\d{0,15}$/.test(entryText) ? Number(entryText) : null;
  const entry = number !== null && Number.isSafeInteger(number) ? number : null;
  return { session, proposal, entry: proposal === null ? entry : null };
}

/** The session a path names: `/s/<id>` → id; anything else → null. */
export function readSessionId(pathname: string): string | null {
  const route = readRoute(pathname);
  return route.proposal === null ? route.session : null;
}

export function sessionPath(id: string): string {
  return `/s/${encodeURIComponent(id)}`;
}

export function routePath(route: Route): string {
  if (route.session === null) return '/';
  const base = sessionPath(route.session);
  if (route.proposal !== null) return `${base}/p/${encodeURIComponent(route.proposal)}`;
  return route.entry === null ? base : `${base}?entry=${route.entry}`;
}

function currentRoute(): Route {
  return readRoute(window.location.pathname, window.location.search);
}

/** The route lives in the URL, so every session, entry and review has its own address and back/forward work. */
export function useRoute(): [Route, (next: Route) => void] {
  const [route, setRoute] = useState(currentRoute);

  useEffect(() => {
    // The token that signed this page in is now a cookie; keep it out of history and screenshots.
    const url = new URL(window.location.href);
    if (url.searchParams.has('token')) {
      url.searchParams.delete('token');
      window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    }
    const onPop = () => setRoute(currentRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback((next: Route) => {
    const path = routePath(next);
    if (`${window.location.pathname}${window.location.search}` !== path) {
      window.history.pushState(null, '', path);
    }
    setRoute(next);
  }, []);

  return [route, go];
}
