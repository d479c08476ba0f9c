import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes through a temp file and a rename, so a reader never sees half a report. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Keeps a copy of a written file in this run's own folder. */
export async function archiveFile(path: string, runDir: string): Promise<void> {
  await copyFile(path, join(runDir, basename(path)));
}

/** Writes `text` as this run's copy, then swaps it in as the latest file. */
export async function writeReportFile(path: string, runDir: string, text: string): Promise<void> {
  await writeFileAtomic(join(runDir, basename(path)), text);
  await writeFileAtomic(path, text);
}
