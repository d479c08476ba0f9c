import { RetroError } from '../errors.js';
import { assertId } from '../ids.js';
import type { SessionDetail } from '../sessions/types.js';
import type { WorkflowDeps } from './deps.js';

/** The session a run is grounded in, or a 404 that says where to find one. */
export async function loadSession(deps: WorkflowDeps, sessionId: string): Promise<SessionDetail> {
  assertId('session', sessionId);
  const detail = await deps.sessions.get(sessionId);
  if (!detail) {
    throw new RetroError(
      'session_not_found',
      `No Codex session ${sessionId} under ${deps.codexHome}; pick one from the session list (codex-retro sessions list).`,
      { status: 404 },
    );
  }
  return detail;
}
