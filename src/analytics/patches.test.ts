import { describe, expect, it } from 'vitest';
import { call, inherited, makeSession, patch, user } from '../../test/helpers/analytics.js';
import { detectLanguage } from './languages.js';
import { computePatches } from './patches.js';
import { prepareSession } from './prepare.js';

describe('detectLanguage', () => {
  it.each([
    ['src/app.tsx', 'TypeScript'],
    ['lib/x.py', 'Python'],
    ['Dockerfile', 'Dockerfile'],
    ['docs/AGENTS.md', 'Markdown'],
    ['Makefile', 'Makefile'],
    ['.github/workflows/ci.yml', 'YAML'],
    ['bin/run', 'Other'],
    ['.env', 'Env file'],
  ])('%s → %s', (path, language) => {
    expect(detectLanguage(path)).toBe(language);
  });
});

describe('computePatches', () => {
  it('counts files and lines of applied patches by language, file and directory', () => {
    const session = makeSession(
      's',
      [
        user(0),
        call(1, 'p1', 'apply_patch', '*** Begin Patch'),
        patch(
          1,
          'p1',
          [
            { path: '/work/app/src/a.ts', kind: 'update', added: 10, removed: 2 },
            { path: 'README.md', kind: 'add', added: 5, removed: 0 },
          ],
          true,
        ),
        call(2, 'p2', 'apply_patch', '*** Begin Patch'),
        patch(2, 'p2', [{ path: 'src/a.ts', kind: 'update', added: 1, removed: 1 }]),
        call(3, 'p3', 'apply_patch', '*** Begin Patch'),
        patch(3, 'p3', [{ path: 'src/b.ts', kind: 'update', added: 99, removed: 99 }], false),
        inherited(patch(0, 'old', [{ path: 'old.py', kind: 'add', added: 50, removed: 0 }])),
        call(4, 'p4', 'apply_patch', '*** Begin Patch'),
        patch(4, 'p4', [{ path: 'src/old.js', kind: 'move', move_to: 'src/new.ts', added: 0, removed: 0 }]),
      ],
      { meta: { cwd: '/work/app' } },
    );
    const metrics = computePatches([prepareSession(session)]);
    expect(metrics).toMatchObject({
      patches: 4,
      failed: 1,
      files_changed: 3,
      lines_added: 16,
      lines_removed: 3,
    });
    expect(metrics.by_kind).toEqual([
      { name: 'update', count: 2 },
      { name: 'add', count: 1 },
      { name: 'move', count: 1 },
    ]);
    expect(metrics.by_language).toEqual([
      { language: 'TypeScript', files: 2, added: 11, removed: 3 },
      { language: 'Markdown', files: 1, added: 5, removed: 0 },
    ]);
    expect(metrics.top_files[0]).toEqual({ path: 'src/a.ts', edits: 2, added: 11, removed: 3 });
    expect(metrics.top_directories).toEqual([
      { directory: 'src', edits: 3, added: 11, removed: 3 },
      { directory: '(root)', edits: 1, added: 5, removed: 0 },
    ]);
  });
});
