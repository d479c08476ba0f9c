import { type CST, Parser, parseDocument } from 'yaml';

/**
 * Would Codex still load this SKILL.md? The rules follow Codex's own loader and validator:
 * - codex-rs/core/src/skills/loader.rs (`extract_frontmatter`, `validate_field`): the first line is `---`,
 *   the YAML block ends at the next `---` line and is not empty; `name` and `description` are required,
 *   whitespace runs collapse to one space, and their lengths are capped (64 and 1,024 characters).
 * - codex-rs/skills/src/assets/samples/skill-creator/scripts/quick_validate.py (the skill-creator skill
 *   bundled with Codex): allowed keys are exactly name, description, license, allowed-tools and metadata;
 *   `name` is hyphen-case (lowercase letters, digits, single hyphens, no hyphen at either end).
 * See also https://developers.openai.com/codex/skills ("The SKILL.md file must include name and description").
 */
const ALLOWED_KEYS = ['name', 'description', 'license', 'allowed-tools', 'metadata'];
const MAX_NAME_LENGTH = 64;
const MAX_DESCRIPTION_LENGTH = 1024;
const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function collapse(value: string): string {
  return value.split(/\s+/).filter(Boolean).join(' ');
}

function extractFrontmatter(content: string): { yaml: string } | { problem: string } {
  if (content.startsWith('\uFEFF'))
    return { problem: 'it starts with a byte-order mark, so Codex finds no frontmatter' };
  const lines = content.split(/\r?\n/);
  if (lines[0]?.trim() !== '---')
    return { problem: 'it does not start with a "---" line (YAML frontmatter is required)' };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end === -1) return { problem: 'its frontmatter has no closing "---" line' };
  if (end === 1) return { problem: 'its frontmatter is empty' };
  return { yaml: lines.slice(1, end).join('\n') };
}

/** Deeper than this, or with more aliases, frontmatter is refused: skills hold a few flat fields. */
const MAX_DEPTH = 32;
const MAX_ALIASES = 50;

/**
 * Whether the YAML text nests collections deeper than MAX_DEPTH, read from yaml's concrete syntax tree: its
 * parser keeps its own stack, where building the document recurses once per level and, thousands of levels
 * down, runs out of stack (or takes the process with it). So the depth is known before anything recurses.
 */
function nestsTooDeep(yaml: string): boolean {
  const pending: [CST.Token, number][] = [];
  for (const token of new Parser().parse(yaml)) pending.push([token, 0]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [token, depth] = next;
    if (depth > MAX_DEPTH) return true;
    if (token.type === 'document' && token.value) pending.push([token.value, depth]);
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if (item.key) pending.push([item.key, depth + 1]);
        if (item.value) pending.push([item.value, depth + 1]);
      }
    }
  }
  return false;
}

/** The depth of parsed data: aliases can nest what the text does not, so the result is measured too. */
function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const item of Object.values(value)) deepest = Math.max(deepest, depthOf(item, depth + 1));
  return deepest;
}

/**
 * The frontmatter as data, parsed with limits: aliases are counted (an alias bomb is a problem, not hours of
 * work or an out-of-memory crash), nesting is bounded, and a parser failure of any kind is a reason, never a
 * crash of the caller.
 */
export function parseFrontmatter(
  content: string,
): { ok: true; data: Record<string, unknown> } | { ok: false; problem: string } {
  const extracted = extractFrontmatter(content);
  if ('problem' in extracted) return { ok: false, problem: extracted.problem };
  const tooDeep = `its frontmatter is nested more than ${MAX_DEPTH} levels deep`;
  try {
    if (nestsTooDeep(extracted.yaml)) return { ok: false, problem: tooDeep };
    const doc = parseDocument(extracted.yaml, { uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      return {
        ok: false,
        problem: `its frontmatter is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
      };
    }
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return { ok: false, problem: 'its frontmatter is not a set of "key: value" lines' };
    }
    if (depthOf(data) > MAX_DEPTH) return { ok: false, problem: tooDeep };
    return { ok: true, data: data as Record<string, unknown> };
  } catch (error) {
    const reason =
      error instanceof ReferenceError
        ? `it uses more than ${MAX_ALIASES} YAML aliases (an alias bomb)`
        : `its frontmatter cannot be read (${(error as Error).message.split('\n')[0]})`;
    return { ok: false, problem: reason };
  }
}

/** Every key and text value of the frontmatter, as a reader (or Codex) gets them after YAML has parsed them. */
export function listFrontmatterStrings(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        out.push(key);
        visit(item);
      }
    }
  };
  visit(data);
  return out;
}

/** Every reason the skill would not load; empty when it is fine. */
export function findSkillProblems(content: string): string[] {
  const parsed = parseFrontmatter(content);
  if (!parsed.ok) return [parsed.problem];
  const fields = parsed.data;
  const problems: string[] = [];
  const unknown = Object.keys(fields).filter((key) => !ALLOWED_KEYS.includes(key));
  if (unknown.length > 0) {
    problems.push(`unknown frontmatter key(s) ${unknown.join(', ')}; allowed are ${ALLOWED_KEYS.join(', ')}`);
  }
  problems.push(...findNameProblems(fields.name), ...findDescriptionProblems(fields.description));
  if (
    fields.metadata !== undefined &&
    (typeof fields.metadata !== 'object' || Array.isArray(fields.metadata))
  ) {
    problems.push('"metadata" must be a mapping of keys to values');
  }
  if (fields.license !== undefined && typeof fields.license !== 'string')
    problems.push('"license" must be text');
  const tools = fields['allowed-tools'];
  if (
    tools !== undefined &&
    typeof tools !== 'string' &&
    !(Array.isArray(tools) && tools.every((t) => typeof t === 'string'))
  ) {
    problems.push('"allowed-tools" must be text or a list of tool names');
  }
  return problems;
}

function findNameProblems(value: unknown): string[] {
  if (value === undefined || value === null) return ['"name" is missing'];
  if (typeof value !== 'string') return ['"name" must be text'];
  const name = collapse(value);
  if (name === '') return ['"name" is empty'];
  if (name.length > MAX_NAME_LENGTH) return [`"name" is longer than ${MAX_NAME_LENGTH} characters`];
  if (!NAME_PATTERN.test(name)) {
    return [`"name" is "${name}"; use lowercase letters, digits and single hyphens (like "review-pr")`];
  }
  return [];
}

function findDescriptionProblems(value: unknown): string[] {
  if (value === undefined || value === null) return ['"description" is missing'];
  if (typeof value !== 'string') return ['"description" must be text'];
  const description = collapse(value);
  if (description === '') return ['"description" is empty'];
  if ([...description].length > MAX_DESCRIPTION_LENGTH) {
    return [`"description" is longer than ${MAX_DESCRIPTION_LENGTH} characters`];
  }
  return [];
}
