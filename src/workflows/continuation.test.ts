import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priced } from '../../test/helpers/cost.js';
import { makeSessionDetail } from '../../test/helpers/server.js';
import { RetroError } from '../errors.js';
import { readSession } from '../sessions/scan/scan.js';
import type { SessionMetadata } from '../sessions/types.js';
import { chooseRunMode, decideContinuation, planRunMode } from './continuation.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures');
const ERAS = join(FIXTURES, 'rollouts/eras');

async function metadataOf(path: string, archived = false): Promise<SessionMetadata> {
  return priced(await readSession(path, { archived })).metadata;
}

async function eraFile(prefix: string): Promise<string> {
  const name = (await readdir(ERAS)).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no era fixture ${prefix}`);
  return join(ERAS, name);
}

function withMeta(patch: Partial<SessionMetadata>): SessionMetadata {
  return { ...makeSessionDetail().metadata, ...patch };
}

const BOTH = { fork: true, resume: true, reason: null, default_mode: 'fork' };

describe('whether Codex can continue a session, era by era', () => {
  it.each([
    ['rollout-2025-05-10-0c8e', /TypeScript Codex CLI/],
    ['b0-', /before 0\.34/],
    ['b1-', /before 0\.34/],
    ['b2-', /before 0\.34/],
  ])('%s: neither fork nor resume, so runs read a digest', async (prefix, reason) => {
    const continuation = decideContinuation(await metadataOf(await eraFile(prefix)), 'openai');
    expect(continuation).toMatchObject({ fork: false, resume: false, default_mode: 'digest' });
    expect(continuation.reason).toMatch(reason);
  });

  it.each(['c1-', 'c3-', 'c4-', 'c5-', 'fork-', 'forkc2-'])(
    '%s: fork and resume where Codex runs with the provider the session was recorded with',
    async (prefix) => {
      expect(decideContinuation(await metadataOf(await eraFile(prefix)), 'openai')).toEqual(BOTH);
    },
  );

  it('the real 0.40 and 0.169 rollouts: fork and resume', async () => {
    for (const version of ['0.40.0', '0.169.0']) {
      const dir = join(FIXTURES, 'codex-sessions', version, 'sessions/2026/11/22');
      const [first] = await readdir(dir);
      expect(decideContinuation(await metadataOf(join(dir, first!)), 'mock')).toEqual(BOTH);
    }
  });

  it('resume only with the provider a session was recorded with; sessions that name none resume anywhere', async () => {
    for (const prefix of ['c3-', 'c4-', 'c5-', 'fork-']) {
      const continuation = decideContinuation(await metadataOf(await eraFile(prefix)), 'mock');
      expect(continuation).toMatchObject({ fork: true, resume: false, default_mode: 'fork' });
      expect(continuation.reason).toContain('"openai"');
      expect(continuation.reason).toContain('"mock"');
    }
    for (const prefix of ['c1-', 'forkc2-']) {
      expect(decideContinuation(await metadataOf(await eraFile(prefix)), 'mock')).toEqual(BOTH);
    }
    // A config.toml that cannot be read says nothing against resume: Codex decides, and says why.
    expect(decideContinuation(await metadataOf(await eraFile('c3-')), null)).toEqual(BOTH);
  });

  it('an archived session: neither, until Codex unarchives it', async () => {
    const continuation = decideContinuation(await metadataOf(await eraFile('c5-'), true), 'openai');
    expect(continuation).toMatchObject({ fork: false, resume: false, default_mode: 'digest' });
    expect(continuation.reason).toContain('codex unarchive 019c2222-3333-7444-8555-666677778888');
  });

  it('session metadata without cli_version, or a damaged first line: neither', async () => {
    const dir = join(FIXTURES, 'rollouts/continuation');
    const files = await readdir(dir);
    const noVersion = files.find((f) => f.endsWith('0000000000c1.jsonl'))!;
    const torn = files.find((f) => f.endsWith('0000000000c2.jsonl'))!;
    expect(decideContinuation(await metadataOf(join(dir, noVersion)), 'openai').reason).toMatch(
      /lacks cli_version/,
    );
    expect(decideContinuation(await metadataOf(join(dir, torn)), 'openai').reason).toMatch(
      /first line of its rollout is damaged/,
    );
  });

  it('damage after the first line, other originators and sub-agents: both', () => {
    const later = {
      counts: { malformed_line: 1, torn_last_line: 1 },
      examples: [{ kind: 'malformed_line' as const, line: 7, message: 'x' }],
    };
    const unknownLater = {
      counts: { unknown_line: 2 },
      examples: [{ kind: 'unknown_line' as const, line: 2, message: 'x' }],
    };
    expect(decideContinuation(withMeta({ parse_issues: later }), 'openai')).toEqual(BOTH);
    expect(decideContinuation(withMeta({ parse_issues: unknownLater }), 'openai')).toEqual(BOTH);
    expect(decideContinuation(withMeta({ originator: 'codex_vscode', source: 'vscode' }), 'openai')).toEqual(
      BOTH,
    );
    expect(decideContinuation(withMeta({ source: 'subagent' }), 'openai')).toEqual(BOTH);
  });

  it('a rollout that vanished, could not be read or holds bytes that are not UTF-8: neither', () => {
    for (const kind of ['vanished', 'read_error', 'invalid_utf8'] as const) {
      const issues = { counts: { [kind]: 1 }, examples: [{ kind, message: 'gone' }] };
      expect(decideContinuation(withMeta({ parse_issues: issues }), 'openai')).toMatchObject({
        fork: false,
        resume: false,
      });
    }
  });

  it('metadata without originator or cwd: neither, naming what is missing', () => {
    expect(decideContinuation(withMeta({ originator: null, cwd: null }), 'openai').reason).toMatch(
      /lacks originator and cwd/,
    );
  });
});

describe('the mode a run uses', () => {
  const old = decideContinuation(withMeta({ era: 'B2', cli_version: null }), 'openai');
  const otherProvider = decideContinuation(withMeta({ model_provider: 'azure' }), 'openai');
  const fine = decideContinuation(withMeta({}), 'openai');

  it('is fork where Codex can continue the session, digest where it cannot, and what was asked otherwise', () => {
    expect(chooseRunMode(undefined, fine, 'id')).toBe('fork');
    expect(chooseRunMode(null, old, 'id')).toBe('digest');
    expect(chooseRunMode('resume', fine, 'id')).toBe('resume');
    expect(chooseRunMode('digest', fine, 'id')).toBe('digest');
    expect(chooseRunMode(undefined, otherProvider, 'id')).toBe('fork');
  });

  it('refuses fork or resume Codex cannot do, up front, saying why and what works', () => {
    const refusal = (() => {
      try {
        chooseRunMode('fork', old, '6e8a0c2e-4f6a-4b8c-9d0e-2f4a6c8e0a2c');
      } catch (error) {
        return error;
      }
    })() as RetroError;
    expect(refusal).toBeInstanceOf(RetroError);
    expect(refusal.code).toBe('session_not_continuable');
    expect(refusal.status).toBe(409);
    expect(refusal.message).toMatch(
      /^Codex cannot fork session 6e8a0c2e-4f6a-4b8c-9d0e-2f4a6c8e0a2c: it was written by Codex before 0\.34/,
    );
    expect(refusal.message).toContain('digest');
    expect(() => chooseRunMode('resume', otherProvider, 'id')).toThrow(
      /Codex cannot resume session id: .*Use fork/,
    );
  });

  it('records why a run reads a digest', async () => {
    const oldMeta = withMeta({ era: 'B0', cli_version: null });
    expect(await planRunMode('/nonexistent', oldMeta, undefined)).toEqual({
      mode: 'digest',
      mode_reason: expect.stringMatching(
        /^Codex cannot continue this session: it was written by Codex before 0\.34/,
      ),
    });
    expect(await planRunMode('/nonexistent', withMeta({}), 'digest')).toEqual({
      mode: 'digest',
      mode_reason: 'A digest run was asked for.',
    });
    expect(await planRunMode('/nonexistent', withMeta({}), undefined)).toEqual({
      mode: 'fork',
      mode_reason: null,
    });
  });
});
