import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a long rollout in the line shapes of 0.100–0.130 (response items beside their event copies, either
 * copy first; reasoning; exec_command calls and outputs, parallel ones interleaved; apply_patch calls settled by
 * patch_apply_end; token counts; task events), with what only the end of the file decides: a user-role item
 * whose event never comes (context, not typed), early on. Sized by `turns` and `outputBytes` (a tool output's
 * length); about 1 KB of lines a step besides the outputs.
 */
export interface LongRollout {
  path: string;
  id: string;
  bytes: number;
  lines: number;
}

export function writeLongRollout(
  codexHome: string,
  options: { turns: number; stepsPerTurn?: number; outputBytes?: number; id?: string },
): LongRollout {
  const id = options.id ?? '019c7777-1111-7222-8333-444455556666';
  const dir = join(codexHome, 'sessions', '2026', '11', '20');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `rollout-2026-11-20T08-00-00-${id}.jsonl`);
  const fd = openSync(path, 'w');
  let ms = Date.parse('2026-11-20T08:00:00.000Z');
  let pending = '';
  let bytes = 0;
  let lines = 0;
  const emit = (type: string, payload: unknown) => {
    ms += 37;
    pending += `${JSON.stringify({ timestamp: new Date(ms).toISOString(), type, payload })}\n`;
    lines++;
    if (pending.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += writeSync(fd, pending);
    pending = '';
  };
  const item = (payload: unknown) => emit('response_item', payload);
  const event = (payload: unknown) => emit('event_msg', payload);
  const filler = (n: number, seed: number) =>
    Array.from(
      { length: Math.ceil(n / 48) },
      (_, i) => `line ${seed}.${i}: build step finished without errors`,
    )
      .join('\n')
      .slice(0, n);
  emit('session_meta', {
    id,
    timestamp: new Date(ms).toISOString(),
    cwd: '/home/dev/long',
    originator: 'codex_cli_rs',
    cli_version: '0.130.0',
    source: 'cli',
    model_provider: 'openai',
  });
  const steps = options.stepsPerTurn ?? 6;
  for (let turn = 0; turn < options.turns; turn++) {
    const turnId = `019c7777-2000-7000-8000-${String(turn).padStart(12, '0')}`;
    event({ type: 'task_started', turn_id: turnId, model_context_window: 272000 });
    emit('turn_context', { turn_id: turnId, cwd: '/home/dev/long', model: 'gpt-5.2-codex', summary: 'auto' });
    const prompt = `Turn ${turn}: make step ${turn} of the long task`;
    item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    event({ type: 'user_message', message: prompt, images: [] });
    if (turn === 1) {
      // Codex wrote it as a user-role item, but never said the person typed it: context, known only at the end.
      item({
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'A notice Codex injected' }],
      });
    }
    for (let step = 0; step < steps; step++) {
      const thought = `Thinking about step ${turn}.${step}`;
      // Either copy may come first.
      if (step % 2) event({ type: 'agent_reasoning', text: thought });
      item({
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: thought }],
        content: null,
        encrypted_content: 'gAAAA',
      });
      if (!(step % 2)) event({ type: 'agent_reasoning', text: thought });
      const call = `call_${turn}_${step}`;
      if (step === 2) {
        const patch = `*** Begin Patch\n*** Update File: src/step_${turn}.ts\n@@\n-old ${turn}\n+new ${turn}\n*** End Patch\n`;
        item({
          type: 'custom_tool_call',
          status: 'completed',
          call_id: call,
          name: 'apply_patch',
          input: patch,
        });
        item({
          type: 'custom_tool_call_output',
          call_id: call,
          output:
            'Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nM src/step.ts\n',
        });
        event({ type: 'patch_apply_end', call_id: call, success: turn % 3 !== 0, stdout: '', stderr: '' });
        continue;
      }
      const parallel = step === 3 ? `${call}_b` : null;
      item({
        type: 'function_call',
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: `npm test -- ${turn} ${step}` }),
        call_id: call,
      });
      if (parallel)
        item({
          type: 'function_call',
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: 'git status' }),
          call_id: parallel,
        });
      const code = step === 4 ? 1 : 0;
      const output = filler(options.outputBytes ?? 600, turn * 100 + step);
      item({
        type: 'function_call_output',
        call_id: call,
        output: `Chunk ID: ab12\nWall time: 0.2500 seconds\nProcess exited with code ${code}\nOriginal token count: 10\nOutput:\n${output}`,
      });
      if (parallel)
        item({
          type: 'function_call_output',
          call_id: parallel,
          output:
            'Chunk ID: cd34\nWall time: 0.0100 seconds\nProcess exited with code 0\nOriginal token count: 2\nOutput:\nclean\n',
        });
      event({
        type: 'token_count',
        info: {
          total_token_usage: {
            input_tokens: 1000 * (turn + 1),
            cached_input_tokens: 0,
            output_tokens: 10 * (step + 1),
            reasoning_output_tokens: 0,
            total_tokens: 1000 * (turn + 1) + 10 * (step + 1),
          },
          last_token_usage: {
            input_tokens: 1000,
            cached_input_tokens: 0,
            output_tokens: 10,
            reasoning_output_tokens: 0,
            total_tokens: 1010,
          },
        },
      });
    }
    const answer = `Step ${turn} is done.`;
    event({ type: 'agent_message', message: answer });
    item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] });
    event({ type: 'task_complete', turn_id: turnId, last_agent_message: answer });
  }
  flush();
  closeSync(fd);
  return { path, id, bytes, lines };
}
