import type { RepoPathState } from '../disk.js';
import { formatBytes, PATCH_LIMITS } from '../limits.js';
import { type Check, collectCheck } from './check.js';
import { quotePath } from './path-rules.js';

/** Every existing file the patch touches is small enough to read and review (from `stat`, before reading it). */
export function checkExistingSizes(states: Map<string, RepoPathState>): Check {
  const max = PATCH_LIMITS.maxFileBytes;
  const problems: { path: string; problem: string }[] = [];
  for (const [path, state] of states) {
    if (state.kind === 'file' && state.size > max) {
      problems.push({
        path,
        problem: `${quotePath(path)} is already ${formatBytes(state.size)}, over the ${formatBytes(max)} limit; it is not read`,
      });
    }
  }
  return collectCheck('limits_file_size', problems, `Every touched file is under ${formatBytes(max)}.`);
}

/** Every file as the patch would leave it stays under the size limit. */
export function checkResultSizes(results: Map<string, Buffer | null>): Check {
  const max = PATCH_LIMITS.maxFileBytes;
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
