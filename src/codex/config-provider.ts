import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What Codex uses when its config names no provider. */
const DEFAULT_PROVIDER = 'openai';
/** A config.toml is a few KiB; anything this large is not one worth reading. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const KEY_PATH = String.raw`${KEY_PART}(?:\s*\.\s*${KEY_PART})*`;
const TABLE = new RegExp(String.raw`^\[\s*(${KEY_PATH})\s*\]\s*(?:#.*)?$`);
const ARRAY_TABLE = /^\[\[/;
const STRING_ASSIGNMENT = new RegExp(
  String.raw`^(${KEY_PATH})\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')\s*(?:#.*)?$`,
);
const KEY_PARTS = new RegExp(KEY_PART, 'g');

function unquote(text: string): string {
  if (text.startsWith("'")) return text.slice(1, -1);
  if (!text.startsWith('"')) return text;
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

function keyPath(text: string): string {
  return (text.match(KEY_PARTS) ?? []).map(unquote).join('\u0000');
}

/** A line that opens a multi-line string without closing it: what follows is text, not keys. */
function opensMultiline(line: string): string | null {
  for (const quote of ['"""', "'''"]) {
    const count = line.split(quote).length - 1;
    if (count % 2 === 1) return quote;
  }
  return null;
}

/**
 * The string values of a config.toml by their full key path (table and key), enough to find the model
 * provider: top-level keys, `[table]` sections and dotted keys. Arrays of tables and non-string values are
 * skipped; nothing here is ever written back.
 */
function readStringKeys(text: string): Map<string, string> {
  const values = new Map<string, string>();
  let table: string | null = '';
  let inMultiline: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (inMultiline) {
      if (line.includes(inMultiline)) inMultiline = null;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    if (ARRAY_TABLE.test(line)) {
      table = null;
      continue;
    }
    const header = TABLE.exec(line);
    if (header) {
      table = keyPath(header[1] ?? '');
      continue;
    }
    const assignment = STRING_ASSIGNMENT.exec(line);
    if (assignment && table !== null) {
      const key = keyPath(assignment[1] ?? '');
      values.set(table === '' ? key : `${table}\u0000${key}`, unquote(assignment[2] ?? ''));
      continue;
    }
    inMultiline = opensMultiline(line);
  }
  return values;
}

/** The provider a config.toml selects: the active profile's, else the top-level one, else Codex's default. */
export function providerFromConfig(text: string): string {
  const values = readStringKeys(text);
  const profile = values.get('profile');
  const fromProfile =
    profile === undefined ? undefined : values.get(['profiles', profile, 'model_provider'].join('\u0000'));
  return fromProfile ?? values.get('model_provider') ?? DEFAULT_PROVIDER;
}

/**
 * The model provider `codex exec` will run with in this Codex home (codex-retro passes no `-c model_provider`
 * or `--profile`), or null when its config.toml cannot be read.
 */
export async function readConfiguredProvider(codexHome: string): Promise<string | null> {
  const path = join(codexHome, 'config.toml');
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_CONFIG_BYTES) return null;
    return providerFromConfig(await readFile(path, 'utf8'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? DEFAULT_PROVIDER : null;
  }
}
