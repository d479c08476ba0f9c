/**
 * The mix of line types in a set of rollouts: how many lines of each kind, and their average size. Printed for
 * the real fixture rollouts beside the generated many-lines store, so the store's shape can be checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type LineMix = Record<string, { lines: number; bytes: number }>;

const CONTEXT =
  /^(<environment_context>|<user_instructions>|# AGENTS\.md|<permissions instructions>|<skills_instructions>)/;

/** A line's kind: envelope type, payload type, and for messages the role (injected context apart). */
export function lineKind(value: unknown): string {
  const line = value as { type?: string; payload?: Record<string, unknown> };
  const payload = line.payload ?? {};
  const type = typeof payload.type === 'string' ? payload.type : null;
  if (line.type === 'response_item' && type === 'message') {
    const role = String(payload.role);
    const first = (payload.content as { text?: string }[] | undefined)?.[0]?.text ?? '';
    return role === 'user' && CONTEXT.test(first) ? 'message user (injected context)' : `message ${role}`;
  }
  if (line.type === 'response_item') return type ?? 'response_item';
  if (line.type === 'event_msg' && type === 'item_completed') {
    return `item_completed ${(payload.item as { type?: string } | undefined)?.type}`;
  }
  if (line.type === 'event_msg') return type ?? 'event_msg';
  return String(line.type);
}

export function addLine(mix: LineMix, kind: string, bytes: number): void {
  const entry = mix[kind] ?? { lines: 0, bytes: 0 };
  mix[kind] = entry;
  entry.lines += 1;
  entry.bytes += bytes;
}

/** The mix of every `.jsonl` under `dir`. */
export function measureMix(dir: string): LineMix {
  const mix: LineMix = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(entry.parentPath, entry.name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      addLine(mix, lineKind(JSON.parse(line)), Buffer.byteLength(line) + 1);
    }
  }
  return mix;
}

/** Two mixes side by side: share of lines and average size of each kind, most frequent first. */
export function formatMixes(columns: [string, LineMix][]): string {
  const totals = columns.map(([, mix]) => Object.values(mix).reduce((sum, m) => sum + m.lines, 0));
  const kinds = [...new Set(columns.flatMap(([, mix]) => Object.keys(mix)))];
  const share = (mix: LineMix, kind: string, total: number) => (mix[kind]?.lines ?? 0) / total;
  kinds.sort(
    (a, b) => share(columns.at(-1)![1], b, totals.at(-1)!) - share(columns.at(-1)![1], a, totals.at(-1)!),
  );
  const cell = (mix: LineMix, kind: string, total: number) => {
    const m = mix[kind];
    return m
      ? `${((m.lines / total) * 100).toFixed(1).padStart(5)}% ${String(Math.round(m.bytes / m.lines)).padStart(6)} B`
      : `${'-'.padStart(6)} ${''.padStart(8)}`;
  };
  const head = `  ${'line type'.padEnd(34)}${columns.map(([name]) => name.padStart(16)).join('  ')}`;
  const rows = kinds.map(
    (kind) =>
      `  ${kind.padEnd(34)}${columns.map(([, mix], i) => cell(mix, kind, totals[i]!).padStart(16)).join('  ')}`,
  );
  const sizes = columns.map(([, mix], i) => {
    const bytes = Object.values(mix).reduce((sum, m) => sum + m.bytes, 0);
    return `${totals[i]} lines, ${Math.round(bytes / totals[i]!)} B avg`.padStart(16);
  });
  return [head, ...rows, `  ${'all lines'.padEnd(34)}${sizes.join('  ')}`].join('\n');
}
