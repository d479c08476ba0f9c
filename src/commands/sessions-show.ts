import { RetroError } from '../errors.js';
import { resolveSessionRef } from '../sessions/session-ref.js';
import { readContinuation } from '../workflows/continuation.js';
import type { Command } from './command.js';
import { openSessionStoreFromFlags } from './session-store.js';
import { formatTranscript } from './sessions-show-format.js';
import { terminalText } from './terminal-text.js';

export const sessionsShowCommand: Command = {
  async run({ values, positionals }, io) {
    const { codexHome, progress, store } = openSessionStoreFromFlags(values, io);
    try {
      const id = await resolveSessionRef(store, positionals[0]!, codexHome);
      const detail = await store.get(id);
      progress.finish();
      if (!detail) throw notFound(positionals[0]!, codexHome);
      const continuation = await readContinuation(codexHome, detail.metadata);
      if (values.json) {
        const { id: sessionId, metadata, messages, turns } = detail;
        const shown = { id: sessionId, metadata, continuation, messages, turns };
        io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      } else {
        io.stdout.write(terminalText(formatTranscript(detail, continuation)));
      }
      return 0;
    } finally {
      progress.finish();
      store.close();
    }
  },
};

function notFound(id: string, codexHome: string): RetroError {
  return new RetroError(
    'session_not_found',
    `No session "${id.slice(0, 80)}" in ${codexHome}. Run \`codex-retro sessions list\` to see session ids.`,
    { status: 404 },
  );
}
