import { noSubagents } from '../../src/sessions/subagents.js';
import type { SessionMetadata } from '../../src/sessions/types.js';

/**
 * What a plain session's metadata says beyond its messages and tokens: no failed, aborted or waiting turn, no
 * subagent on either side, no turn of codex-retro's, no compaction. Test sessions spread it and override.
 */
export function plainSessionFacts(): Pick<
  SessionMetadata,
  | 'failed_turns'
  | 'aborted_turns'
  | 'approval_turns'
  | 'parent_thread_id'
  | 'subagent'
  | 'subagents'
  | 'codex_retro_turns'
  | 'compactions'
> {
  return {
    failed_turns: 0,
    aborted_turns: 0,
    approval_turns: 0,
    parent_thread_id: null,
    subagent: null,
    subagents: noSubagents(),
    codex_retro_turns: 0,
    compactions: 0,
  };
}
