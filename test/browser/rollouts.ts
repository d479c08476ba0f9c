import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Rollouts written the way Codex 0.169 writes them (`{timestamp, type, payload}` lines), for sessions the
 * fixture corpus has no example of: one whose only mention of a word is in a tool's output, and one with
 * 100,000 transcript entries.
 */
export type RolloutItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'shell'; command: string; output: string; exitCode: number };

interface RolloutSpec {
  id: string;
  startedAt: Date;
  cwd: string;
  model?: string;
  items: Iterable<RolloutItem>;
}

function pathFor(codexHome: string, id: string, startedAt: Date): string {
  const iso = startedAt.toISOString();
  const [date] = iso.split('T') as [string];
  const [y, m, d] = date.split('-') as [string, string, string];
  const stamp = iso.slice(0, 19).replace(/:/g, '-');
  return join(codexHome, 'sessions', y, m, d, `rollout-${stamp}-${id}.jsonl`);
}

function* linesOf(spec: RolloutSpec): Generator<string> {
  let ms = spec.startedAt.getTime();
  const at = () => {
    ms += 10;
    return new Date(ms).toISOString();
  };
  const turn = `${spec.id.slice(0, 24)}aaaaaaaaaaaa`;
  const line = (type: string, payload: Record<string, unknown>) =>
    JSON.stringify({ timestamp: at(), type, payload });
  yield line('session_meta', {
    id: spec.id,
    session_id: spec.id,
    timestamp: spec.startedAt.toISOString(),
    cwd: spec.cwd,
    originator: 'codex_cli_rs',
    cli_version: '0.169.0',
    source: 'cli',
    model_provider: 'openai',
  });
  yield line('turn_context', {
    turn_id: turn,
    cwd: spec.cwd,
    approval_policy: 'never',
    model: spec.model ?? 'gpt-5.5',
  });
  let call = 0;
  for (const item of spec.items) {
    if (item.kind === 'user') {
      yield line('event_msg', { type: 'user_message', message: item.text, turn_id: turn });
      yield line('response_item', {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: item.text }],
      });
    } else if (item.kind === 'assistant') {
      yield line('response_item', {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: item.text, annotations: [] }],
      });
    } else {
      const callId = `call_${String(++call).padStart(6, '0')}`;
      yield line('response_item', {
        type: 'function_call',
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: item.command }),
        call_id: callId,
      });
      yield line('response_item', {
        type: 'function_call_output',
        call_id: callId,
        output: `Process exited with code ${item.exitCode}\nOutput:\n${item.output}\n`,
      });
    }
  }
}

/** Writes one rollout into `$CODEX_HOME/sessions/YYYY/MM/DD/`, streaming, and returns its path. */
export async function writeRollout(codexHome: string, spec: RolloutSpec): Promise<string> {
  const path = pathFor(codexHome, spec.id, spec.startedAt);
  await mkdir(join(path, '..'), { recursive: true });
  const out = createWriteStream(path);
  for (const text of linesOf(spec)) {
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}
