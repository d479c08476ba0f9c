import { RetroError, UsageError } from '../errors.js';
import { ID_PATTERNS } from '../ids.js';

interface ListsSessions {
  list(options: {
    includeOwn?: boolean;
    includeSubagents?: boolean;
  }): Promise<{ sessions: { id: string }[] }> | { sessions: { id: string }[] };
}

/** Characters of a session id that tables show: the last group, the random part in both v4 and v7 ids. */
const SHORT_ID_LENGTH = 12;

export function shortSessionId(id: string): string {
  return id.slice(-SHORT_ID_LENGTH);
}

/**
 * The full session id that `ref` names: a full id as it is, or a part of one (at least 6 characters; the short
 * id lists show is its end) that exactly one session of the home ends or starts with. The CLI and the API
 * accept ids through this, so an id copied from any list works everywhere.
 */
export async function resolveSessionRef(source: ListsSessions, ref: string, where: string): Promise<string> {
  const given = ref.trim().toLowerCase();
  if (ID_PATTERNS.session.test(given)) return given;
  if (!/^[0-9a-f-]{6,35}$/.test(given)) {
    throw new UsageError(
      'invalid_id',
      `"${ref.slice(0, 80)}" is not a session id: give the full id or the short id that session lists show.`,
    );
  }
  const { sessions } = await source.list({ includeOwn: true, includeSubagents: true });
  const ids = sessions.map((s) => s.id).filter((id) => id.endsWith(given) || id.startsWith(given));
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) {
    throw new RetroError(
      'session_not_found',
      `No session "${given}" in ${where}. Run \`codex-retro sessions list\` to see session ids.`,
      { status: 404 },
    );
  }
  throw new UsageError(
    'ambiguous_session_id',
    `"${given}" matches ${ids.length} sessions (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}); give more of the id.`,
  );
}
