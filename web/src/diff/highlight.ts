/** Light token highlighting for the files proposals touch: markdown (skills, AGENTS.md) and YAML. */

export interface Token {
  kind: 'heading' | 'code' | 'strong' | 'link' | 'punct' | 'key' | 'string' | 'comment' | 'literal' | null;
  text: string;
}

export type Language = 'markdown' | 'yaml' | 'plain';

export function languageOf(path: string): Language {
  if (/\.(md|markdown|mdx)$/i.test(path)) return 'markdown';
  if (/\.(ya?ml)$/i.test(path)) return 'yaml';
  return 'plain';
}

/** Splits `text` by `pattern`; matches become `kind` tokens, the rest plain. */
function splitBy(text: string, pattern: RegExp, kind: Token['kind']): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > last) tokens.push({ kind: null, text: text.slice(last, start) });
    tokens.push({ kind, text: match[0] });
    last = start + match[0].length;
  }
  if (last < text.length) tokens.push({ kind: null, text: text.slice(last) });
  return tokens;
}

/** Applies inline rules in order, each only to the plain text the earlier ones left. */
function refine(tokens: Token[], pattern: RegExp, kind: Token['kind']): Token[] {
  return tokens.flatMap((token) => (token.kind === null ? splitBy(token.text, pattern, kind) : [token]));
}

function highlightMarkdown(line: string): Token[] {
  if (/^#{1,6}\s/.test(line)) return [{ kind: 'heading', text: line }];
  if (/^\s*(```|~~~)/.test(line) || line === '---') return [{ kind: 'punct', text: line }];
  const frontKey = /^([A-Za-z_][\w-]*)(:)(\s.*|)$/.exec(line);
  if (frontKey) {
    return [{ kind: 'key', text: `${frontKey[1]}${frontKey[2]}` }, ...highlightYamlValue(frontKey[3] ?? '')];
  }
  const marker = /^(\s*(?:[-*+]|\d+\.|>)\s)(.*)$/.exec(line);
  const head: Token[] = marker ? [{ kind: 'punct', text: marker[1] ?? '' }] : [];
  let tokens: Token[] = [{ kind: null, text: marker ? (marker[2] ?? '') : line }];
  tokens = refine(tokens, /`[^`]+`/g, 'code');
  tokens = refine(tokens, /\*\*[^*]+\*\*|__[^_]+__/g, 'strong');
  tokens = refine(tokens, /\[[^\]]+\]\([^)]+\)/g, 'link');
  return [...head, ...tokens].filter((token) => token.text !== '');
}

function highlightYamlValue(value: string): Token[] {
  let tokens: Token[] = [{ kind: null, text: value }];
  tokens = refine(tokens, /\s#.*$/g, 'comment');
  tokens = refine(tokens, /"(?:[^"\\]|\\.)*"|'[^']*'/g, 'string');
  tokens = refine(tokens, /\b(?:true|false|null|yes|no|-?\d+(?:\.\d+)?)\b/g, 'literal');
  return tokens.filter((token) => token.text !== '');
}

function highlightYaml(line: string): Token[] {
  if (/^\s*#/.test(line)) return [{ kind: 'comment', text: line }];
  if (/^(---|\.\.\.)\s*$/.test(line)) return [{ kind: 'punct', text: line }];
  const pair = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?)(:)(\s.*|)$/.exec(line);
  if (pair) {
    const lead: Token[] = pair[1] ? [{ kind: 'punct', text: pair[1] }] : [];
    return [...lead, { kind: 'key', text: `${pair[2]}${pair[3]}` }, ...highlightYamlValue(pair[4] ?? '')];
  }
  const item = /^(\s*-\s)(.*)$/.exec(line);
  if (item) return [{ kind: 'punct', text: item[1] ?? '' }, ...highlightYamlValue(item[2] ?? '')];
  return highlightYamlValue(line);
}

export function highlightLine(line: string, language: Language): Token[] {
  if (line === '') return [];
  if (language === 'markdown') return highlightMarkdown(line);
  if (language === 'yaml') return highlightYaml(line);
  return [{ kind: null, text: line }];
}
