import { randomBytes } from 'node:crypto';

/** What the model server answers to one request. */
export type ModelReply =
  | { kind: 'message'; text: string; reasoning?: string }
  /** A final message whose text is `JSON.stringify(value)`. */
  | { kind: 'json'; value: unknown }
  | {
      kind: 'tool_calls';
      /**
       * `name: 'shell'` with `arguments: { command: string, workdir? }` becomes whichever shell tool Codex offered
       * (`exec_command`, `shell_command` or `shell`); `name: 'apply_patch'` with `input` becomes the custom
       * apply_patch tool when offered, else a heredoc through the shell. Other names go out as given.
       */
      calls: { name: string; arguments?: unknown; input?: string; custom?: boolean }[];
      text?: string;
    }
  | { kind: 'http_error'; status: number; message: string }
  | { kind: 'stream_failure'; message: string }
  | { kind: 'slow'; delayMs: number; then: ModelReply };

type OutputItem = Record<string, unknown> & { type: string };
type Call = Extract<ModelReply, { kind: 'tool_calls' }>['calls'][number];

interface OfferedTool {
  type?: string;
  name?: string;
}

function newItemId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

function messageItem(text: string): OutputItem {
  return {
    type: 'message',
    role: 'assistant',
    id: newItemId('msg'),
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

function reasoningItem(text: string): OutputItem {
  return { type: 'reasoning', id: newItemId('rs'), summary: [{ type: 'summary_text', text }] };
}

function functionCall(name: string, args: unknown): OutputItem {
  return {
    type: 'function_call',
    id: newItemId('fc'),
    call_id: newItemId('call'),
    name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
  };
}

function customCall(name: string, input: string): OutputItem {
  return {
    type: 'custom_tool_call',
    id: newItemId('ctc'),
    call_id: newItemId('call'),
    name,
    input,
    status: 'completed',
  };
}

// biome-ignore lint/suspicious/noExplicitAny: raw request body
function readOfferedTools(body: any): OfferedTool[] {
  return Array.isArray(body?.tools) ? body.tools : [];
}

function offers(tools: OfferedTool[], name: string, type?: string): boolean {
  return tools.some((tool) => tool.name === name && (type === undefined || tool.type === type));
}

function shellCall(tools: OfferedTool[], args: unknown): OutputItem {
  const { command, workdir } = (args ?? {}) as { command?: unknown; workdir?: string };
  if (typeof command !== 'string') return functionCall('shell', args);
  if (offers(tools, 'exec_command')) return functionCall('exec_command', { cmd: command, workdir });
  if (offers(tools, 'shell_command')) return functionCall('shell_command', { command, workdir });
  if (tools.some((tool) => tool.type === 'local_shell')) {
    return {
      type: 'local_shell_call',
      id: newItemId('lsh'),
      call_id: newItemId('call'),
      status: 'completed',
      action: { type: 'exec', command: ['bash', '-lc', command], working_directory: workdir },
    };
  }
  return functionCall('shell', { command: ['bash', '-lc', command], workdir });
}

function applyPatchCall(tools: OfferedTool[], call: Call): OutputItem {
  const patch = call.input ?? '';
  if (call.custom || offers(tools, 'apply_patch', 'custom')) return customCall('apply_patch', patch);
  if (offers(tools, 'apply_patch', 'function')) return functionCall('apply_patch', { input: patch });
  return shellCall(tools, { command: `apply_patch <<'PATCH_EOF'\n${patch}\nPATCH_EOF` });
}

function toolCallItem(tools: OfferedTool[], call: Call): OutputItem {
  if (call.name === 'shell') return shellCall(tools, call.arguments);
  if (call.name === 'apply_patch') return applyPatchCall(tools, call);
  if (call.custom) return customCall(call.name, call.input ?? '');
  return functionCall(call.name, call.arguments);
}

/** The output items of a successful response, shaped for the tools this request offered. */
export function buildOutputItems(
  reply: Extract<ModelReply, { kind: 'message' | 'json' | 'tool_calls' }>,
  // biome-ignore lint/suspicious/noExplicitAny: raw request body
  body: any,
): OutputItem[] {
  if (reply.kind === 'json') return [messageItem(JSON.stringify(reply.value))];
  if (reply.kind === 'message') {
    return reply.reasoning === undefined
      ? [messageItem(reply.text)]
      : [reasoningItem(reply.reasoning), messageItem(reply.text)];
  }
  const tools = readOfferedTools(body);
  const items = reply.calls.map((call) => toolCallItem(tools, call));
  return reply.text === undefined ? items : [messageItem(reply.text), ...items];
}
