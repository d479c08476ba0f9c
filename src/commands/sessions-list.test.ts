import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToolOutput } from '../../test/helpers/planted-store.js';
import { makeStoreHome, runCli, type StoreHome } from '../../test/helpers/store-home.js';
import { recordOwnThread } from '../sessions/own-threads.js';

const SUMMARY_KEYS = [
  'id',
  'title',
  'started_at',
  'updated_at',
  'cwd',
  'repo_hint',
  'model',
  'cli_version',
  'originator',
  'forked_from_id',
  'archived',
  'path',
  'user_messages',
  'tool_calls',
  'tool_errors',
  'tokens',
  'tokens_by_model',
  'cost',
  'parent_thread_id',
  'subagent',
  'subagents',
  'failed_turns',
  'aborted_turns',
  'approval_turns',
];

describe('codex-retro sessions list', () => {
  let home: StoreHome;
  beforeAll(async () => {
    home = await makeStoreHome();
  });
  afterAll(async () => {
    await home.cleanup();
  });

  it('prints an aligned table, newest first', async () => {
    const { code, stdout, stderr } = await runCli(
      ['sessions', 'list', '--codex-home', home.codexHome],
      home.env,
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+UPDATED\s+TITLE\s+PROJECT\s+MODEL\s+USER\s+TOOLS\s+ERRORS\s+COST$/);
    expect(lines.at(-1)).toBe(`${home.files.size} sessions`);
    const rows = lines.slice(1, -2);
    expect(rows).toHaveLength(home.files.size);
    const titleAt = lines[0]!.indexOf('TITLE');
    for (const row of rows) expect(row.slice(titleAt - 2, titleAt)).toBe('  ');
    const failing = rows.find((row) => row.includes('[[scn:shell_fail]]'))!;
    expect(failing).toMatch(/demo-repo\s+\S+\s+1\s+1\s+1\s+(\$\d+\.\d\d|<\$0\.01|\?|-)$/);
  });

  it('prints the documented JSON summaries on stdout alone', async () => {
    const { code, stdout, stderr } = await runCli(['sessions', 'list', '--json'], home.env);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const sessions = JSON.parse(stdout) as Record<string, unknown>[];
    expect(sessions).toHaveLength(home.files.size);
    for (const session of sessions) {
      expect(Object.keys(session)).toEqual(SUMMARY_KEYS);
      expect(Object.keys(session.tokens as object)).toEqual([
        'input',
        'cached_input',
        'output',
        'reasoning',
        'total',
      ]);
    }
  });

  it('limits to recent days and to a project', async () => {
    const recent = await runCli(['sessions', 'list', '--json', '--days', '3650'], home.env);
    expect(JSON.parse(recent.stdout)).toHaveLength(home.files.size);
    const other = await runCli(['sessions', 'list', '--json', '--project', '/home/dev/work/other'], home.env);
    expect(JSON.parse(other.stdout)).toEqual([]);
    const byName = await runCli(['sessions', 'list', '--json', '--project', 'demo-repo'], home.env);
    expect(JSON.parse(byName.stdout)).toHaveLength(home.files.size);
    const bad = await runCli(['sessions', 'list', '--days', 'soon'], home.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--days takes a positive number of days/);
  });

  it('searches tool output and shows where it matched', async () => {
    const json = await runCli(
      ['sessions', 'list', '--json', '--search', 'no such file or directory'],
      home.env,
    );
    const hits = JSON.parse(json.stdout) as { title: string; snippet: string; match_kind: string }[];
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.title).toContain('[[scn:shell_fail]]');
      expect(hit.match_kind).toBe('tool_output');
      expect(hit.snippet).toContain('[directory]');
    }
    const table = await runCli(['sessions', 'list', '--search', 'no such file or directory'], home.env);
    expect(table.stdout).toMatch(/\n {4}tool output: .*\[No\] \[such\] \[file\]/);
  });

  it('lists index hits first, then every session whose rollout holds the text further in', async () => {
    const planted = await makeStoreHome(['0.169.0']);
    try {
      const [early, deep] = [...planted.files.entries()];
      appendToolOutput(early![1], 'npm ERR! bandersnatchite could not be resolved');
      appendToolOutput(
        deep![1],
        `${'ok - a test passed\n'.repeat(400)}npm ERR! bandersnatchite could not be resolved`,
      );
      const json = await runCli(['sessions', 'list', '--json', '--search', 'bandersnatchite'], planted.env);
      expect(json.code).toBe(0);
      const hits = JSON.parse(json.stdout) as { id: string; snippet: string; match_kind: string }[];
      expect(hits.map((hit) => hit.id)).toEqual([early![0], deep![0]]);
      expect(hits[1]).toMatchObject({ match_kind: 'tool_output' });
      expect(hits[1]!.snippet).toMatch(/npm ERR! \[bandersnatchite\] could not be resolved$/);
      const table = await runCli(['sessions', 'list', '--search', 'bandersnatchite'], planted.env);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+UPDATED\s+TITLE/);
      expect(lines.filter((line) => / {4}tool output: /.test(line))).toHaveLength(2);
      expect(lines.at(-1)).toBe('2 sessions');
      const none = await runCli(['sessions', 'list', '--search', 'no-such-text-anywhere'], planted.env);
      expect(none.stdout).toMatch(/^No session matches "no-such-text-anywhere"; .* holds 20 sessions\./);
    } finally {
      await planted.cleanup();
    }
  });

  it('summarizes parse problems in one stderr line', async () => {
    const broken = await makeStoreHome(['0.169.0']);
    try {
      const [first, second] = [...broken.files.values()];
      await appendFile(first!, 'this is not json\n{"also": broken\n');
      await appendFile(second!, '{"timestamp":"2026-11-22T05:00:00.000Z","type":"respo');
      const { code, stdout, stderr } = await runCli(['sessions', 'list', '--json'], broken.env);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toHaveLength(broken.files.size);
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^2 files had problems: 2 malformed lines, 1 torn last line — see `codex-retro sessions show [0-9a-f-]{36} --json`/,
      );
    } finally {
      await broken.cleanup();
    }
  });

  it('hides codex-retro runs unless --include-own', async () => {
    const [id] = [...home.files.keys()] as [string];
    await recordOwnThread(home.stateDir, id, {
      job_id: 'job-20261122T030000000Z-0a1b2c3d',
      kind: 'insights',
    });
    const hidden = JSON.parse((await runCli(['sessions', 'list', '--json'], home.env)).stdout) as {
      id: string;
    }[];
    expect(hidden.map((s) => s.id)).not.toContain(id);
    const shown = JSON.parse(
      (await runCli(['sessions', 'list', '--json', '--include-own'], home.env)).stdout,
    ) as { id: string }[];
    expect(shown.map((s) => s.id)).toContain(id);
  });

  it('says so when the codex home does not exist', async () => {
    const { code, stderr } = await runCli(
      ['sessions', 'list', '--codex-home', join(home.root, 'nope')],
      home.env,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/No Codex home at .*nope\. Pass --codex-home DIR or set CODEX_HOME/);
  });

  it('takes --since/--until as YYYY-MM-DD or YYYYMMDD, whole local days', async () => {
    const all = home.files.size;
    for (const [since, until] of [
      ['2026-11-22', '2026-11-22'],
      ['20261122', '20261122'],
      ['20261101', '2026-11-30'],
    ]) {
      const { code, stdout } = await runCli(
        ['sessions', 'list', '--json', '--include-own', '--since', since!, '--until', until!],
        home.env,
      );
      expect(code).toBe(0);
      expect(JSON.parse(stdout), `${since}..${until}`).toHaveLength(all);
    }
    const later = await runCli(['sessions', 'list', '--json', '--since', '20261123'], home.env);
    expect(JSON.parse(later.stdout)).toEqual([]);
    const earlier = await runCli(['sessions', 'list', '--json', '--until', '2026-11-21'], home.env);
    expect(JSON.parse(earlier.stdout)).toEqual([]);
  });

  it('says what matched nothing and how many sessions the home holds', async () => {
    const window = await runCli(['sessions', 'list', '--days', '1'], home.env);
    expect(window.code).toBe(0);
    expect(window.stdout).toBe(
      `No session was active in the last 1 day; ${home.codexHome} holds ${home.files.size} sessions. Try a longer window (e.g. --days 30).\n`,
    );
    const search = await runCli(
      ['sessions', 'list', '--search', 'xylophone', '--since', '20261122'],
      home.env,
    );
    expect(search.stdout).toMatch(
      /^No session matches "xylophone" and was active since 2026-11-22 00:00; .* holds \d+ sessions\. Try fewer or other words or a longer window/,
    );
    const emptyHome = join(home.root, 'empty-home');
    await mkdir(emptyHome, { recursive: true });
    const empty = await runCli(['sessions', 'list', '--codex-home', emptyHome], home.env);
    expect(empty.stdout).toMatch(/^No Codex sessions in .*empty-home yet/);
    expect(empty.stdout).not.toMatch(/match/);
  });

  it('fits an 80-column terminal and keeps CJK titles aligned', async () => {
    const [, cjk, emoji] = [...home.files.keys()] as [string, string, string];
    await writeFile(
      join(home.codexHome, 'session_index.jsonl'),
      `${JSON.stringify({ id: cjk, thread_name: '修复登录页面的日期测试并更新文档说明' })}\n${JSON.stringify({ id: emoji, thread_name: '🚀 deploy the café app' })}\n`,
    );
    try {
      for (const columns of [80, 100, 140]) {
        const { stdout } = await runCli(['sessions', 'list'], { ...home.env, COLUMNS: String(columns) });
        const lines = stdout.trimEnd().split('\n').slice(0, -2);
        for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
        // Every row's last column ends where the header's does, whatever the title's script.
        const end = stringWidth(lines[0]!);
        for (const line of lines) expect(stringWidth(line), line).toBe(end);
        const row = lines.find((line) => line.includes('修复'))!;
        expect(row.startsWith(cjk.slice(-12))).toBe(true);
        if (columns === 80) expect(lines[0]).toMatch(/^ID\s+UPDATED\s+TITLE\s+PROJECT\s+ERRORS$/);
        if (columns === 140) expect(lines[0]).toMatch(/MODEL\s+USER\s+TOOLS\s+ERRORS\s+COST$/);
      }
    } finally {
      await writeFile(join(home.codexHome, 'session_index.jsonl'), '');
    }
  });
});
