import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildOutputItems, type ModelReply } from './model-replies.js';

export type { ModelReply } from './model-replies.js';

/**
 * The project's own Responses-API server for driving the real `codex` CLI in tests.
 * Codex sends the whole history on every request (stateless), so a script can decide what to answer from
 * the last prompt and how many tool outputs came back since it.
 */
export interface ModelRequest {
  // biome-ignore lint/suspicious/noExplicitAny: the raw request body Codex sent; tests inspect it freely
  body: any;
  index: number;
  /** Text of the last prompt the person (or codex-retro) sent; injected context is skipped. */
  userText: string;
  /** Tool outputs in the history after that prompt. */
  toolOutputs: number;
  /** `body.text.format` is a JSON schema (`--output-schema` was given). */
  hasSchema: boolean;
}

export interface ModelServer {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  requests: ModelRequest[];
  close(): Promise<void>;
}

/** Text Codex puts in user-role messages that the person did not type. */
const INJECTED_PREFIXES = [
  '<environment_context>',
  '<user_instructions>',
  '# AGENTS.md',
  '<permissions instructions>',
  '<skills_instructions>',
  '<turn_aborted>',
  '<user_shell_command>',
  '<subagent_notification>',
];

interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
}

function readMessageText(item: InputItem): string {
  if (typeof item.content === 'string') return item.content;
  if (!Array.isArray(item.content)) return '';
  return item.content
    .map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : ''))
    .join('');
}

function isTypedPrompt(item: InputItem): boolean {
  if (item.type !== 'message' || item.role !== 'user') return false;
  const text = readMessageText(item).trimStart();
  return !INJECTED_PREFIXES.some((prefix) => text.startsWith(prefix));
}

// biome-ignore lint/suspicious/noExplicitAny: see ModelRequest.body
function describeRequest(body: any, index: number): ModelRequest {
  const input: InputItem[] = Array.isArray(body?.input) ? body.input : [];
  let promptIndex = -1;
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (item && isTypedPrompt(item)) {
      promptIndex = i;
      break;
    }
  }
  const userText = promptIndex >= 0 ? readMessageText(input[promptIndex] as InputItem) : '';
  const toolOutputs = input
    .slice(promptIndex + 1)
    .filter((item) => item.type === 'function_call_output' || item.type === 'custom_tool_call_output').length;
  const hasSchema = body?.text?.format?.type === 'json_schema';
  return { body, index, userText, toolOutputs, hasSchema };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function writeEvent(res: ServerResponse, type: string, data: Record<string, unknown>): void {
  res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function sendReply(
  res: ServerResponse,
  reply: ModelReply,
  request: ModelRequest,
  rawBody: string,
  closed: AbortSignal,
): Promise<void> {
  if (reply.kind === 'slow') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, reply.delayMs);
      closed.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (closed.aborted) return;
    return sendReply(res, reply.then, request, rawBody, closed);
  }
  if (reply.kind === 'http_error') {
    sendJson(res, reply.status, { error: { message: reply.message, type: 'mock_error', code: null } });
    return;
  }
  const responseId = `resp_${randomBytes(8).toString('hex')}`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  writeEvent(res, 'response.created', { response: { id: responseId, status: 'in_progress' } });
  if (reply.kind === 'stream_failure') {
    writeEvent(res, 'response.failed', {
      response: { id: responseId, status: 'failed', error: { code: 'server_error', message: reply.message } },
    });
    res.end();
    return;
  }
  const items = buildOutputItems(reply, request.body);
  items.forEach((item, outputIndex) => {
    writeEvent(res, 'response.output_item.done', { output_index: outputIndex, item });
  });
  const inputTokens = estimateTokens(rawBody);
  const outputTokens = estimateTokens(JSON.stringify(items));
  const reasoningTokens = items.filter((item) => item.type === 'reasoning').length * 5;
  writeEvent(res, 'response.completed', {
    response: {
      id: responseId,
      status: 'completed',
      output: items,
      usage: {
        input_tokens: inputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: outputTokens,
        output_tokens_details: { reasoning_tokens: reasoningTokens },
        total_tokens: inputTokens + outputTokens,
      },
    },
  });
  res.end();
}

/** Starts the server on 127.0.0.1 with a free port. `script` decides the answer to each `POST /v1/responses`. */
export async function startModelServer(script: (request: ModelRequest) => ModelReply): Promise<ModelServer> {
  const requests: ModelRequest[] = [];
  const server = createServer((req, res) => {
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path.startsWith('/v1/models')) {
      sendJson(res, 200, { models: [], data: [] });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/responses') {
      sendJson(res, 404, { error: { message: `no route for ${req.method} ${path}`, type: 'not_found' } });
      return;
    }
    readBody(req)
      .then(async (rawBody) => {
        const request = describeRequest(JSON.parse(rawBody), requests.length);
        requests.push(request);
        await sendReply(res, script(request), request, rawBody, closed.signal);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent)
          sendJson(res, 500, { error: { message: `model server: ${message}`, type: 'mock' } });
        else res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
