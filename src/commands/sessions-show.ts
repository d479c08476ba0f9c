import { RetroError } from '../errors.js';
import { ID_PATTERNS } from '../ids.js';
import type { SessionStore } from '../sessions/store.js';
import { type Command, sharedOptions } from './command.js';
import { openSessionStoreFromFlags } from './session-store.js';
import { formatTranscript } from './sessions-show-format.js';
import { terminalText } from './terminal-text.js';

export const sessionsShowCommand: Command = {
  usage: 'ID [--json]',
  positionals: [{ name: 'ID', required: true }],
  options: {
    json: { type: 'boolean', description: 'Print { id, metadata, messages, turns } as JSON on stdout' },
    ...sharedOptions,
  },
  async run({ values, positionals }, io) {
    const { codexHome, progress, store } = openSessionStoreFromFlags(values, io);
    try {
      const id = await resolveSessionId(store, positionals[0]!.trim().toLowerCase(), codexHome);
      const detail = await store.get(id);
      progress.finish();
      if (!detail) throw notFound(positionals[0]!, codexHome);
      if (values.json) {
        const { id: sessionId, metadata, messages, turns } = detail;
        io.stdout.write(`${JSON.stringify({ id: sessionId, metadata, messages, turns }, null, 2)}\n`);
      } else {
        io.stdout.write(terminalText(formatTranscript(detail)));
      }
      return 0;
    } finally {
      progress.finish();
      store.close();
    }
  },
};

/** A full id as given; a shorter fragment (as `sessions list` shows) must match the end or start of one id. */
async function resolveSessionId(store: SessionStore, given: string, codexHome: string): Promise<string> {
  if (ID_PATTERNS.session.test(given)) return given;
  if (!/^[0-9a-f-]{6,36}$/.test(given)) throw notFound(given, codexHome);
  const { sessions } = await store.list({ includeOwn: true });
  const ids = sessions.map((s) => s.id).filter((id) => id.endsWith(given) || id.startsWith(given));
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw notFound(given, codexHome);
  throw new RetroError(
    'ambiguous_session_id',
    `"${given}" matches ${ids.length} sessions (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}); give more of the id.`,
    { status: 400 },
  );
}

function notFound(id: string, codexHome: string): RetroError {
  return new RetroError(
    'session_not_found',
    `No session "${id.slice(0, 80)}" in ${codexHome}. Run \`codex-retro sessions list\` to see session ids.`,
    { status: 404 },
  );
}
