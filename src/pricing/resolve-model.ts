import type { PriceEntry, PriceTable } from './price-table.js';
import type { PriceMatch } from './types.js';

/**
 * Which price list entry prices a model name, tried in this order (the first that finds one wins):
 * 1. the name itself;
 * 2. a name Codex writes that the list spells otherwise (`ALIASES`);
 * 3. without a provider prefix: `openai/gpt-5`, `azure/eu/gpt-5`, `openrouter/openai/gpt-5` → `gpt-5` (the name
 *    with its prefix is tried first, as the list may price a provider apart);
 * 4. without a release date at the end: `gpt-5-2025-08-07`, `o3-20250416` → `gpt-5`, `o3`;
 * 5. as ccusage does: the longest entry the name contains whole — preceded by its start or a separator, followed by
 *    its end or a separator that does not continue a version number (`gpt-5.5` is not in `gpt-5.55`, and `gpt-5`
 *    not in `gpt-5.1`), `.` and `@` read as `-`. So `gpt-5.1-codex-max-high` is priced as `gpt-5.1-codex-max`.
 *    This can be wrong (a `-mini` the list lacks is priced as its larger sibling), so such a cost says what it was
 *    priced as.
 * ccusage also matches the other way (an entry that contains the name); that picks among many entries at random,
 * so it is not done here.
 */

export interface Resolution {
  key: string;
  entry: PriceEntry;
  match: PriceMatch;
}

/** Names Codex records that the list lacks, and the entry that prices them (ccusage maps the same ones). */
const ALIASES: Record<string, string> = {
  'gpt-5-codex': 'gpt-5',
  'gpt-5.3-spark': 'gpt-5.3-codex-spark',
};

const DATE_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

function normalize(name: string): string {
  return name.toLowerCase().replace(/[.@]/g, '-');
}

/** Whether `key` occurs whole in `name` (both normalized), as ccusage's pricing lookup decides it. */
function containsWhole(name: string, key: string): boolean {
  for (let at = name.indexOf(key); at !== -1; at = name.indexOf(key, at + 1)) {
    const before = at === 0 ? '' : (name[at - 1] ?? '');
    if (before !== '' && /[a-z0-9]/.test(before)) continue;
    const rest = name.slice(at + key.length);
    if (rest === '') return true;
    if (/^[a-z0-9]/.test(rest)) continue;
    // `gpt-5` followed by `-1` is another version, unless what follows is an 8-digit date.
    const version = /^-(\d+)/.exec(rest);
    if (/\d$/.test(key) && version && !(version[1]?.length === 8 && /^-\d{8}(?![a-z0-9])/.test(rest)))
      continue;
    return true;
  }
  return false;
}

function direct(table: PriceTable, name: string): Resolution | null {
  const entry = table.models.get(name);
  if (entry) return { key: name, entry, match: 'exact' };
  const alias = ALIASES[name];
  const aliased = alias === undefined ? undefined : table.models.get(alias);
  if (alias !== undefined && aliased) return { key: alias, entry: aliased, match: 'alias' };
  return null;
}

function similar(table: PriceTable, name: string): Resolution | null {
  const wanted = normalize(name);
  let best: string | null = null;
  for (const key of table.models.keys()) {
    if (key.includes('/')) continue;
    if (!containsWhole(wanted, normalize(key))) continue;
    if (best === null || key.length > best.length || (key.length === best.length && key < best)) best = key;
  }
  if (best === null) return null;
  return { key: best, entry: table.models.get(best) as PriceEntry, match: 'similar' };
}

export function resolveModel(table: PriceTable, model: string): Resolution | null {
  const name = model.trim();
  if (name === '') return null;
  const found = direct(table, name);
  if (found) return found;
  const slash = name.lastIndexOf('/');
  const bare = slash === -1 ? name : name.slice(slash + 1);
  if (bare !== name && bare !== '') {
    const unprefixed = direct(table, bare);
    if (unprefixed) return { ...unprefixed, match: 'provider' };
  }
  const undated = bare.replace(DATE_SUFFIX, '');
  if (undated !== bare && undated !== '') {
    const dated = direct(table, undated);
    if (dated) return { ...dated, match: 'dated' };
  }
  return similar(table, bare);
}

/** `resolveModel` remembered per name: a list of sessions asks for the same few models many times. */
export function createModelResolver(table: PriceTable): (model: string) => Resolution | null {
  const cache = new Map<string, Resolution | null>();
  return (model) => {
    if (!cache.has(model)) cache.set(model, resolveModel(table, model));
    return cache.get(model) ?? null;
  };
}
