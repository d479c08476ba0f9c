/**
 * How big a proposal may be (seed 2, §9.4). A proposal edits a handful of skills and AGENTS.md; anything
 * larger is more than a person can review in one sitting, so it is refused and has to be split.
 */
export const PATCH_LIMITS = {
  /** Files one patch may touch (a rename or copy counts once). */
  maxFiles: 20,
  /** Size of every file as it would be after the patch, and of every existing file it touches. */
  maxFileBytes: 64 * 1024,
  /** Size of the whole unified diff. */
  maxPatchBytes: 256 * 1024,
  /** Length of one path inside the repo, in characters. */
  maxPathLength: 240,
} as const;

/** `65536` → `64 KiB`, for messages a person reads. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kib = bytes / 1024;
  return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
}
