import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectProjectGuidance } from './project-guidance.js';

describe('collectProjectGuidance', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'guidance-'));
    const repo = join(root, 'repo');
    await mkdir(join(repo, '.git'), { recursive: true });
    await mkdir(join(repo, 'packages', 'app'), { recursive: true });
    await mkdir(join(repo, '.codex', 'skills', 'release'), { recursive: true });
    await writeFile(join(repo, 'AGENTS.md'), `# Rules\nUse pnpm.\n${'x'.repeat(20_000)}`);
    await writeFile(
      join(repo, '.codex', 'skills', 'release', 'SKILL.md'),
      '---\nname: release\n---\nTag and push.',
    );
    await mkdir(join(root, 'plain'), { recursive: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads AGENTS.md and skills at the git root of each session’s directory, bounded', async () => {
    const guidance = await collectProjectGuidance([
      join(root, 'repo', 'packages', 'app'),
      join(root, 'repo'),
      join(root, 'plain'),
      '/nonexistent/dir',
      null,
    ]);
    expect(guidance).toHaveLength(1);
    const [project] = guidance;
    expect(project?.root).toBe(join(root, 'repo'));
    expect(project?.sessions).toBe(2);
    expect(project?.agents_md?.text.startsWith('# Rules\nUse pnpm.')).toBe(true);
    expect(project?.agents_md?.truncated).toBe(true);
    expect(project?.agents_md?.text.length).toBeLessThanOrEqual(8000);
    expect(project?.skills.map((s) => s.path)).toEqual([
      join(root, 'repo', '.codex', 'skills', 'release', 'SKILL.md'),
    ]);
    expect(project?.skills[0]?.text).toContain('Tag and push.');
  });

  it('adds the AGENTS.md text sessions recorded where the folder is gone or the file says otherwise now', async () => {
    const given = (dir: string, text: string, ts: string) => ({ dir, text, ts, session_id: `s-${ts}` });
    const gone = '/nonexistent/project';
    const guidance = await collectProjectGuidance(
      [gone, gone, join(root, 'repo'), join(root, 'plain')],
      [
        given(gone, 'Old rule.', '2026-11-01T00:00:00Z'),
        given(gone, 'Run the test suite before you say a change is done.', '2026-11-20T00:00:00Z'),
        given(join(root, 'repo'), 'Use yarn.', '2026-11-20T00:00:00Z'),
        given(join(root, 'plain'), 'Plain rule.', '2026-11-20T00:00:00Z'),
      ],
    );
    const byRoot = new Map(guidance.map((g) => [g.root, g]));
    expect(byRoot.get(gone)).toMatchObject({
      sessions: 2,
      agents_md: null,
      recorded_agents_md: {
        text: 'Run the test suite before you say a change is done.',
        session_id: 's-2026-11-20T00:00:00Z',
      },
    });
    expect(byRoot.get(join(root, 'repo'))?.recorded_agents_md?.text).toBe('Use yarn.');
    expect(byRoot.get(join(root, 'plain'))?.recorded_agents_md?.text).toBe('Plain rule.');

    const same = await collectProjectGuidance(
      [join(root, 'repo')],
      [given(join(root, 'repo'), `# Rules\nUse pnpm.\n${'x'.repeat(20_000)}`, '2026-11-20T00:00:00Z')],
    );
    expect(same[0]?.recorded_agents_md).toBeNull();
  });
});
