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

/** `65536` → `64 KiB`, `2684354560` → `2.5 GiB`: sizes in the unit a person reads at a glance. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  // 1023.95 and up would print as 1024.0 of the smaller unit.
  while (value >= 1023.95 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
