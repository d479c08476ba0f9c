import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, makeGitRepo } from '../../../test/helpers/git-repo.js';
import {
  listFixtures,
  loadFixture,
  makeFixtureRepo,
  nextProposalId,
  placeOf,
  proposalInput,
} from '../../../test/helpers/patch-fixtures.js';
import { sha256 } from '../../patch/index.js';
import { createProposal, requireProposal } from '../../proposals/records.js';
import { applyProposal } from './apply.js';
import { revertProposal } from './revert.js';

function fileAt(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

/** What each good fixture must leave in the working tree. */
const EXPECTED_CONTENT: Record<string, Record<string, string | null>> = {
  'add-skill': {
    '.codex/skills/release-notes/SKILL.md':
      '---\nname: release-notes\ndescription: Write release notes from the merged changes since the last tag.\n---\n\n# Release notes\n\n1. List the merged changes since the last tag.\n2. Group them by user-facing effect.\n',
  },
  'edit-agents': {
    'AGENTS.md':
      '# Agents\n\nRun npm test before you commit.\n\nRun npm run lint as well; CI fails on lint errors.\n',
  },
  'miscounted-hunks': {
    'AGENTS.md': '# Agents\n\nRun npm test and npm run lint before you commit.\n',
    '.codex/skills/review/SKILL.md':
      '---\nname: review\ndescription: Review a change before it is merged.\n---\n\n# Review\n\nRead the diff twice.\nCheck that every new function has a test.\n',
    '.codex/skills/review/references/style.md': '# Style\n\nPrefer small functions.\n',
  },
  'subtree-agents-with-opt-in': {
    'pkg/AGENTS.md': '# Package agents\n\nThis package is published; bump its version with every change.\n',
  },
  'opted-in-docs-folder': {
    'docs/skills.md': "# Skills\n\nThe repository's skills live in .codex/skills.\n",
  },
  'rename-within-skills': {
    '.codex/skills/review/references/checklist.md': null,
    '.codex/skills/review/references/review-checklist.md': '- tests\n- docs\n- changelog\n',
  },
  'delete-skill-reference': { '.codex/skills/review/references/checklist.md': null },
  'fenced-unprefixed-paths': {
    'AGENTS.md': '# Agents\n\nRun npm test before you commit.\nKeep commits small.\n',
  },
};

describe('applying good proposals', () => {
  it('covers every good fixture', () => {
    expect(listFixtures('good').sort()).toEqual(Object.keys(EXPECTED_CONTENT).sort());
  });

  it.each(listFixtures('good'))('%s applies, is audited, and reverts to the exact bytes', async (name) => {
    const fixture = loadFixture('good', name);
    const repo = makeFixtureRepo(fixture);
    try {
      const id = nextProposalId();
      const created = await createProposal(placeOf(repo), proposalInput(id, fixture.diff, fixture.options));
      expect(created.validation?.ok, JSON.stringify(created.validation?.checks.filter((c) => !c.ok))).toBe(
        true,
      );
      const head = git(repo.dir, ['rev-parse', 'HEAD']);
      const before = repo.snapshot({ ignore: ['.codex-orchestrator'] });

      const result = await applyProposal(placeOf(repo), id, { confirm: true });

      const expected = EXPECTED_CONTENT[name]!;
      expect(result).toEqual({ applied: true, files_changed: expect.arrayContaining(Object.keys(expected)) });
      for (const [path, content] of Object.entries(expected)) {
        if (content === null) expect(() => fileAt(repo.dir, path)).toThrow(/ENOENT/);
        else expect(fileAt(repo.dir, path)).toBe(content);
      }
      expect(git(repo.dir, ['rev-parse', 'HEAD'])).toBe(head);
      expect(git(repo.dir, ['ls-files', '-s'])).toBe(before.index);

      const { meta } = await requireProposal(placeOf(repo), id);
      expect(meta.status).toBe('applied');
      expect(Date.parse(meta.applied_at!)).not.toBeNaN();
      expect(meta.validation?.ok).toBe(true);
      expect(meta.audit.map((entry) => entry.action)).toEqual([
        'created',
        'validated',
        'validated',
        'applied',
      ]);
      expect(meta.files_changed?.map((file) => file.path).sort()).toEqual(result.files_changed.sort());
      for (const file of meta.files_changed!) {
        const onDisk = expected[file.path] === null ? null : sha256(readFileSync(join(repo.dir, file.path)));
        expect(file.after_sha256).toBe(onDisk);
        const original = before.files[file.path];
        expect(file.before_sha256).toBe(original ? sha256(Buffer.from(original.content, 'base64')) : null);
      }

      const reverted = await revertProposal(placeOf(repo), id, { confirm: true });
      expect(reverted.files_changed.sort()).toEqual(result.files_changed.sort());
      expect(repo.snapshot({ ignore: ['.codex-orchestrator'] })).toEqual(before);
      const after = (await requireProposal(placeOf(repo), id)).meta;
      expect(after.status).toBe('reverted');
      expect(after.audit.at(-1)?.action).toBe('reverted');
      expect(after.revert_files_changed).toEqual(
        meta.files_changed!.map((file) => ({
          path: file.path,
          before_sha256: file.after_sha256,
          after_sha256: file.before_sha256,
        })),
      );
    } finally {
      repo.cleanup();
    }
  });
});

describe('bytes, not git settings', () => {
  it('refuses an LF diff against a CRLF checkout (context must match exactly) and applies a CRLF one as written', async () => {
    const repo = makeGitRepo({
      '.gitattributes': '*.md text eol=crlf\n',
      'AGENTS.md': '# Agents\n\nRun npm test before you commit.\n',
    });
    try {
      rmSync(join(repo.dir, 'AGENTS.md'));
      git(repo.dir, ['checkout', '--', 'AGENTS.md']);
      const crlf = '# Agents\r\n\r\nRun npm test before you commit.\r\n';
      expect(fileAt(repo.dir, 'AGENTS.md')).toBe(crlf);
      const lf = nextProposalId();
      const meta = await createProposal(
        placeOf(repo),
        proposalInput(lf, loadFixture('good', 'edit-agents').diff),
      );
      const applies = meta.validation?.checks.find((check) => check.id === 'applies');
      expect(applies).toMatchObject({
        ok: false,
        message: expect.stringMatching(/context must match exactly/),
      });
      const crlfDiff = loadFixture('good', 'edit-agents').diff.replace(/^( .*|\+(?!\+\+ ).*)$/gm, '$1\r');
      const id = nextProposalId();
      const good = await createProposal(placeOf(repo), proposalInput(id, crlfDiff));
      expect(good.validation?.ok, JSON.stringify(good.validation?.checks.filter((c) => !c.ok))).toBe(true);
      await applyProposal(placeOf(repo), id, { confirm: true });
      expect(fileAt(repo.dir, 'AGENTS.md')).toBe(
        `${crlf}\r\nRun npm run lint as well; CI fails on lint errors.\r\n`,
      );
    } finally {
      repo.cleanup();
    }
  });

  it('writes exactly the reviewed bytes whatever filters, hooks and attributes the repository sets', async () => {
    const repo = makeGitRepo({
      '.gitattributes': '*.md filter=shout ident\n',
      'AGENTS.md': '# Agents\n\nRun npm test before you commit.\n',
    });
    try {
      const marker = join(repo.outside, 'filter-ran');
      git(repo.dir, ['config', 'filter.shout.smudge', `touch ${marker}; tr a-z A-Z`]);
      git(repo.dir, ['config', 'filter.shout.clean', `touch ${marker}; cat`]);
      git(repo.dir, ['config', 'core.autocrlf', 'true']);
      const id = nextProposalId();
      await createProposal(placeOf(repo), proposalInput(id, loadFixture('good', 'edit-agents').diff));
      await applyProposal(placeOf(repo), id, { confirm: true });
      expect(fileAt(repo.dir, 'AGENTS.md')).toBe(EXPECTED_CONTENT['edit-agents']!['AGENTS.md']);
      expect(() => readFileSync(marker)).toThrow(/ENOENT/);
    } finally {
      repo.cleanup();
    }
  });
});
