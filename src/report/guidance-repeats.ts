import type { ProjectGuidance } from './project-guidance.js';

/**
 * Does a suggested AGENTS.md addition say what the project's guidance already says? Both are cut into
 * statements (lines and sentences) and compared by their content words, so a rewording ("Always run the test
 * suite before saying a change is done") still matches the line it rewords.
 */

export interface RepeatedSuggestion {
  addition: string;
  /** The guidance statement it repeats, and where that is. */
  already: string;
  source: string;
}

const STOP_WORDS = new Set(
  (
    'a an the to of and or in on at for with by as from into is are be been being was were it its this that ' +
    'these those you your yours we our us i me my they them their he she his her do does did done so then ' +
    'than there here if when while always please should must shall will would can could may might also just ' +
    'any all each every some make sure'
  ).split(' '),
);
/** Words every agent instruction uses; they say nothing about what is asked. */
const FILLER = new Set(['codex', 'agent', 'agents', 'md', 'file', 'files']);

/** A crude stem: enough that "tests", "testing" and "tested" meet "test". */
function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9]/g) ?? [])
    .filter((word) => !STOP_WORDS.has(word) && !FILLER.has(word))
    .map(stem);
}

/** Lines and sentences, markdown bullets and headings stripped, each with its content words. */
function statements(text: string): { text: string; words: Set<string> }[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z`"'(])/)
    .map((part) => part.replace(/^\s*(?:[-*+>]|#{1,6}|\d+[.)])\s*/, '').trim())
    .filter((part) => part !== '')
    .map((part) => ({ text: part, words: new Set(contentWords(part)) }));
}

/** Share of the statement's words that the guidance statement holds too. */
function covered(words: Set<string>, by: Set<string>): number {
  let hit = 0;
  for (const word of words) if (by.has(word)) hit += 1;
  return words.size === 0 ? 0 : hit / words.size;
}

const REPEAT_SHARE = 0.75;

function findRepeat(
  addition: string,
  guidance: { text: string; words: Set<string>; source: string }[],
): Omit<RepeatedSuggestion, 'addition'> | null {
  const own = statements(addition).filter((s) => s.words.size > 0);
  if (own.length === 0) return null;
  let first: Omit<RepeatedSuggestion, 'addition'> | null = null;
  for (const statement of own) {
    // A short statement must match all its words; a longer one most of them.
    const needed = statement.words.size < 3 ? 1 : REPEAT_SHARE;
    const match = guidance.find((g) => covered(statement.words, g.words) >= needed);
    if (!match) return null;
    first ??= { already: match.text, source: match.source };
  }
  return first;
}

/** Every statement of the guidance Codex already gets: AGENTS.md on disk and as recorded, and skills. */
function guidanceStatements(
  projects: ProjectGuidance[],
): { text: string; words: Set<string>; source: string }[] {
  const all: { text: string; words: Set<string>; source: string }[] = [];
  for (const project of projects) {
    const sources: [string | undefined, string][] = [
      [project.agents_md?.text, `${project.root}/AGENTS.md`],
      [project.recorded_agents_md?.text, `${project.root}/AGENTS.md (as recorded in its sessions)`],
      ...project.skills.map((skill): [string, string] => [skill.text, skill.path]),
    ];
    for (const [text, source] of sources) {
      if (text) for (const statement of statements(text)) all.push({ ...statement, source });
    }
  }
  return all;
}

/** Splits suggested additions into those that say something new and those the guidance already says. */
export function splitRepeatedAdditions<T extends { addition: string }>(
  additions: T[],
  projects: ProjectGuidance[],
): { kept: T[]; repeated: (RepeatedSuggestion & { item: T })[] } {
  const guidance = guidanceStatements(projects);
  const kept: T[] = [];
  const repeated: (RepeatedSuggestion & { item: T })[] = [];
  for (const item of additions) {
    const repeat = guidance.length > 0 ? findRepeat(item.addition, guidance) : null;
    if (repeat) repeated.push({ addition: item.addition, ...repeat, item });
    else kept.push(item);
  }
  return { kept, repeated };
}
