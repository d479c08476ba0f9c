import { posix } from 'node:path';
import { formatBytes, PROPOSAL_LIMITS } from '../limits.js';
import type { ProposalMeta, ValidationCheck } from '../meta.js';
import { findSkillProblems } from '../skill-frontmatter.js';
import { hashRepoFile, type RepoPathState } from './disk.js';
import { findSyntaxProblem, quotePath } from './path-rules.js';
import { collectCheck, failCheck, passCheck } from './results.js';

/** Every existing file the patch touches is small enough to read and review (checked before reading it). */
export function checkExistingSizes(states: Map<string, RepoPathState>): ValidationCheck {
  const max = PROPOSAL_LIMITS.maxFileBytes;
  const problems: { path: string; problem: string }[] = [];
  for (const [path, state] of states) {
    if (state.kind === 'file' && state.size > max) {
      problems.push({
        path,
        problem: `${quotePath(path)} is already ${formatBytes(state.size)}, over the ${formatBytes(max)} limit`,
      });
    }
  }
  return collectCheck('limits_file_size', problems, `Every touched file is under ${formatBytes(max)}.`);
}

/** Every file as the patch would leave it stays under the size limit. */
export function checkResultSizes(results: Map<string, Buffer | null>): ValidationCheck {
  const max = PROPOSAL_LIMITS.maxFileBytes;
  const problems: { path: string; problem: string }[] = [];
  for (const [path, bytes] of results) {
    if (bytes !== null && bytes.length > max) {
      problems.push({
        path,
        problem: `${quotePath(path)} would be ${formatBytes(bytes.length)}, over the ${formatBytes(max)} limit`,
      });
    }
  }
  return collectCheck('limits_file_size', problems, `Every file stays under ${formatBytes(max)}.`);
}

/** Every SKILL.md the patch leaves behind still has frontmatter Codex can load. */
export function checkSkills(results: Map<string, Buffer | null>): ValidationCheck {
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

/** Compares the touched files with their hashes from when the proposal was made. */
export async function checkFreshness(repoRoot: string, base: ProposalMeta['base']): Promise<ValidationCheck> {
  const changed: string[] = [];
  for (const entry of base) {
    const readable = findSyntaxProblem(entry.path) === null;
    if (!readable || (await hashRepoFile(repoRoot, entry.path)) !== entry.sha256) changed.push(entry.path);
  }
  if (changed.length === 0)
    return passCheck('fresh', 'The touched files are as they were when the proposal was made.');
  return failCheck(
    'fresh',
    `The repository changed since this proposal was generated (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}): regenerate it.`,
    { changed },
  );
}
