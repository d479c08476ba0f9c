import { posix } from 'node:path';
import { findSkillProblems } from '../skill-frontmatter.js';
import { type Check, collectCheck } from './check.js';

/** Every SKILL.md the patch leaves behind still has frontmatter Codex can load. */
export function checkSkills(results: Map<string, Buffer | null>): Check {
  const problems: { path: string; problem: string }[] = [];
  let count = 0;
  for (const [path, bytes] of results) {
    if (bytes === null || posix.basename(path).toLowerCase() !== 'skill.md') continue;
    count++;
    for (const problem of findSkillProblems(bytes.toString('utf8'))) {
      problems.push({ path, problem: `${path}: ${problem}` });
    }
  }
  return collectCheck(
    'skill_frontmatter',
    problems,
    count === 0
      ? 'The patch leaves no SKILL.md to check.'
      : count === 1
        ? 'The SKILL.md loads.'
        : `All ${count} SKILL.md files load.`,
  );
}
