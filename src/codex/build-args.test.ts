import { describe, expect, it } from 'vitest';
import { buildArgs } from './build-args.js';

const parent = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';

describe('buildArgs', () => {
  it('runs a new session read-only with the prompt on stdin', () => {
    expect(buildArgs({ mode: 'new', sandbox: 'read-only', lastMessageFile: '/t/last.txt' })).toEqual([
      'exec',
      '--json',
      '-s',
      'read-only',
      '-o',
      '/t/last.txt',
      '-',
    ]);
  });

  it('passes the sandbox as a config override to fork and resume, which have no -s', () => {
    const args = buildArgs({
      mode: 'fork',
      sessionId: parent,
      sandbox: 'workspace-write',
      approval: 'never',
      model: 'gpt-5.5',
      config: { model_reasoning_effort: 'low', 'features.web_search': false, request_max_retries: 2 },
      schemaFile: '/t/schema.json',
      lastMessageFile: '/t/last.txt',
      skipGitRepoCheck: true,
    });
    expect(args).toEqual([
      'exec',
      'fork',
      '--json',
      '--skip-git-repo-check',
      '-c',
      'sandbox_mode="workspace-write"',
      '-c',
      'approval_policy="never"',
      '-c',
      'model_reasoning_effort="low"',
      '-c',
      'features.web_search=false',
      '-c',
      'request_max_retries=2',
      '-m',
      'gpt-5.5',
      '--output-schema',
      '/t/schema.json',
      '-o',
      '/t/last.txt',
      parent,
      '-',
    ]);
    expect(args).not.toContain('-s');
  });

  it('quotes config strings so they cannot break out of the TOML value', () => {
    const args = buildArgs({
      mode: 'resume',
      sessionId: parent,
      sandbox: 'read-only',
      config: { instructions: 'say "hi"\nthen stop' },
      lastMessageFile: '/t/l',
    });
    expect(args).toContain('instructions="say \\"hi\\"\\nthen stop"');
  });

  it('refuses ids, keys, models and modes that could be read as something else', () => {
    const base = { sandbox: 'read-only' as const, lastMessageFile: '/t/l' };
    expect(() => buildArgs({ ...base, mode: 'fork' })).toThrow(/session id/);
    expect(() => buildArgs({ ...base, mode: 'resume', sessionId: '--last' })).toThrow(
      /not a valid session id/,
    );
    expect(() => buildArgs({ ...base, mode: 'new', config: { 'a=b': 1 } })).toThrow(/config key/);
    expect(() =>
      buildArgs({ ...base, mode: 'new', model: '--dangerously-bypass-approvals-and-sandbox' }),
    ).toThrow(/model name/);
    expect(() => buildArgs({ ...base, mode: 'new', sandbox: 'none' as 'read-only' })).toThrow(
      /Sandbox must be/,
    );
    expect(() => buildArgs({ ...base, mode: 'new', approval: 'always' })).toThrow(/Approval must be/);
  });
});
