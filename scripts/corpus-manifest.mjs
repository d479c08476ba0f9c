/**
 * The facts a corpus written by scripts/gen-corpus.ts must yield, read from its JSONL with nothing of the
 * product's parser: the tests compare the parser against these. Envelope-era rollouts (0.40 and newer) only.
 *
 *   node scripts/corpus-manifest.mjs <corpus dir>   (writes <corpus dir>/manifest.json)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: corpus-manifest.mjs <corpus dir>');

const INJECTED =
  /^\s*(<environment_context>|<user_instructions>|# AGENTS\.md|<permissions instructions>|<skills_instructions>)/;

function textOf(content) {
  return Array.isArray(content) ? content.map((part) => part?.text ?? '').join('') : String(content ?? '');
}

function exitCodeOf(output) {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  const match = /Process exited with code (\d+)|^Exit code: (\d+)/m.exec(text);
  return match ? Number(match[1] ?? match[2]) : null;
}

function facts(path) {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const entry = {
    file: relative(dir, path),
    era: 'envelope',
    session_id: null,
    cli_version: null,
    cwd: null,
    model: null,
    git: null,
    forked_from: null,
    user_turns: 0,
    user_messages: [],
    assistant_messages: 0,
    tool_calls: {},
    failed_commands: [],
    exit_codes: [],
    last_total_tokens: null,
  };
  const names = new Map();
  let metas = 0;
  for (const line of lines) {
    const { type, payload } = JSON.parse(line);
    if (type === 'session_meta') {
      // A fork copies its parent's lines after its own meta: only what precedes a second meta is its own.
      metas++;
      if (metas > 1) continue;
      entry.session_id = payload.id;
      entry.cli_version = payload.cli_version;
      entry.cwd = payload.cwd;
      entry.git = payload.git ?? null;
      entry.forked_from = payload.forked_from_id ?? null;
    } else if (type === 'turn_context') {
      entry.model ??= payload.model;
    } else if (type === 'event_msg' && payload.type === 'token_count' && payload.info) {
      entry.last_total_tokens = payload.info.total_token_usage?.total_tokens ?? entry.last_total_tokens;
    } else if (type === 'response_item') {
      if (payload.type === 'message' && payload.role === 'user' && !INJECTED.test(textOf(payload.content))) {
        entry.user_turns++;
        entry.user_messages.push(textOf(payload.content));
      } else if (payload.type === 'message' && payload.role === 'assistant') entry.assistant_messages++;
      else if (payload.type === 'function_call' || payload.type === 'custom_tool_call') {
        entry.tool_calls[payload.name] = (entry.tool_calls[payload.name] ?? 0) + 1;
        names.set(payload.call_id, payload.name);
      } else if (payload.type === 'function_call_output' || payload.type === 'custom_tool_call_output') {
        const code = exitCodeOf(payload.output);
        entry.exit_codes.push(code);
        if (code !== 0)
          entry.failed_commands.push({
            call_id: payload.call_id,
            tool: names.get(payload.call_id),
            exit_code: code,
          });
      }
    }
  }
  return entry;
}

const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.jsonl'))
  .sort();
const manifest = files.map((name) => facts(join(dir, name)));
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${manifest.length} files`);
