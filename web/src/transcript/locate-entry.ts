/**
 * The index of the transcript entry that comes from rollout line `line` (what insights cite as "entry #N"),
 * or null when no entry does. Entries are in rollout order, so this is a binary search over the first entry
 * at or after that line: about twenty lookups for a million entries, each answered from loaded pages or by
 * a one-entry request.
 */
export async function locateEntry(
  total: number,
  lineAt: (index: number) => Promise<number | null>,
  line: number,
): Promise<number | null> {
  if (total <= 0) return null;
  let low = 0;
  let high = total - 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const at = await lineAt(middle);
    if (at === null) return null;
    if (at < line) low = middle + 1;
    else high = middle;
  }
  return (await lineAt(low)) === line ? low : null;
}
