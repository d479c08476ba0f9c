import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOwnThreads } from '../sessions/own-threads.js';
import { writeRedactedCopy } from './redacted-copy.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/redaction/', import.meta.url));
const manifest = JSON.parse(await readFile(join(FIXTURE, 'surface-secrets.json'), 'utf8')) as {
  sessions: Record<string, string>;
  secrets: Record<string, string>;
};
const DAY = join('sessions', '2026', '11', '23');

describe('the redacted copy a fork starts from', () => {
  let home: string;
  let state: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'redacted-copy-'));
    state = join(home, 'state');
    await cp(join(FIXTURE, 'codex-home', 'sessions'), join(home, 'sessions'), { recursive: true });
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  const rolloutOf = async (id: string) => {
    const name = (await readdir(join(home, DAY))).find((n) => n.includes(id));
    return join(home, DAY, name as string);
  };

  it.each(Object.entries(manifest.sessions))(
    'holds no credential of the %s session, and nothing else changes',
    async (_, id) => {
      const path = await rolloutOf(id);
      const before = await readFile(path);
      const copy = await writeRedactedCopy(home, state, { id, path });
      const text = await readFile(copy.path, 'utf8');
      for (const [name, secret] of Object.entries(manifest.secrets)) {
        if (secret.length < 6) continue;
        expect(text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)), name).toBe(false);
      }
      expect(copy.maskedLines).toBeGreaterThan(0);
      expect(text).toContain('[REDACTED:');
      // Line for line the same session but for what was masked and the session's own id.
      const original = before
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      const copied = text.split('\n').filter((l) => l !== '');
      expect(copied.length).toBe(original.length - copy.droppedLines);
      expect(copy.path).toContain(`${copy.id}.jsonl`);
      expect(copy.path.startsWith(join(home, 'sessions'))).toBe(true);
      expect(JSON.parse(text.slice(0, text.indexOf('\n'))).payload.id).toBe(copy.id);
      expect(await readFile(path)).toEqual(before);
      // Lists hide it as codex-retro's own while it exists.
      expect((await readOwnThreads(state)).threads.get(copy.id)).toMatchObject({ session_id: id });
      await copy.remove();
      await expect(readFile(copy.path)).rejects.toThrow();
    },
  );

  it('keeps identifiers and the model’s encrypted reasoning intact, and leaves out lines that are not JSON', async () => {
    const id = '019e1000-aaaa-7bbb-8ccc-00000000beef';
    const encrypted = `gAAAAB${randomBytes(600).toString('base64')}`;
    const lines = [
      JSON.stringify({ timestamp: 't', type: 'session_meta', payload: { id, session_id: id, cwd: '/w' } }),
      'not json at all, password=hunter2x9',
      JSON.stringify({
        type: 'response_item',
        payload: { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: encrypted },
      }),
      JSON.stringify({
        type: 'response_item',
        payload: {
          type: 'function_call',
          name: 'exec_command',
          call_id: 'call_Qm4Xb7Lp2Zr9Tn6Wc1Yh8Vd3',
          arguments: JSON.stringify({ cmd: 'export GITHUB_TOKEN=ghp_Wd3Fk8Lp2Qx7Zr5Tn9Yv1Bc4Hm6Js0Ga3Ue8R' }),
        },
      }),
      '',
      '{"type":"response_item","payload":{"type":"message","role":"user","__proto__":{"x":1}}}',
    ];
    const path = join(home, 'rollout.jsonl');
    // CRLF line ends and no newline after the last line.
    await writeFile(path, lines.join('\r\n'));
    const copy = await writeRedactedCopy(home, state, { id, path });
    const copied = (await readFile(copy.path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(copy.droppedLines).toBe(1);
    expect(copied).toHaveLength(4);
    expect(copied[0].payload).toMatchObject({ id: copy.id, session_id: copy.id, cwd: '/w' });
    expect(copied[1].payload.encrypted_content).toBe(encrypted);
    expect(copied[2].payload.call_id).toBe('call_Qm4Xb7Lp2Zr9Tn6Wc1Yh8Vd3');
    expect(copied[2].payload.arguments).not.toContain('ghp_');
    expect(copied[2].payload.arguments).toContain('[REDACTED:');
    expect(Object.keys(copied[3].payload)).toContain('__proto__');
  });

  it('copies a line of megabytes whole, masking what sits past its first chunk', async () => {
    const id = '019e1000-aaaa-7bbb-8ccc-00000000f00d';
    const log = `${'npm test output line\n'.repeat(150_000)}export OPENAI_API_KEY=${manifest.secrets.openai_key}\n`;
    const lines = [
      JSON.stringify({ type: 'session_meta', payload: { id } }),
      JSON.stringify({
        type: 'response_item',
        payload: { type: 'function_call_output', call_id: 'c1', output: log },
      }),
      JSON.stringify({ type: 'event_msg', payload: { type: 'token_count', info: null } }),
    ];
    const path = join(home, 'long.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const copy = await writeRedactedCopy(home, state, { id, path });
    const copied = (await readFile(copy.path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(copied).toHaveLength(3);
    const output = copied[1].payload.output as string;
    expect(output).not.toContain(manifest.secrets.openai_key);
    expect(output).toContain('OPENAI_API_KEY=[REDACTED:');
    expect(output.startsWith(log.slice(0, 1000))).toBe(true);
    expect(copied[2].payload.type).toBe('token_count');
    expect(copy.maskedLines).toBe(1);
  });

  it('fails with the cause and leaves no copy when the rollout cannot be read', async () => {
    const id = '019e1000-aaaa-7bbb-8ccc-00000000dead';
    await expect(writeRedactedCopy(home, state, { id, path: join(home, 'gone.jsonl') })).rejects.toThrow(
      /ENOENT/,
    );
    await expect(writeRedactedCopy(home, state, { id, path: join(home, 'sessions') })).rejects.toThrow(
      /EISDIR/,
    );
    const left = (await readdir(join(home, 'sessions'), { recursive: true })).filter((n) =>
      n.endsWith('.jsonl'),
    );
    expect(left).toHaveLength(2);
  });
});
