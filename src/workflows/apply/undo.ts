import { z } from 'zod';
import type { FileWrite } from '../../patch/index.js';

/**
 * What an apply replaced, kept in the state folder beside the proposal's record: each file's bytes before
 * (null: it did not exist) and its mode. Revert writes these back by content, after checking every file is
 * still exactly as the apply left it.
 */
export const UNDO_FILE = 'undo.json';

const undoSchema = z.object({
  files: z.array(z.object({ path: z.string(), before: z.string().nullable(), mode: z.number() })),
});

export interface UndoFile {
  path: string;
  before: Buffer | null;
  mode: number;
}

export function encodeUndo(writes: readonly FileWrite[]): string {
  return JSON.stringify({
    files: writes.map((write) => ({
      path: write.path,
      before: write.before?.toString('base64') ?? null,
      mode: write.mode,
    })),
  });
}

export function decodeUndo(text: string): UndoFile[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = undoSchema.safeParse(data);
  if (!parsed.success) return null;
  return parsed.data.files.map((file) => ({
    path: file.path,
    before: file.before === null ? null : Buffer.from(file.before, 'base64'),
    mode: file.mode,
  }));
}
