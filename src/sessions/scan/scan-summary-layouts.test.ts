import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScanResult, scanRollout } from './scan.js';

/**
 * The session list reads lines in the layout Codex writes from their bytes, and any other layout JSON allows
 * either from its bytes or with JSON.parse. Real rollout lines written again in generated layouts (members in
 * another order, whitespace between tokens, characters written as escapes, numbers written as 1.0 or 1e+0,
 * unknown members, repeated members, Unicode in the text) must give the list row the full parser gives.
 */

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');
const SOURCES = [
  ...readdirSync(join(FIXTURES, 'rollouts/eras'))
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => join(FIXTURES, 'rollouts/eras', name)),
  ...['0.40.0/sessions/2026/11/22', '0.169.0/sessions/2026/11/22', '0.171.0/sessions/2026/12/03'].map((dir) =>
    join(FIXTURES, 'codex-sessions', dir),
  ),
].flatMap((path) =>
  path.endsWith('.jsonl')
    ? [path]
    : readdirSync(path)
        .filter((name) => name.endsWith('.jsonl'))
        .map((name) => join(path, name)),
);
const LINES = SOURCES.map((path) => readFileSync(path, 'utf8').split('\n'));

/** Text put into strings: non-ASCII of every UTF-8 length, a line separator, a lone surrogate, a quote. */
const UNICODE = ['é', 'ß', '日本語', '😀', '\u2028', '\u{10FFFF}', '\ud800', '"', '\\', '\u0000', 'Ω\u0301'];
/** Members whose value says what a line is: left as they are so lines keep their kind. */
const NAMING = new Set(['type', 'timestamp', 'role']);

/** The kinds of change a generated layout makes; each run makes some of them. */
interface Changes {
  space: boolean;
  escape: boolean;
  number: boolean;
  order: boolean;
  unknown: boolean;
  repeat: boolean;
  unicode: boolean;
}

interface Layout {
  next: () => number;
  /** How often each change is made, 0…1. */
  rate: number;
  changes: Changes;
}

function space(layout: Layout): string {
  return layout.changes.space && layout.next() < layout.rate * 0.5
    ? ([' ', '\t', '  ', ' \t '][Math.floor(layout.next() * 4)] ?? '')
    : '';
}

function writeString(text: string, layout: Layout): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    const paired = high
      ? (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
      : low && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
    const must = unit < 0x20 || unit === 0x22 || unit === 0x5c || ((high || low) && !paired);
    if (must || (layout.changes.escape && layout.next() < layout.rate * 0.1)) {
      const short = { 34: '\\"', 92: '\\\\', 10: '\\n', 9: '\\t', 47: '\\/' }[unit];
      out += short && layout.next() < 0.5 ? short : `\\u${unit.toString(16).padStart(4, '0')}`;
    } else out += text[i];
  }
  return `${out}"`;
}

function writeNumber(value: number, layout: Layout): string {
  if (
    !layout.changes.number ||
    !Number.isInteger(value) ||
    value === 0 ||
    layout.next() >= layout.rate * 0.3
  ) {
    return JSON.stringify(value);
  }
  return layout.next() < 0.5 ? `${value}.0` : value.toExponential();
}

function write(value: unknown, layout: Layout, key: string | null): string {
  if (typeof value === 'string') {
    const text =
      layout.changes.unicode && key !== null && !NAMING.has(key) && layout.next() < layout.rate * 0.2
        ? value + (UNICODE[Math.floor(layout.next() * UNICODE.length)] ?? '')
        : value;
    return writeString(text, layout);
  }
  if (typeof value === 'number') return writeNumber(value, layout);
  if (Array.isArray(value)) {
    return `[${space(layout)}${value.map((item) => write(item, layout, null)).join(`${space(layout)},${space(layout)}`)}${space(layout)}]`;
  }
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const members: [string, string][] = Object.entries(value).map(([name, member]) => [
    name,
    write(member, layout, name),
  ]);
  if (layout.changes.order && layout.next() < layout.rate * 0.5) {
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(layout.next() * (i + 1));
      [members[i], members[j]] = [members[j] as [string, string], members[i] as [string, string]];
    }
  }
  if (layout.changes.unknown && layout.next() < layout.rate * 0.3) {
    const unknown =
      ['"x"', '0', '{"nested":[1,{"a":null}]}', '[]', 'true'][Math.floor(layout.next() * 5)] ?? '0';
    members.splice(Math.floor(layout.next() * (members.length + 1)), 0, ['extra_field', unknown]);
  }
  if (layout.changes.repeat && members.length > 0 && layout.next() < layout.rate * 0.3) {
    // A member twice, the second time with another member's value (or its own): JSON.parse keeps the last.
    const pick = () => members[Math.floor(layout.next() * members.length)] as [string, string];
    members.splice(Math.floor(layout.next() * (members.length + 1)), 0, [pick()[0], pick()[1]]);
  }
  const body = members.map(
    ([name, member]) =>
      `${space(layout)}${writeString(name, layout)}${space(layout)}:${space(layout)}${member}`,
  );
  return `{${body.join(`${space(layout)},`)}${space(layout)}}`;
}

/** A payload that starts as Codex writes it, `{"type":"…"` (which tells what it is), in any layout after. */
function writePayload(payload: unknown, layout: Layout): string {
  if (typeof payload !== 'object' || payload === null || !('type' in payload) || layout.next() < 0.2) {
    return write(payload, layout, 'payload');
  }
  const { type, ...rest } = payload as Record<string, unknown>;
  const head = `{"type":${JSON.stringify(type)}`;
  return Object.keys(rest).length === 0 ? `${head}}` : `${head},${write(rest, layout, 'payload').slice(1)}`;
}

/** A small deterministic generator (mulberry32) seeded by the property. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rewrite(lines: string[], layout: Layout): string {
  return lines
    .map((line) => {
      if (line === '' || layout.next() >= layout.rate) return line;
      try {
        const value = JSON.parse(line) as unknown;
        // Mostly the envelope as Codex writes it, which the list reads from its bytes, around a payload in
        // another layout; else the whole line in another layout.
        if (layout.next() < 0.2 || typeof value !== 'object' || value === null || !('payload' in value)) {
          return write(value, layout, null);
        }
        const members = Object.entries(value).map(
          ([name, member]) =>
            `"${name}":${name === 'payload' ? writePayload(member, layout) : JSON.stringify(member)}`,
        );
        return `{${members.join(',')}}`;
      } catch {
        return line;
      }
    })
    .join('\n');
}

function listFacts(result: ScanResult) {
  return {
    metadata: result.metadata,
    issues: result.issues,
    offset: result.checkpoint.offset,
    line: result.checkpoint.line,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'codex-retro-layouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the session list reads any layout of a line as the full parser does', () => {
  it('has lines of every era to write again', () => {
    expect(LINES.length).toBeGreaterThan(30);
  });

  it('gives the same list row for real lines in generated layouts', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: LINES.length - 1 }),
        fc.integer(),
        fc.constantFrom(0.1, 0.5, 1),
        fc.record({
          space: fc.boolean(),
          escape: fc.boolean(),
          number: fc.boolean(),
          order: fc.boolean(),
          unknown: fc.boolean(),
          repeat: fc.boolean(),
          unicode: fc.boolean(),
        }),
        async (source, seed, rate, changes) => {
          const text = rewrite(LINES[source] as string[], { next: generator(seed), rate, changes });
          const path = join(dir, `rollout-2026-01-01T00-00-00-${String(run++).padStart(4, '0')}.jsonl`);
          writeFileSync(path, text);
          const [full, summary] = await Promise.all([
            scanRollout(path),
            scanRollout(path, { summary: true }),
          ]);
          expect(listFacts(summary)).toEqual(listFacts(full));
        },
      ),
      { numRuns: 600 },
    );
  });
});
