import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, unlinkSync } from 'node:fs';
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { readSession, scanRollout } from './scan.js';

/** Hostile inputs, one fixture each: every problem is counted and the rest of the session still parses. */

const REPO = join(import.meta.dirname, '../../..');
const HOSTILE = join(REPO, 'test/fixtures/rollouts/hostile');
const REAL = join(
  REPO,
  'test/fixtures/codex-sessions/0.169.0/sessions/2026/11/22/rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl',
);

async function both(path: string) {
  return Promise.all([scanRollout(path), readSession(path)]);
}

function conversation(messages: { kind: string; role: string; content: string }[]): string[] {
  return messages.filter((m) => m.kind === 'message').map((m) => `${m.role}: ${m.content}`);
}

describe('hostile fixtures', () => {
  it('a torn last line is reported, not consumed, and the session before it parses', async () => {
    const [scan, detail] = await both(join(HOSTILE, 'torn-last-line.jsonl'));
    expect(scan.issues).toEqual([
      { kind: 'torn_last_line', line: 7, message: expect.stringContaining('incomplete') },
    ]);
    expect(detail.metadata.parse_issues.counts).toEqual({ torn_last_line: 1 });
    const size = (await readFile(join(HOSTILE, 'torn-last-line.jsonl'))).length;
    expect(scan.checkpoint.offset).toBeLessThan(size);
    expect(scan.checkpoint.line).toBe(6);
    expect(conversation(detail.messages)).toEqual(['user: Hello there', 'assistant: General Kenobi']);
  });

  it('a malformed line in the middle is counted with its line number', async () => {
    const [scan, detail] = await both(join(HOSTILE, 'malformed-line.jsonl'));
    expect(scan.metadata.parse_issues).toEqual({
      counts: { malformed_line: 1 },
      examples: [{ kind: 'malformed_line', line: 3, message: expect.any(String) }],
    });
    expect(conversation(detail.messages)).toEqual(['user: Hello there', 'assistant: General Kenobi']);
    expect(detail.metadata.model).toBe('gpt-5.1-codex');
  });

  it('unknown line types, item types and shapes are counted; unknown fields are ignored', async () => {
    const [scan, detail] = await both(join(HOSTILE, 'unknown-types.jsonl'));
    expect(scan.metadata.parse_issues.counts).toEqual({ unknown_line: 4 });
    expect(scan.issues.map((i) => i.line)).toEqual([5, 6, 8, 9]);
    expect(conversation(detail.messages)).toEqual(['user: Hello there', 'assistant: General Kenobi']);
  });

  it('type names every object inherits (constructor, __proto__, toString) are unknown types, not a crash', async () => {
    const [scan, detail] = await both(join(HOSTILE, 'inherited-names.jsonl'));
    // Unknown item and line types are counted; an unknown event type adds nothing and is passed over.
    expect(scan.metadata.parse_issues.counts).toEqual({ unknown_line: 3 });
    expect(scan.issues.map((i) => i.line)).toEqual([4, 5, 7]);
    expect(conversation(detail.messages)).toEqual(['user: Hello there', 'assistant: General Kenobi']);
  });

  it('invalid UTF-8 is counted and decoded with replacement characters', async () => {
    const [scan, detail] = await both(join(HOSTILE, 'invalid-utf8.jsonl'));
    expect(scan.issues).toEqual([{ kind: 'invalid_utf8', line: 2, message: expect.any(String) }]);
    expect(conversation(detail.messages)).toEqual([
      'user: caf\uFFFD \uFFFD\uFFFD menu',
      'assistant: General Kenobi',
    ]);
  });

  it('a patch that writes secrets shows its lines with the secrets masked, a key block whole', async () => {
    const [, detail] = await both(join(HOSTILE, 'secret-in-patch.jsonl'));
    const patch = detail.messages.find((m) => m.kind === 'patch');
    const lines = patch?.patch?.files
      .flatMap((f) => f.hunks ?? [])
      .flatMap((h) => h.lines.map((l) => l.text));
    expect(lines).toContain('DEBUG=1');
    expect(lines?.some((text) => text.includes('[REDACTED'))).toBe(true);
    const shown = JSON.stringify(detail.messages);
    expect(shown).not.toContain('xA_raNFbMkoo5kmozpi');
    expect(shown).not.toContain('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun');
    expect(shown).not.toContain('VTLw7onLRnrq0');
  });

  it('objects written back to back on one line are all read', async () => {
    const [scan, detail] = await both(join(HOSTILE, 'concatenated-objects.jsonl'));
    expect(scan.metadata.parse_issues.counts).toEqual({});
    expect(conversation(detail.messages)).toEqual(['user: Hello there', 'assistant: General Kenobi']);
    expect(detail.metadata.model).toBe('gpt-5.1-codex');
  });
});

describe('files that fight back', () => {
  const dir = tempDirEach('rollout-hostile-');

  it('a 50 MB line (inline image) costs bounded memory and keeps only the image kind and size', async () => {
    const path = join(dir(), 'rollout-2026-01-05T10-00-00-019a9999-0000-7000-8000-000000000002.jsonl');
    const out = createWriteStream(path);
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    const meta = {
      id: '019a9999-0000-7000-8000-000000000002',
      timestamp: '2026-01-05T10:00:00.000Z',
      cli_version: '0.130.0',
    };
    await write(
      `${JSON.stringify({ timestamp: '2026-01-05T10:00:00.000Z', type: 'session_meta', payload: meta })}\n`,
    );
    await write(
      '{"timestamp":"2026-01-05T10:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"Look at this screenshot"},{"type":"input_image","image_url":"data:image/png;base64,',
    );
    const block = 'iVBORw0KGgoAAAANSUhEUgAA'.repeat(43_691); // ~1 MiB of base64
    const imageChars = block.length * 50;
    for (let i = 0; i < 50; i++) await write(block);
    await write('"},{"type":"input_text","text":"What is wrong here?"}]}}\n');
    const output = JSON.stringify({
      output: `${'x'.repeat(20 * 1024 * 1024)}\nend`,
      metadata: { exit_code: 7, duration_seconds: 1.5 },
    });
    await write(
      `${JSON.stringify({ timestamp: '2026-01-05T10:00:02.000Z', type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: '{"command":["bash","-lc","make"]}', call_id: 'c1' } })}\n`,
    );
    await write(
      `${JSON.stringify({ timestamp: '2026-01-05T10:00:03.000Z', type: 'response_item', payload: { type: 'function_call_output', call_id: 'c1', output } })}\n`,
    );
    await write(
      `${JSON.stringify({ timestamp: '2026-01-05T10:00:04.000Z', type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The build fails.' }] } })}\n`,
    );
    out.end();
    await once(out, 'finish');

    const before = process.memoryUsage().rss;
    const scan = await scanRollout(path);
    const detail = await readSession(path);
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(48 * 1024 * 1024);

    expect(scan.issues).toEqual([]);
    expect(scan.metadata).toMatchObject({
      user_messages: 1,
      assistant_messages: 1,
      tool_calls: 1,
      tool_errors: 1,
    });
    const user = detail.messages.find((m) => m.role === 'user');
    expect(user?.content).toBe('Look at this screenshot\nWhat is wrong here?');
    expect(user?.images).toHaveLength(1);
    expect(user?.images?.[0]?.mime).toBe('image/png');
    expect(user?.images?.[0]?.bytes).toBeGreaterThan(imageChars * 0.74);
    expect(user?.images?.[0]?.bytes).toBeLessThan(imageChars * 0.76);
    expect(JSON.stringify(detail).length).toBeLessThan(10 * 1024 * 1024);

    const result = detail.messages.find((m) => m.kind === 'tool_output');
    expect(result?.tool).toMatchObject({ exit_code: 7, duration_ms: 1500, name: 'shell' });
    expect(result?.truncated?.original_bytes).toBeGreaterThan(20 * 1024 * 1024);
    const doc = scan.docs.find((d) => d.kind === 'tool_output');
    expect(doc?.text.length).toBeLessThanOrEqual(4010);
    expect(doc?.text.endsWith('[…]')).toBe(true);
  });

  it('a long last line still being written is torn, not read as a cut line', async () => {
    const path = join(dir(), 'rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl');
    const complete = await readFile(REAL);
    const partial = `{"timestamp":"2026-11-22T02:41:30.000Z","type":"response_item","payload":{"type":"function_call_output","call_id":"call_x","output":"Process exited with code 0\\nOutput:\\n${'y'.repeat(200_000)}`;
    await writeFile(path, Buffer.concat([complete, Buffer.from(partial)]));
    const scan = await scanRollout(path);
    expect(scan.issues.map((i) => i.kind)).toEqual(['torn_last_line']);
    expect(scan.checkpoint.offset).toBe(complete.length);
    expect(scan.metadata.tool_calls).toBe(8);
  });

  it('a file deleted during the scan is reported as vanished with what was read', async () => {
    const path = join(dir(), 'rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl');
    await copyFile(REAL, path);
    let deleted = false;
    const scan = await scanRollout(path, {
      onProgress: () => {
        if (deleted) return;
        deleted = true;
        // Synchronous: the file is gone before the scan reads on (an unlink through the thread pool raced it).
        unlinkSync(path);
      },
    });
    expect(deleted).toBe(true);
    expect(scan.issues.map((i) => i.kind)).toEqual(['vanished']);
    expect(scan.metadata.parse_issues.counts).toEqual({ vanished: 1 });
    expect(scan.metadata.user_messages).toBe(4);
    expect(scan.metadata.tool_calls).toBe(8);
  });

  it('a file that cannot be opened is a read_error, with an empty but valid result', async () => {
    const path = join(dir(), 'rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl');
    await copyFile(REAL, path);
    await chmod(path, 0o000);
    let issues: unknown;
    if (process.getuid?.() === 0) {
      // root reads anything: run the scan as an unprivileged user instead.
      await chmod(dir(), 0o755);
      const script = `import(${JSON.stringify(join(REPO, 'src/sessions/scan/scan.ts'))}).then((m) => m.scanRollout(${JSON.stringify(path)})).then((r) => process.stdout.write(JSON.stringify({ issues: r.issues, id: r.metadata.id })))`;
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: REPO,
        uid: 65534,
        gid: 65534,
        env: { PATH: process.env.PATH ?? '', HOME: dir(), TMPDIR: tmpdir() },
        encoding: 'utf8',
      });
      const parsed = JSON.parse(stdout) as { issues: unknown; id: string };
      issues = parsed.issues;
      expect(parsed.id).toBe('01a20121-4104-7860-a789-784a06f2dd57');
    } else {
      const scan = await scanRollout(path);
      issues = scan.issues;
      expect(scan.metadata.id).toBe('01a20121-4104-7860-a789-784a06f2dd57');
    }
    expect(issues).toEqual([{ kind: 'read_error', message: expect.stringContaining('EACCES') }]);
  });

  it('an era A document over the size cap is reported, not read', async () => {
    const path = join(dir(), 'rollout-2025-05-10-5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10.json');
    await writeFile(
      path,
      `{"session":{"id":"5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10"},"items":[${' '.repeat(33 * 1024 * 1024)}]}`,
    );
    const scan = await scanRollout(path);
    expect(scan.issues).toEqual([
      { kind: 'oversize_line', line: 1, message: expect.stringContaining('bytes') },
    ]);
    expect(scan.metadata.id).toBe('5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10');
  });

  it('redacts secrets in titles, messages, arguments, outputs and search text', async () => {
    const path = join(dir(), 'rollout-2026-01-05T10-00-00-019a9999-0000-7000-8000-000000000003.jsonl');
    const key = 'sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm';
    const lines = [
      {
        type: 'session_meta',
        payload: { id: '019a9999-0000-7000-8000-000000000003', timestamp: '2026-01-05T10:00:00.000Z' },
      },
      {
        type: 'response_item',
        payload: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: `use OPENAI_API_KEY=${key} please` }],
        },
      },
      {
        type: 'response_item',
        payload: {
          type: 'function_call',
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: `curl -H "Authorization: Bearer ${key}" x` }),
          call_id: 'c1',
        },
      },
      {
        type: 'response_item',
        payload: {
          type: 'function_call_output',
          call_id: 'c1',
          output: `Process exited with code 0\nOutput:\nOPENAI_API_KEY=${key}\n`,
        },
      },
    ].map((l) => JSON.stringify({ timestamp: '2026-01-05T10:00:00.000Z', ...l }));
    await writeFile(path, `${lines.join('\n')}\n`);
    const [scan, detail] = await both(path);
    expect(scan.metadata.title).toContain('OPENAI_API_KEY=');
    for (const value of [scan, detail])
      expect(JSON.stringify(value)).not.toContain('Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm');
    expect(JSON.stringify(detail.messages)).toContain('[REDACTED');
  });

  it('indexes the head of a long tool output: 4,000 characters, or what the kept 8 KiB hold', async () => {
    const outputs = {
      plain: 'building module '.repeat(2000),
      newlines: 'a\n'.repeat(15_000),
      quotes: '{"key":"value"} '.repeat(2000),
      accents: 'café déjà vu '.repeat(2500),
      wide: '漢字かな '.repeat(6000),
      control: '\u0001x'.repeat(15_000),
      pairs: '😀 '.repeat(10_000),
    };
    const path = join(dir(), 'rollout-2026-01-05T10-00-00-019a9999-0000-7000-8000-000000000004.jsonl');
    const lines = [
      { type: 'session_meta', payload: { id: '019a9999-0000-7000-8000-000000000004' } },
      {
        type: 'response_item',
        payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Run them' }] },
      },
      ...Object.entries(outputs).flatMap(([name, output]) => [
        {
          type: 'response_item',
          payload: { type: 'function_call', name: 'shell', arguments: '{"command":["true"]}', call_id: name },
        },
        { type: 'response_item', payload: { type: 'function_call_output', call_id: name, output } },
      ]),
    ].map((l) => JSON.stringify({ timestamp: '2026-01-05T10:00:00.000Z', ...l }));
    await writeFile(path, `${lines.join('\n')}\n`);
    const scan = await scanRollout(path);
    const indexed = new Map(
      scan.docs
        .filter((doc) => doc.kind === 'tool_output')
        .map((doc, i) => [Object.keys(outputs)[i], doc.text]),
    );
    for (const [name, output] of Object.entries(outputs)) {
      const text = indexed.get(name) ?? '';
      // The scan keeps 8 KiB of a long line: 3-byte characters and \u escapes fit fewer than 4,000 in it.
      if (name === 'wide' || name === 'control') {
        expect(text.endsWith(' […]'), name).toBe(true);
        expect(output.startsWith(text.slice(0, -' […]'.length)), name).toBe(true);
        expect(text.length, name).toBeGreaterThan(1000);
      } else {
        expect(text, name).toBe(`${output.slice(0, 4000)} […]`);
      }
    }
    expect(scan.issues).toEqual([]);
  });

  it('a missing file is reported as vanished', async () => {
    const scan = await scanRollout(join(dir(), 'rollout-gone-01a20121-4104-7860-a789-784a06f2dd57.jsonl'));
    expect(scan.issues.map((i) => i.kind)).toEqual(['vanished']);
    expect(scan.metadata.user_messages).toBe(0);
  });
});
