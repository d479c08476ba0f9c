import type { JobEvent } from '../api/types.js';

export interface EventLine {
  tone: 'info' | 'ok' | 'bad' | 'muted';
  text: string;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function clip(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function describeItem(phase: string, item: Record<string, unknown>): EventLine | null {
  const type = str(item.type);
  switch (type) {
    case 'command_execution': {
      const code = typeof item.exit_code === 'number' ? item.exit_code : null;
      if (phase === 'started') return { tone: 'info', text: `Running: ${clip(str(item.command))}` };
      return {
        tone: code === 0 || code === null ? 'ok' : 'bad',
        text: `Ran: ${clip(str(item.command))}${code === null ? '' : ` (exit ${code})`}`,
      };
    }
    case 'agent_message':
      return phase === 'completed' ? { tone: 'info', text: `Codex: ${clip(str(item.text))}` } : null;
    case 'reasoning':
      return phase === 'completed' ? { tone: 'muted', text: `Thinking: ${clip(str(item.text))}` } : null;
    case 'file_change':
      return { tone: 'info', text: 'Codex proposed a file change' };
    case 'web_search':
      return { tone: 'info', text: `Searching: ${clip(str(item.query))}` };
    case 'mcp_tool_call':
      return { tone: 'info', text: `Tool: ${str(item.server)} ${str(item.tool)}`.trim() };
    case 'todo_list':
      return phase === 'started' ? { tone: 'muted', text: 'Codex made a plan' } : null;
    case 'error':
      return { tone: 'bad', text: `Error: ${clip(str(item.message))}` };
    default:
      return null;
  }
}

/** One readable progress line for a job event (Codex `--json` events and the job's own), or null to skip. */
export function describeJobEvent(event: JobEvent): EventLine | null {
  const type = str(event.type);
  if (type.startsWith('item.')) {
    const item = event.item;
    if (typeof item !== 'object' || item === null) return null;
    return describeItem(type.slice(5), item as Record<string, unknown>);
  }
  switch (type) {
    case 'thread.started':
      return { tone: 'muted', text: `Codex session ${str(event.thread_id)} started` };
    case 'turn.started':
      return { tone: 'muted', text: 'Codex is working…' };
    case 'turn.completed': {
      const usage = event.usage as { input_tokens?: number; output_tokens?: number } | undefined;
      return {
        tone: 'ok',
        text: `Turn done${usage ? ` (${usage.input_tokens ?? 0} in / ${usage.output_tokens ?? 0} out tokens)` : ''}`,
      };
    }
    case 'turn.failed': {
      const error = event.error as { message?: unknown } | undefined;
      return { tone: 'bad', text: `Turn failed: ${clip(str(error?.message) || 'no reason given')}` };
    }
    case 'error':
      return { tone: 'bad', text: `Error: ${clip(str(event.message))}` };
    case 'job.status': {
      const status = str(event.status);
      const error = event.error as { message?: unknown } | undefined;
      if (status === 'failed')
        return { tone: 'bad', text: `Job failed: ${clip(str(error?.message) || 'no reason given')}` };
      if (status === 'succeeded') return { tone: 'ok', text: 'Job finished' };
      return status ? { tone: 'muted', text: `Job ${status}` } : null;
    }
    case 'artifact.written':
      return { tone: 'ok', text: 'Insights saved' };
    case 'proposal.saved':
      return event.valid === false
        ? { tone: 'bad', text: 'Proposal saved; its diff failed validation' }
        : { tone: 'ok', text: 'Proposal saved' };
    default: {
      const message = str(event.message) || str(event.text);
      if (message) return { tone: event.level === 'error' ? 'bad' : 'info', text: clip(message) };
      return type ? { tone: 'muted', text: type.replace(/[._]/g, ' ') } : null;
    }
  }
}
