import { describe, expect, it } from 'vitest';
import { buildSession } from '../../test/helpers/report/sessions.js';
import { splitRepeatedAdditions } from './guidance-repeats.js';
import type { ProjectGuidance } from './project-guidance.js';
import { readRecordedGuidance } from './recorded-guidance.js';

const project = (agents: string | null, recorded: string | null = null): ProjectGuidance => ({
  root: '/work/app',
  sessions: 3,
  agents_md:
    agents === null
      ? null
      : { path: '/work/app/AGENTS.md', text: agents, bytes: agents.length, truncated: false },
  recorded_agents_md:
    recorded === null ? null : { text: recorded, truncated: false, session_id: 's', recorded_at: null },
  skills: [],
});

const add = (addition: string) => ({ addition, why: '', placement: '', evidence: ['s'] });

describe('splitRepeatedAdditions', () => {
  const agents = '# Rules\n\n- Use pnpm, never npm.\n- Run the test suite before you say a change is done.\n';

  it('drops what AGENTS.md already says, word for word or reworded, and says where it is', () => {
    const { kept, repeated } = splitRepeatedAdditions(
      [
        add('Run the test suite before you say a change is done.'),
        add('Always run the tests suite before saying that a change is done!'),
        add('Use pnpm.'),
      ],
      [project(agents)],
    );
    expect(kept).toEqual([]);
    expect(repeated.map((r) => r.already)).toEqual([
      'Run the test suite before you say a change is done.',
      'Run the test suite before you say a change is done.',
      'Use pnpm, never npm.',
    ]);
    expect(repeated[0]?.source).toBe('/work/app/AGENTS.md');
  });

  it('keeps what is new, even beside a line that repeats', () => {
    const { kept, repeated } = splitRepeatedAdditions(
      [
        add('Run `npm test` after every change and report the result.'),
        add('Run the test suite before you say a change is done. Explain exit code 3 before retrying.'),
        add('When a build fails, read the first error, not the last.'),
      ],
      [project(agents)],
    );
    expect(kept).toHaveLength(3);
    expect(repeated).toEqual([]);
  });

  it('compares with the AGENTS.md text the sessions recorded when the folder is gone', () => {
    const { repeated } = splitRepeatedAdditions(
      [add('Run the test suite before you say a change is done.')],
      [project(null, 'Run the test suite before you say a change is done.')],
    );
    expect(repeated[0]?.source).toBe('/work/app/AGENTS.md (as recorded in its sessions)');
    expect(splitRepeatedAdditions([add('Use pnpm.')], []).kept).toHaveLength(1);
  });
});

describe('readRecordedGuidance', () => {
  it('reads the AGENTS.md text of every era’s injected context, once per folder and text', () => {
    const session = buildSession(
      '01a20120-073d-7262-9942-d5f2c9b66274',
      [
        {
          kind: 'context',
          content: '# AGENTS.md instructions for /home/dev/c4\n\n<INSTRUCTIONS>\nUse pnpm.\n</INSTRUCTIONS>',
        },
        {
          kind: 'context',
          content: '# AGENTS.md instructions for /home/dev/c4\n\n<INSTRUCTIONS>\nUse pnpm.\n</INSTRUCTIONS>',
        },
        {
          kind: 'context',
          content:
            '<user_instructions>\n\nBe brief.\n\n--- project-doc ---\n\nRun make check.\n\n</user_instructions>',
        },
        { kind: 'context', content: '<environment_context>\n<cwd>/x</cwd>\n</environment_context>' },
        {
          content:
            '# AGENTS.md instructions for /typed/by/person\n\n<INSTRUCTIONS>\nnot context\n</INSTRUCTIONS>',
        },
      ],
      { cwd: '/home/dev/old' },
    );
    expect(readRecordedGuidance(session).map(({ dir, text }) => ({ dir, text }))).toEqual([
      { dir: '/home/dev/c4', text: 'Use pnpm.' },
      { dir: '/home/dev/old', text: 'Run make check.' },
    ]);
  });
});
