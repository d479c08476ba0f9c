import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { assertId } from '../ids.js';

/** What Codex says it ran a turn with: the `turn_context` it writes into the thread's rollout. */
export interface ReportedSettings {
  sandbox_policy: string | null;
  approval_policy: string | null;
  model: string | null;
}

/** Rollouts are filed by day (`sessions/YYYY/MM/DD/rollout-…-<id>.jsonl`); the newest days come first. */
async function findRollout(codexHome: string, threadId: string): Promise<string | null> {
  const root = join(codexHome, 'sessions');
  const names = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const year of await names(root)) {
    for (const month of await names(join(root, year))) {
      for (const day of await names(join(root, year, month))) {
        const dir = join(root, year, month, day);
        const file = (await names(dir)).find(
          (name) => name.startsWith('rollout-') && name.endsWith(`${threadId}.jsonl`),
        );
        if (file) return join(dir, file);
      }
    }
  }
  return null;
}

/**
 * The settings of the thread's last turn, as Codex recorded them (null when it wrote no rollout or no
 * `turn_context`). Lines are streamed; only those naming a turn context are parsed.
 */
export async function readReportedSettings(
  codexHome: string,
  threadId: string,
): Promise<ReportedSettings | null> {
  assertId('session', threadId);
  const path = await findRollout(codexHome, threadId);
  if (path === null) return null;
  let last: ReportedSettings | null = null;
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line.includes('"turn_context"')) continue;
    try {
      const record = JSON.parse(line) as { type?: unknown; payload?: Record<string, unknown> };
      if (record.type !== 'turn_context' || typeof record.payload !== 'object' || record.payload === null)
        continue;
      const payload = record.payload;
      const sandbox = payload.sandbox_policy as { type?: unknown } | string | undefined;
      last = {
        sandbox_policy:
          typeof sandbox === 'string' ? sandbox : typeof sandbox?.type === 'string' ? sandbox.type : null,
        approval_policy: typeof payload.approval_policy === 'string' ? payload.approval_policy : null,
        model: typeof payload.model === 'string' ? payload.model : null,
      };
    } catch {
      // A line that is not JSON is not a turn context; the rollout's own readers count such lines.
    }
  }
  return last;
}
