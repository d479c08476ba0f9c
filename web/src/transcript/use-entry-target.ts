import { useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import { locateEntry } from './locate-entry.js';
import type { Transcript } from './use-transcript.js';

export type EntryTarget =
  | { state: 'none' }
  | { state: 'looking'; line: number }
  | { state: 'found'; line: number; index: number }
  | { state: 'missing'; line: number };

/**
 * Where in the transcript the entry an address names (`?entry=<line>`, an insight's citation) sits: looked up
 * once the transcript's length is known, from the entries already loaded where it can and one-entry requests
 * otherwise.
 */
export function useEntryTarget(
  api: RetroApi,
  sessionId: string | null,
  transcript: Pick<Transcript, 'total' | 'entryAt'>,
  line: number | null,
): EntryTarget {
  const [target, setTarget] = useState<EntryTarget>({ state: 'none' });
  const { total, entryAt } = transcript;
  const known = total !== null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: looked up once per line, when the length is known.
  useEffect(() => {
    if (line === null || sessionId === null) {
      setTarget({ state: 'none' });
      return;
    }
    if (!known || total === null) {
      setTarget({ state: 'looking', line });
      return;
    }
    const controller = new AbortController();
    const lineAt = async (index: number): Promise<number | null> => {
      const loaded = entryAt(index);
      if (loaded) return loaded.line;
      const page = await api.getTranscript(sessionId, index, 1, controller.signal);
      return page.messages[0]?.line ?? null;
    };
    setTarget({ state: 'looking', line });
    locateEntry(total, lineAt, line).then(
      (index) => {
        if (controller.signal.aborted) return;
        setTarget(index === null ? { state: 'missing', line } : { state: 'found', line, index });
      },
      () => {
        if (!controller.signal.aborted) setTarget({ state: 'missing', line });
      },
    );
    return () => controller.abort();
  }, [api, sessionId, line, known]);

  return target;
}
