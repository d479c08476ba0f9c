import type { SessionFacets } from '../../../src/report/facets/facet-contract.js';

/**
 * What the test model server answers to a facet batch: facets read from each digest the prompt holds, every
 * quote copied from it, as a careful model would write them. Nothing is made up: a failed command becomes a
 * `failed_command` friction quoting its line, an error line a `tool_or_model_error`.
 */

interface PromptSession {
  id: string;
  lines: string[];
}

/** The sessions of a facet prompt: `### Session <id>` and its fenced digest. */
function readFacetPrompt(prompt: string): PromptSession[] {
  const sessions: PromptSession[] = [];
  const pattern = /### Session (\S+)\n\n```text\n([\s\S]*?)\n```/g;
  for (const match of prompt.matchAll(pattern)) {
    sessions.push({ id: match[1] ?? '', lines: (match[2] ?? '').split('\n') });
  }
  return sessions;
}

/** The text after a digest line's `[n] who:` prefix. */
function body(line: string): string {
  return line.replace(/^\[\d+\]\s*[^:]+:\s*/, '');
}

/** A start of `text` at most `max` characters long, cut at a space: still a verbatim piece of the line. */
function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), 20));
}

function facetsFromDigest(lines: string[]): SessionFacets {
  const typed = lines.filter((line) => /^\[\d+\] you: /.test(line));
  const tools = lines.filter((line) => /^\[\d+\] tool /.test(line));
  const friction: SessionFacets['friction'] = [];
  for (const line of lines) {
    if (/^\[\d+\] tool .*→ exit [1-9]\d*/.test(line)) {
      friction.push({ kind: 'failed_command', quote: head(body(line), 150) });
    } else if (/^\[\d+\] (turn_aborted|turn_failed|stream_error|model_error|error):/.test(line)) {
      friction.push({ kind: 'tool_or_model_error', quote: head(body(line), 150) });
    }
  }
  const replied = lines.some((line) => /^\[\d+\] codex: /.test(line));
  const goal = typed[0]
    ? head(body(typed[0]), 140)
    : 'Not stated: the session has no message typed by the person.';
  return {
    goal: `The person asked: ${goal}`,
    goal_category: tools.length === 0 ? 'question' : 'other',
    outcome: friction.length > 0 ? 'partly' : replied ? 'achieved' : 'unclear',
    outcome_note:
      friction.length > 0 ? 'Something failed on the way.' : replied ? 'Codex answered.' : 'No reply.',
    satisfaction: 'unclear',
    satisfaction_signals: [],
    session_type:
      typed.length > 1 ? 'iterative_refinement' : tools.length === 0 ? 'quick_question' : 'single_task',
    friction: friction.slice(0, 3),
    summary: `${typed.length} message(s) from the person, ${tools.length} tool call(s).`,
  };
}

/** The answer to a whole facet prompt. */
export function answerFacetPrompt(prompt: string): { sessions: (SessionFacets & { session_id: string })[] } {
  return {
    sessions: readFacetPrompt(prompt).map((session) => ({
      session_id: session.id,
      ...facetsFromDigest(session.lines),
    })),
  };
}
