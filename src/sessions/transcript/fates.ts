import type { TranscriptEntry } from '../types.js';

/**
 * What became of each entry the normalizer emitted (by handle), once the whole rollout was read: dropped (a
 * duplicate of a later copy), turned into context (a user-role item whose event never came), or a patch
 * whose outcome a later line told. One byte per handle, so a transcript of millions of entries costs
 * megabytes, and an entry read again from the middle of the file is shown as a read from the start shows it.
 */
const REMOVED = 1;
const CONTEXT = 2;
const PATCH_APPLIED = 4;
const PATCH_FAILED = 8;

export class Fates {
  private bytes = new Uint8Array(1024);
  /** Handles seen so far (one past the highest). */
  size = 0;

  /** An entry was emitted under `handle`. */
  add(handle: number): void {
    if (handle >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(handle + 1, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    if (handle >= this.size) this.size = handle + 1;
  }

  /** As a map of entries deletes: false when the entry was already gone (or never came). */
  remove(handle: number): boolean {
    if (handle >= this.size || this.is(handle, REMOVED)) return false;
    this.set(handle, REMOVED);
    return true;
  }

  reclassify(handle: number): void {
    if (handle < this.size && !this.is(handle, REMOVED)) this.set(handle, CONTEXT);
  }

  settlePatch(handle: number, success: boolean): void {
    if (handle >= this.size || this.is(handle, REMOVED)) return;
    const at = this.bytes[handle] as number;
    this.bytes[handle] = (at & ~(PATCH_APPLIED | PATCH_FAILED)) | (success ? PATCH_APPLIED : PATCH_FAILED);
  }

  kept(handle: number): boolean {
    return !this.is(handle, REMOVED);
  }

  reclassified(handle: number): boolean {
    return this.is(handle, CONTEXT);
  }

  /** Gives a freshly read entry what became of it later in the file; false when it was dropped. */
  apply(handle: number, entry: TranscriptEntry): boolean {
    const at = this.bytes[handle] ?? 0;
    if (at & REMOVED) return false;
    if (at & CONTEXT) entry.kind = 'context';
    if (entry.patch && at & (PATCH_APPLIED | PATCH_FAILED)) entry.patch.success = (at & PATCH_APPLIED) !== 0;
    return true;
  }

  /** How many entries are kept before each of `handles` (ascending). */
  keptBefore(handles: readonly number[]): number[] {
    const counts: number[] = [];
    let kept = 0;
    let handle = 0;
    for (const until of handles) {
      for (; handle < until && handle < this.size; handle++) if (this.kept(handle)) kept++;
      counts.push(kept);
    }
    return counts;
  }

  private is(handle: number, flag: number): boolean {
    return ((this.bytes[handle] ?? 0) & flag) !== 0;
  }

  private set(handle: number, flag: number): void {
    this.bytes[handle] = (this.bytes[handle] ?? 0) | flag;
  }
}
