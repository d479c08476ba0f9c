export { failCheck, isSkipped, passCheck } from './checks/check.js';
export { type BaseFiles, fingerprintFiles } from './checks/fresh.js';
export { findAllowEntryProblem, findSyntaxProblem } from './checks/path-rules.js';
export type { FileWrite } from './compute.js';
export { readRepoFile, sha256 } from './disk.js';
export { formatBytes, PATCH_LIMITS } from './limits.js';
export { type FilePatch, formatHunkHeader, listPatchPaths } from './model.js';
export { parsePatch } from './parse.js';
export { formatPatch } from './serialize.js';
export { checkPatch, type PatchVerdict } from './validate.js';
export { describePatch, listChangedPaths, type PatchView } from './view.js';
export {
  type Backup,
  RestoreFailed,
  restoreBackup,
  type WriteJournal,
  writeAtomically,
} from './write.js';
