import { describe, expect, it } from 'vitest';
import type { EventSummary } from './events.js';
import { classifyFailure, type FailureContext } from './failures.js';

/** stderr of the pinned codex 0.169 as it refused real sessions (home path shortened). */
const WARNING =
  'WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries under temporary dir "/tmp" (codex_home: AbsolutePathBuf("/home/dev/.codex"))\n';
const BACKTRACE = '\nStack backtrace:\n   0: <unknown>\n   1: <unknown>\n';
const OLD_ROLLOUT =
  '/home/dev/.codex/sessions/2025/05/30/rollout-2025-05-30T10-00-00-8a1c2e3f-4b5d-4c6e-8f70-1a2b3c4d5e6f.jsonl';
const REFUSALS = {
  'a rollout from before 0.34 (fork)': `${WARNING}Error: thread/fork: thread/fork failed: failed to read thread: thread-store internal error: failed to read session metadata ${OLD_ROLLOUT}: rollout at ${OLD_ROLLOUT} is empty (code -32603)\n${BACKTRACE}`,
  'a rollout from before 0.34 (resume)': `${WARNING}Error: thread/resume: thread/resume failed: failed to read thread: thread-store internal error: failed to read session metadata ${OLD_ROLLOUT}: rollout at ${OLD_ROLLOUT} is empty (code -32603)\n${BACKTRACE}`,
  'an archived session': `${WARNING}Error: thread/fork: thread/fork failed: session 01a2011f-c751-7ec2-ad85-a4ab74c224db is archived. Run \`codex unarchive 01a2011f-c751-7ec2-ad85-a4ab74c224db\` to unarchive it first. (code -32600)\n${BACKTRACE}`,
  'another model provider on resume': `${WARNING}Error: thread/resume: thread/resume failed: failed to load configuration: Cannot change this thread's model provider from \`openai\` to \`mock\` on resume. (code -32600)\n${BACKTRACE}`,
};

const SUMMARY: EventSummary = {
  threadId: null,
  lastAgentMessage: null,
  usage: null,
  failure: null,
  lastError: null,
  unparsedLines: 0,
};

function failWith(stderrTail: string, context: Partial<FailureContext>) {
  return classifyFailure(
    { exitCode: 1, exitSignal: null, stderrTail, timedOut: false, cancelled: false },
    SUMMARY,
    { codexHome: '/home/dev/.codex', timeoutMs: 60_000, command: ['codex', 'exec'], ...context },
  );
}

describe('a Codex failure caused by the session', () => {
  for (const [name, stderr] of Object.entries(REFUSALS)) {
    it(`names the session as the cause, not the install: ${name}`, () => {
      const mode = stderr.includes('thread/resume') ? 'resume' : 'fork';
      const error = failWith(stderr, { mode, sessionId: '8a1c2e3f-4b5d-4c6e-8f70-1a2b3c4d5e6f' });
      expect(error?.code).toBe('codex_cannot_continue');
      expect(error?.message).toMatch(
        new RegExp(`^Codex could not ${mode} session 8a1c2e3f-4b5d-4c6e-8f70-1a2b3c4d5e6f: `),
      );
      expect(error?.message).toContain('digest');
      expect(error?.message).not.toContain('Check the Codex CLI works');
      expect(error?.message).not.toContain('thread/fork failed');
      expect(error?.message.split('\n')).toHaveLength(1);
    });
  }

  it('keeps what Codex said, so the person sees which of its rules the session broke', () => {
    const error = failWith(REFUSALS['an archived session'], { mode: 'fork', sessionId: 'x' });
    expect(error?.message).toContain('is archived. Run `codex unarchive');
  });

  it('still points at the install when a plain run fails the same way', () => {
    const error = failWith(`${WARNING}Error: something broke inside codex\n${BACKTRACE}`, { mode: 'new' });
    expect(error?.code).toBe('codex_failed');
    expect(error?.message).toContain('Check the Codex CLI works');
  });

  it('keeps "no rollout found" a missing session', () => {
    const error = failWith(
      `${WARNING}Error: thread/fork: thread/fork failed: no rollout found for thread id 0c8e4b1a-2f3d-4e5c-9a6b-7d8e9f0a1b2c (code -32600)\n`,
      { mode: 'fork', sessionId: '0c8e4b1a-2f3d-4e5c-9a6b-7d8e9f0a1b2c' },
    );
    expect(error?.code).toBe('codex_session_not_found');
  });
});
