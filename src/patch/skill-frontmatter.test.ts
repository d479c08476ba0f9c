import { describe, expect, it } from 'vitest';
import { findSkillProblems } from './skill-frontmatter.js';

const skill = (frontmatter: string) => `---\n${frontmatter}\n---\n\n# Body\n`;

describe('findSkillProblems', () => {
  it('accepts the frontmatter Codex loads, including folded descriptions and optional keys', () => {
    expect(findSkillProblems(skill('name: review-pr\ndescription: Review a pull request.'))).toEqual([]);
    expect(
      findSkillProblems(
        skill(
          'name: a1\ndescription: >\n  Spans\n  lines.\nlicense: MIT\nallowed-tools: Bash Read\nmetadata:\n  short-description: x',
        ),
      ),
    ).toEqual([]);
    expect(findSkillProblems('---\r\nname: crlf\r\ndescription: Windows line ends.\r\n---\r\n')).toEqual([]);
  });

  it.each([
    ['no frontmatter', '# Title\n', /does not start with a "---"/],
    ['an unclosed block', '---\nname: a\ndescription: b\n', /no closing/],
    ['an empty block', '---\n---\n', /empty/],
    ['a byte-order mark', '\uFEFF---\nname: a\ndescription: b\n---\n', /byte-order mark/],
    ['invalid YAML', skill('name: a\ndescription: Use when: b'), /not valid YAML/],
    ['a duplicated key', skill('name: a\nname: b\ndescription: c'), /not valid YAML/],
    ['a list instead of keys', skill('- a\n- b'), /key: value/],
    ['an unknown key', skill('name: a\ndescription: b\nversion: 1'), /unknown frontmatter key\(s\) version/],
    ['a missing name', skill('description: b'), /"name" is missing/],
    ['an upper-case name', skill('name: Review\ndescription: b'), /lowercase/],
    ['a name with a double hyphen', skill('name: a--b\ndescription: b'), /single hyphens/],
    ['a name of 65 characters', skill(`name: ${'a'.repeat(65)}\ndescription: b`), /longer than 64/],
    ['a numeric name', skill('name: 42\ndescription: b'), /must be text/],
    ['a missing description', skill('name: a'), /"description" is missing/],
    ['a blank description', skill('name: a\ndescription: "   "'), /"description" is empty/],
    [
      'a description over 1,024 characters',
      skill(`name: a\ndescription: ${'x'.repeat(1025)}`),
      /longer than 1024/,
    ],
    [
      'metadata that is not a mapping',
      skill('name: a\ndescription: b\nmetadata: text'),
      /"metadata" must be a mapping/,
    ],
    [
      'an alias bomb',
      skill(
        `name: a\ndescription: b\nmetadata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n${[
          'b',
          'c',
          'd',
          'e',
          'f',
          'g',
        ]
          .map((key, i) => `  ${key}: &${key} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)
          .join('\n')}`,
      ),
      /more than 50 YAML aliases/,
    ],
    [
      'nesting 40 levels deep',
      skill(`name: a\ndescription: b\nmetadata: {k: ${'['.repeat(40)}${']'.repeat(40)}}`),
      /nested more than 32/,
    ],
  ])('refuses %s', (_, content, reason) => {
    const problems = findSkillProblems(content);
    expect(problems.join(' | ')).toMatch(reason);
  });

  // 64 KiB of frontmatter holds tens of thousands of levels; building the document recurses once per level.
  const deep: [string, (n: number) => string, number[]][] = [
    ['flow sequences', (n) => `metadata:\n  x: ${'['.repeat(n)}${']'.repeat(n)}`, [33, 5_000, 30_000]],
    ['flow mappings', (n) => `metadata:\n  x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`, [33, 5_000, 15_000]],
    ['compact block sequences', (n) => `metadata:\n  x:\n    ${'- '.repeat(n)}a`, [33, 5_000, 30_000]],
    [
      'block mappings',
      (n) => `metadata:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} 1`,
      [33, 300],
    ],
  ];
  it.each(deep)('refuses %s nested past the limit by the limit, however deep', (_, nest, depths) => {
    for (const levels of depths) {
      expect(
        findSkillProblems(skill(`name: a\ndescription: b\n${nest(levels)}`)),
        `${levels} levels`,
      ).toEqual(['its frontmatter is nested more than 32 levels deep']);
    }
    expect(findSkillProblems(skill(`name: a\ndescription: b\n${nest(29)}`))).toEqual([]);
  });

  it('refuses deep nesting by the limit even when called with little stack left', () => {
    const content = skill(`name: a\ndescription: b\nmetadata: ${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const nestCalls = (levels: number): string[] =>
      levels === 0 ? findSkillProblems(content) : nestCalls(levels - 1);
    expect(nestCalls(8_000)).toEqual(['its frontmatter is nested more than 32 levels deep']);
  });
});
