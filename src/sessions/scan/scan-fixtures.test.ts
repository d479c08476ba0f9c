import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSession, scanRollout } from './scan.js';

/**
 * Every real rollout of the corpus (written by real Codex releases) against the facts its
 * manifest lists: typed user messages, tool calls by name, failed commands, fork parent, model.
 */

const ROOT = join(import.meta.dirname, '../../../test/fixtures/codex-sessions');
const VERSIONS = ['0.40.0', '0.169.0', '0.171.0'];

interface ManifestEntry {
  file: string;
  session_id: string;
  cli_version: string;
  model: string;
  user_turns: number;
  user_messages: string[];
  assistant_messages: number;
  tool_calls: Record<string, number>;
  failed_commands: { call_id: string; tool: string; exit_code: number }[];
  exit_codes: number[];
  forked_from: string | null;
  last_total_tokens: number | null;
  cwd: string;
  git: { commit_hash?: string; branch?: string; repository_url?: string } | null;
}

function loadManifest(version: string): ManifestEntry[] {
  return JSON.parse(readFileSync(join(ROOT, version, 'manifest.json'), 'utf8')) as ManifestEntry[];
}

/**
 * Each model request of a file counted once, read independently of the parser: the `last_token_usage` of
 * every `token_count` that is not a repetition of the one before it.
 */
function requestTokens(path: string): number {
  let previous = '';
  let sum = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.includes('"token_count"')) continue;
    const info = JSON.parse(line).payload.info;
    if (!info?.total_token_usage) continue;
    const key = JSON.stringify([info.total_token_usage, info.last_token_usage]);
    if (key !== previous) sum += info.last_token_usage?.total_tokens ?? 0;
    previous = key;
  }
  return sum;
}

const entries = VERSIONS.flatMap((version) => loadManifest(version).map((entry) => ({ version, entry })));
const byId = new Map(entries.map(({ entry }) => [entry.session_id, entry]));

describe('real rollouts match their manifests', () => {
  it('covers every file of every manifest', () => {
    expect(entries.length).toBe(58);
  });

  for (const { version, entry } of entries) {
    const path = join(ROOT, version, entry.file);
    it(`${version} ${entry.file.split('/').pop()}`, async () => {
      const [scan, detail] = await Promise.all([scanRollout(path), readSession(path)]);
      for (const meta of [scan.metadata, detail.metadata]) {
        expect(meta.id).toBe(entry.session_id);
        expect(meta.cli_version).toBe(entry.cli_version);
        expect(meta.model).toBe(entry.model);
        expect(meta.forked_from_id).toBe(entry.forked_from);
        expect(meta.user_messages).toBe(entry.user_turns);
        expect(meta.assistant_messages).toBe(entry.assistant_messages);
        expect(meta.cwd).toBe(entry.cwd);
        expect(meta.git).toEqual(entry.git);
        expect(meta.parse_issues.counts).toEqual({});
        expect(meta.title).toBe(entry.user_messages[0]);
      }
      expect(scan.issues).toEqual([]);

      const own = detail.messages.filter((m) => !m.inherited);
      const typed = own.filter((m) => m.kind === 'message' && m.role === 'user').map((m) => m.content);
      expect(typed).toEqual(entry.user_messages);

      const calls: Record<string, number> = {};
      for (const m of own)
        if (m.kind === 'tool_call' && m.tool?.name) calls[m.tool.name] = (calls[m.tool.name] ?? 0) + 1;
      expect(calls).toEqual(entry.tool_calls);
      expect(scan.metadata.tool_calls).toBe(Object.values(entry.tool_calls).reduce((a, b) => a + b, 0));

      const outputs = own.filter((m) => m.kind === 'tool_output');
      expect(outputs.map((m) => m.tool?.exit_code)).toEqual(entry.exit_codes);
      const failed = outputs
        .filter((m) => m.tool?.exit_code !== 0)
        .map((m) => ({ call_id: m.tool?.call_id, tool: m.tool?.name, exit_code: m.tool?.exit_code }));
      expect(failed).toEqual(entry.failed_commands);
      expect(scan.metadata.tool_errors).toBe(entry.failed_commands.length);
      for (const m of outputs) expect(m.tool?.duration_ms).toBeTypeOf('number');

      // Tokens: each request once, across resumes (a resumed 0.40 process restarts its counter, sometimes
      // above where the last one stopped); a fork counts only its own share of the running total.
      const expected = requestTokens(path);
      if (entry.forked_from) {
        const parent = byId.get(entry.forked_from);
        expect(expected).toBe((entry.last_total_tokens ?? 0) - (parent?.last_total_tokens ?? 0));
      }
      expect(scan.metadata.tokens.total).toBe(expected);
      expect(detail.metadata.tokens).toEqual(scan.metadata.tokens);
    });
  }
});

describe('each exchange appears once', () => {
  const simple = {
    '0.40.0': 'sessions/2026/11/22/rollout-2026-11-22T02-41-20-01a20121-2aa2-7f71-b11c-213267731786.jsonl',
    '0.169.0': 'sessions/2026/11/22/rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl',
  };
  for (const [version, file] of Object.entries(simple)) {
    it(`${version}: messages and reasoning written twice are shown once`, async () => {
      const detail = await readSession(join(ROOT, version, file));
      const users = detail.messages.filter((m) => m.kind === 'message' && m.role === 'user');
      expect(users.map((m) => m.content)).toEqual([
        '[[scn:long]] Do a long multi-step task.',
        '[[scn:multi]] Long session turn 2.',
        '[[scn:long_next]] Long session turn 3.',
        '[[scn:multi]] Long session turn 4.',
      ]);
      const assistants = detail.messages.filter((m) => m.kind === 'message' && m.role === 'assistant');
      expect(assistants.map((m) => m.content)).toEqual([
        'Long scenario complete after several tool calls.',
        'Turn answer (multi-turn scenario).',
        'Follow-up turn in the long session done.',
        'Turn answer (multi-turn scenario).',
      ]);
      const reasoning = detail.messages.filter((m) => m.kind === 'reasoning');
      expect(reasoning.map((m) => m.content)).toEqual(['Step 1: inspect.', 'Step 6: wrap up.']);
    });
  }

  it('keeps injected context out of user messages', async () => {
    const detail = await readSession(join(ROOT, '0.169.0', simple['0.169.0']));
    const context = detail.messages.filter((m) => m.kind === 'context');
    expect(context.some((m) => m.role === 'developer')).toBe(true);
    expect(context.some((m) => m.content.startsWith('<environment_context>'))).toBe(true);
    expect(detail.metadata.user_messages).toBe(4);
  });
});

describe('turns, failures and patches in real rollouts', () => {
  it('times each 0.169 turn from task_started to task_complete', async () => {
    const entry = loadManifest('0.169.0').find((e) => e.user_turns === 4) as ManifestEntry;
    const detail = await readSession(join(ROOT, '0.169.0', entry.file));
    expect(detail.turns).toHaveLength(4);
    expect(detail.metadata.turns).toBe(4);
    for (const turn of detail.turns) {
      expect(turn.status).toBe('completed');
      expect(turn.duration_ms).toBeGreaterThan(0);
      expect(turn.time_to_first_token_ms).toBeTypeOf('number');
      expect(turn.turn_id).toMatch(/^01a2/);
      expect(turn.model).toBe('mock-model');
    }
  });

  it('marks an HTTP 500 turn as failed with its error', async () => {
    const entry = loadManifest('0.169.0').find((e) =>
      e.user_messages[0]?.includes('HTTP 500'),
    ) as ManifestEntry;
    const detail = await readSession(join(ROOT, '0.169.0', entry.file));
    expect(detail.metadata.failed_turns).toBe(1);
    expect(detail.turns.map((t) => t.status)).toEqual(['failed']);
    const errors = detail.messages.filter((m) => m.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error_kind: 'turn_failed' });
    expect(errors[0]?.content).toContain('high demand');
  });

  it('turns apply_patch calls of every form into patch entries', async () => {
    const forms = [
      ['0.169.0', 'apply_patch'],
      ['0.169.0', 'exec_command'],
      ['0.40.0', 'shell'],
    ] as const;
    for (const [version, tool] of forms) {
      const entry = loadManifest(version).find(
        (e) => e.user_messages[0]?.includes('apply_patch') && e.tool_calls[tool] === 2,
      ) as ManifestEntry;
      const detail = await readSession(join(ROOT, version, entry.file));
      const patches = detail.messages.filter((m) => m.kind === 'patch');
      // Every form gives the lines as written: the 0.40 argv's patch decoded from its JSON, no `\\n` left.
      const line = (kind: string, text: string, number: number | null = null) => ({
        kind,
        text,
        old_line: null,
        new_line: number,
      });
      expect(patches.map((p) => p.patch)).toEqual([
        {
          files: [
            {
              path: 'notes.txt',
              kind: 'add',
              added: 2,
              removed: 0,
              hunks: [
                {
                  header: '@@ -0,0 +1,2 @@',
                  lines: [line('add', 'hello from the mock model', 1), line('add', 'second line', 2)],
                },
              ],
            },
          ],
          success: true,
        },
        {
          files: [
            {
              path: 'README.md',
              kind: 'update',
              added: 1,
              removed: 1,
              hunks: [
                {
                  header: '@@',
                  lines: [line('remove', '# demo repo'), line('add', '# demo repo (patched by mock)')],
                },
              ],
            },
          ],
          success: true,
        },
      ]);
      expect(patches.every((p) => p.tool?.name === tool)).toBe(true);
    }
  });

  it('reads the 0.169 fork: its own turn only, tokens net of the parent', async () => {
    const fork = loadManifest('0.169.0').find((e) => e.forked_from) as ManifestEntry;
    const detail = await readSession(join(ROOT, '0.169.0', fork.file));
    expect(detail.metadata.turns).toBe(1);
    expect(detail.metadata.tokens).toEqual({
      input: 10315,
      cached_input: 5157,
      output: 30,
      reasoning: 5,
      total: 10345,
    });
  });
});
