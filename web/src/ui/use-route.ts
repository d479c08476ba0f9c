import { useCallback, useEffect, useState } from 'react';

/** The session a path names: `/s/<id>` → id; anything else → null. */
export function readSessionId(pathname: string): string | null {
  const match = /^\/s\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function sessionPath(id: string): string {
  return `/s/${encodeURIComponent(id)}`;
}

/** The selected session lives in the URL, so every session has its own address and back/forward work. */
export function useSelectedSession(): [string | null, (id: string) => void] {
  const [selected, setSelected] = useState(() => readSessionId(window.location.pathname));

  useEffect(() => {
    // The token that signed this page in is now a cookie; keep it out of history and screenshots.
    const url = new URL(window.location.href);
    if (url.searchParams.has('token')) {
      url.searchParams.delete('token');
      window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    }
    const onPop = () => setSelected(readSessionId(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const select = useCallback((id: string) => {
    if (readSessionId(window.location.pathname) !== id) window.history.pushState(null, '', sessionPath(id));
    setSelected(id);
  }, []);

  return [selected, select];
}
