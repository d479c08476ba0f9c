import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RetroError } from '../errors.js';
import { artifactId, assertId, ID_PATTERNS, parseArtifactId } from '../ids.js';
import { insightAnswerSchema } from './schema.js';

/** `<timestamp>.json` beside `<timestamp>.md`: the answer plus what ran to produce it. */
const artifactRecordSchema = z.object({
  artifact_id: z.string(),
  session_id: z.string(),
  created_at: z.string(),
  job_id: z.string().nullable(),
  mode: z.enum(['fork', 'resume', 'digest']),
  /** Why a digest run was made (Codex could not continue the session, or it was asked for); older records lack it. */
  mode_reason: z.string().nullable().optional(),
  model: z.string().nullable(),
  prompt: z.string(),
  codex_thread_id: z.string().nullable(),
  evidence: z.object({ quotes: z.number(), cited_entries: z.number(), unknown_entries: z.array(z.number()) }),
  insights: insightAnswerSchema,
});

export type InsightArtifactRecord = z.infer<typeof artifactRecordSchema>;

function insightsDir(repoRoot: string, sessionId: string): string {
  return join(repoRoot, '.codex-orchestrator', 'insights', assertId('session', sessionId));
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o644 });
  await rename(temp, path);
}

/** Writes `<timestamp>.md` first and `<timestamp>.json` last, so a listed artifact always has its markdown. */
export async function writeInsightArtifact(
  repoRoot: string,
  record: InsightArtifactRecord,
  markdown: string,
): Promise<void> {
  const { sessionId, timestamp } = parseArtifactId(record.artifact_id);
  const dir = insightsDir(repoRoot, sessionId);
  await mkdir(dir, { recursive: true });
  await writeAtomic(join(dir, `${timestamp}.md`), markdown);
  await writeAtomic(join(dir, `${timestamp}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

async function readRecord(path: string): Promise<InsightArtifactRecord> {
  const parsed = artifactRecordSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success)
    throw new Error(parsed.error.issues[0]?.message ?? 'does not match the artifact schema');
  return parsed.data;
}

export type InsightArtifactSummary = Omit<InsightArtifactRecord, 'insights' | 'prompt'> & {
  goal: string;
  outcome: InsightArtifactRecord['insights']['outcome'];
};

/** Newest first. Files that cannot be read are counted, not hidden without a trace. */
export async function listInsightArtifacts(
  repoRoot: string,
  sessionId: string,
): Promise<{ artifacts: InsightArtifactSummary[]; unreadable: number }> {
  const dir = insightsDir(repoRoot, sessionId);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { artifacts: [], unreadable: 0 };
    throw error;
  }
  const stamps = names
    .filter((n) => n.endsWith('.json') && ID_PATTERNS.timestamp.test(n.slice(0, -5)))
    .map((n) => n.slice(0, -5))
    .sort()
    .reverse();
  const artifacts: InsightArtifactSummary[] = [];
  let unreadable = 0;
  for (const stamp of stamps) {
    try {
      const { insights, prompt: _prompt, ...rest } = await readRecord(join(dir, `${stamp}.json`));
      artifacts.push({
        ...rest,
        artifact_id: artifactId(sessionId, stamp),
        goal: insights.goal,
        outcome: insights.outcome,
      });
    } catch {
      unreadable += 1;
    }
  }
  return { artifacts, unreadable };
}

/** Sessions with insights stored in this repository (a folder each under `.codex-orchestrator/insights/`). */
export async function listInsightSessions(repoRoot: string): Promise<string[]> {
  try {
    const names = await readdir(join(repoRoot, '.codex-orchestrator', 'insights'));
    return names.filter((name) => ID_PATTERNS.session.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every session's insights in this repository, newest first. */
export async function listAllInsightArtifacts(
  repoRoot: string,
): Promise<{ artifacts: InsightArtifactSummary[]; unreadable: number }> {
  const artifacts: InsightArtifactSummary[] = [];
  let unreadable = 0;
  for (const sessionId of await listInsightSessions(repoRoot)) {
    const listed = await listInsightArtifacts(repoRoot, sessionId);
    artifacts.push(...listed.artifacts);
    unreadable += listed.unreadable;
  }
  artifacts.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  return { artifacts, unreadable };
}

/** One artifact with its markdown; `insight_not_found` (404) when it does not exist (yet). */
export async function readInsightArtifact(
  repoRoot: string,
  id: string,
): Promise<InsightArtifactRecord & { markdown: string }> {
  const { sessionId, timestamp } = parseArtifactId(id);
  const dir = insightsDir(repoRoot, sessionId);
  let record: InsightArtifactRecord;
  let markdown: string;
  try {
    [record, markdown] = await Promise.all([
      readRecord(join(dir, `${timestamp}.json`)),
      readFile(join(dir, `${timestamp}.md`), 'utf8'),
    ]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RetroError(
        'insight_not_found',
        `No insights ${id} in this repository yet. If its job is still running, wait for it to finish; otherwise run insights again.`,
        { status: 404 },
      );
    }
    throw new RetroError(
      'insight_unreadable',
      `Insights ${id} cannot be read (${(error as Error).message}); run insights again.`,
      {
        status: 500,
      },
    );
  }
  return { ...record, artifact_id: id, markdown };
}
