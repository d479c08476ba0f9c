import { RetroError } from '../errors.js';
import { resolveSessionRef } from '../sessions/session-ref.js';
import type { Transcript } from '../sessions/transcript/transcript.js';
import { type Continuation, readContinuation } from '../workflows/continuation.js';
import type { Command } from './command.js';
import { writeJsonDocument } from './json-document.js';
import { openSessionStoreFromFlags } from './session-store.js';
import { createEntryFormatter, formatTranscriptHeader } from './sessions-show-format.js';
import { createStreamOutput, type StreamOutput } from './stream-output.js';
import { terminalText } from './terminal-text.js';

/**
 * The transcript is printed as it is read, at the pace of whoever reads it: the first pass over the rollout
 * gives the header (metadata and counts come first), the second the entries, a slice at a time.
 */
export const sessionsShowCommand: Command = {
  async run({ values, positionals }, io) {
    const { codexHome, progress, store } = openSessionStoreFromFlags(values, io);
    try {
      const id = await resolveSessionRef(store, positionals[0]!, codexHome);
      const transcript = await store.openTranscript(id);
      progress.finish();
      if (!transcript) throw notFound(positionals[0]!, codexHome);
      const continuation = await readContinuation(codexHome, transcript.metadata);
      const out = createStreamOutput(io.stdout);
      if (values.json) await writeJson(out, transcript, continuation);
      else await writeText(out, transcript, continuation);
      out.finish();
      return 0;
    } finally {
      progress.finish();
      store.close();
    }
  },
};

function writeJson(out: StreamOutput, transcript: Transcript, continuation: Continuation): Promise<void> {
  return writeJsonDocument(out, [
    { key: 'id', value: transcript.id },
    { key: 'metadata', value: transcript.metadata },
    { key: 'continuation', value: continuation },
    { key: 'messages', items: transcript.entries() },
    { key: 'turns', value: transcript.turns },
  ]);
}

async function writeText(
  out: StreamOutput,
  transcript: Transcript,
  continuation: Continuation,
): Promise<void> {
  await out.write(terminalText(formatTranscriptHeader(transcript, continuation)));
  const format = createEntryFormatter();
  for await (const batch of transcript.entries()) {
    if (out.closed) return;
    // Each entry ends with a newline, and no escape sequence spans one: entries are made safe one by one.
    await out.write(batch.map((entry) => terminalText(format(entry))).join(''));
  }
}

function notFound(id: string, codexHome: string): RetroError {
  return new RetroError(
    'session_not_found',
    `No session "${id.slice(0, 80)}" in ${codexHome}. Run \`codex-retro sessions list\` to see session ids.`,
    { status: 404 },
  );
}
