import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelReply, ModelRequest } from '../../../test/helpers/model-server.js';
import {
  answerReportRequest,
  isFacetRequest,
  isNarrativeRequest,
  usageDirOf,
} from '../../../test/helpers/report/report-cli.js';
import { type ReportSetup, setUpReport, spawnCli } from '../../../test/helpers/report/report-setup.js';
import { runCodex } from '../../codex/index.js';

/** The `<skills_instructions>` block Codex put in a request, or '' when there was none. */
function skillsInstructions(request: ModelRequest): string {
  const text = JSON.stringify(request.body.input);
  const start = text.indexOf('<skills_instructions>');
  const end = text.indexOf('</skills_instructions>');
  return start === -1 || end === -1 ? '' : (JSON.parse(`"${text.slice(start, end)}"`) as string);
}

/** The text of the last tool output in a request's history. */
function lastToolOutput(request: ModelRequest): string {
  const items: { type?: string; output?: unknown }[] = request.body.input ?? [];
  const output = items.filter((item) => item.type === 'function_call_output').at(-1)?.output;
  if (typeof output === 'string') return output;
  return Array.isArray(output) ? output.map((part: { text?: string }) => part.text ?? '').join('') : '';
}

/** A shell call: exec_command (given time to finish) when Codex offers it, else its other shell tool. */
function runInShell(request: ModelRequest, command: string): ModelReply {
  const offered = (request.body.tools ?? []).some((tool: { name?: string }) => tool.name === 'exec_command');
  return {
    kind: 'tool_calls',
    calls: [
      offered
        ? { name: 'exec_command', arguments: { cmd: command, yield_time_ms: 30_000 } }
        : { name: 'shell', arguments: { command } },
    ],
  };
}

describe('the insight-report skill in the real Codex CLI', () => {
  let s: ReportSetup;
  beforeAll(async () => {
    s = await setUpReport();
    // The nested `codex exec` of the report needs the model server's key, which Codex keeps from commands by default.
    await appendFile(
      join(s.home.dir, 'config.toml'),
      '\n[shell_environment_policy]\ninherit = "all"\nignore_default_excludes = true\n',
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  const ask = (prompt: string) =>
    runCodex({
      mode: 'new',
      prompt,
      cwd: s.root,
      codexHome: s.home.dir,
      codexBin: s.home.codexBin,
      env: s.env as Record<string, string>,
      sandbox: 'danger-full-access',
      skipGitRepoCheck: true,
    });

  it('is listed to the model once installed, with its description and file', async () => {
    const installed = await spawnCli(
      ['skill', 'install', '--codex-home', s.home.dir, '--codex-bin', s.home.codexBin],
      s.env,
      s.root,
    ).done;
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(
      `Installed the insight-report skill: ${join(s.home.dir, 'skills/insight-report/SKILL.md')}`,
    );

    s.reply = () => ({ kind: 'message', text: 'ok' });
    const before = s.server.requests.length;
    await ask('hello');
    const listed = skillsInstructions(s.server.requests[before]!);
    expect(listed).toContain(`- \`r0\` = \`${join(s.home.dir, 'skills')}\``);
    expect(listed).toMatch(
      /- insight-report: WHAT: Generate Codex-authored HTML insights from local Codex sessions and telemetry\. WHEN: Use when the user asks for Codex usage analytics.* \(file: r0\/insight-report\/SKILL\.md\)/,
    );
  });

  it('lets Codex generate the report when asked, reading the skill and running what it says', async () => {
    const skillFile = join(s.home.dir, 'skills/insight-report/SKILL.md');
    let finalUrl = '';
    s.reply = (request) => {
      if (isFacetRequest(request) || isNarrativeRequest(request)) return answerReportRequest(request);
      if (!request.userText.includes('insights report')) return { kind: 'message', text: 'ok' };
      if (request.toolOutputs === 0) {
        expect(skillsInstructions(request)).toContain('insight-report:');
        return runInShell(request, `cat '${skillFile}'`);
      }
      if (request.toolOutputs === 1) {
        const command = /```bash\n\s*(.+ report .+--days 7 --no-open)\n/.exec(lastToolOutput(request))?.[1];
        if (!command) return { kind: 'message', text: 'The skill has no report command.' };
        // The person asked for 2026-11-22, the day the fixture sessions were written.
        return runInShell(request, command.replace('--days 7', '--since 2026-11-22 --until 2026-11-22'));
      }
      finalUrl = /REPORT_URL=(\S+)/.exec(lastToolOutput(request))?.[1] ?? '';
      return { kind: 'message', text: finalUrl ? `Your report is ready: ${finalUrl}` : 'The report failed.' };
    };
    const result = await ask('Generate my weekly insights report for 2026-11-22.');
    const reportFile = join(usageDirOf(s.home.dir), 'report.html');
    expect(result.lastMessage).toBe(`Your report is ready: file://${reportFile}`);
    expect(finalUrl).toBe(`file://${reportFile}`);
    expect(await readFile(reportFile, 'utf8')).toContain('What you wanted and how it went');
    expect(s.server.requests.filter(isNarrativeRequest)).toHaveLength(1);
  });

  it('is gone from the list once uninstalled', async () => {
    const removed = await spawnCli(['skill', 'uninstall', '--codex-home', s.home.dir], s.env, s.root).done;
    expect(removed.code, removed.stderr).toBe(0);
    await expect(stat(join(s.home.dir, 'skills/insight-report'))).rejects.toThrow();
    s.reply = () => ({ kind: 'message', text: 'ok' });
    const before = s.server.requests.length;
    await ask('hello');
    expect(skillsInstructions(s.server.requests[before]!)).not.toContain('insight-report');
  });
});
