import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import shipped from './litellm-prices.json' with { type: 'json' };
import type { PriceSource } from './types.js';

/**
 * The price list: a dated selection of LiteLLM's `model_prices_and_context_window.json` (the list ccusage prices
 * with), shipped in `litellm-prices.json`, or the one `codex-retro pricing refresh` last wrote to the state folder.
 * Reading it never touches the network.
 */

/** One model's rates, in USD per token, under LiteLLM's field names. */
export type PriceEntry = Record<string, number | string>;

export interface PriceTable {
  source: PriceSource;
  models: Map<string, PriceEntry>;
}

/** The refreshed list, in codex-retro's state folder. */
export const REFRESHED_FILE = 'pricing.json';

/**
 * Rates a cost can use: input, cached input (cache read), cache write, output and reasoning output, each also
 * above a context size (`_above_272k_tokens`) and for the flex and priority service tiers.
 */
const RATE_FIELD =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|output_cost_per_reasoning_token)(_above_\d+k_tokens)?(_flex|_priority)?$/;
const KEPT_TEXT = ['litellm_provider', 'mode'] as const;

/** The families of models Codex runs, and the variants of them that are not a coding agent's chat. */
const CODEX_FAMILIES = /^(gpt-5|gpt-4\.1|gpt-4o|o3|o4-mini|codex-mini)/;
const NOT_CHAT = /audio|realtime|search|transcribe|tts|image/;
const OPENROUTER_OPENAI = 'openrouter/openai/';

/**
 * A price list file's shape, checked by hand rather than with a zod schema as elsewhere: every command that lists
 * sessions prices them, and loading zod costs ~40 ms of start-up, a sixth of a warm `sessions list`.
 */
function readTable(value: unknown): { source: PriceSource; models: Record<string, unknown> } {
  const table = asObject(value, 'the list');
  const source = asObject(table.source, 'source');
  const text = (key: string, optional = false): string | undefined => {
    const field = source[key];
    if (field === undefined && optional) return undefined;
    if (typeof field !== 'string' || field === '')
      throw new Error(`source.${key}: expected a non-empty string`);
    return field;
  };
  const commit = source.commit;
  if (commit !== null && typeof commit !== 'string')
    throw new Error('source.commit: expected a string or null');
  const date = text('date') as string;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('source.date: expected YYYY-MM-DD');
  const read: PriceSource = { name: text('name') as string, url: text('url') as string, commit, date };
  const selection = text('selection', true);
  if (selection !== undefined) read.selection = selection;
  const sha256 = text('sha256', true);
  if (sha256 !== undefined) read.sha256 = sha256;
  return { source: read, models: asObject(table.models, 'models') };
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** An entry's rates and what says where it applies; null when it has no input or output rate per token. */
function pickRates(value: unknown): PriceEntry | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const raw = value as Record<string, unknown>;
  if (!isRate(raw.input_cost_per_token) || !isRate(raw.output_cost_per_token)) return null;
  const entry: PriceEntry = {};
  for (const key of Object.keys(raw).sort()) {
    const field = raw[key];
    if (RATE_FIELD.test(key) && isRate(field)) entry[key] = field;
    else if (key === 'max_input_tokens' && isRate(field)) entry[key] = field;
    else if ((KEPT_TEXT as readonly string[]).includes(key) && typeof field === 'string') entry[key] = field;
  }
  return entry;
}

/**
 * The entries of a full LiteLLM list that price Codex's models: the families Codex runs, as OpenAI lists them
 * and under `openrouter/openai/`, in chat or responses mode. Other providers' prefixed names are priced through
 * the bare name (resolve-model.ts).
 */
export function selectCodexPrices(raw: Record<string, unknown>): Record<string, PriceEntry> {
  const selected: Record<string, PriceEntry> = {};
  for (const key of Object.keys(raw).sort()) {
    const viaRouter = key.startsWith(OPENROUTER_OPENAI);
    const bare = viaRouter ? key.slice(OPENROUTER_OPENAI.length) : key;
    if (bare.includes('/') || !CODEX_FAMILIES.test(bare) || NOT_CHAT.test(bare)) continue;
    const entry = pickRates(raw[key]);
    if (!entry) continue;
    if (entry.litellm_provider !== (viaRouter ? 'openrouter' : 'openai')) continue;
    if (entry.mode !== 'chat' && entry.mode !== 'responses') continue;
    selected[key] = entry;
  }
  return selected;
}

/** A price list file as codex-retro writes it (`{ source, models }`), checked; throws what is wrong with it. */
export function parsePriceTable(text: string): PriceTable {
  const parsed = readTable(JSON.parse(text));
  const models = new Map<string, PriceEntry>();
  for (const [name, value] of Object.entries(parsed.models)) {
    const entry = pickRates(value);
    if (entry) models.set(name, entry);
  }
  if (models.size === 0) throw new Error('it prices no model');
  return { source: parsed.source, models };
}

/** The list shipped with codex-retro. */
export function shippedPriceTable(): PriceTable {
  return parsePriceTable(JSON.stringify(shipped));
}

/**
 * The refreshed list when there is one, else the shipped one. A refreshed list that cannot be used is passed over
 * (`problem` says why and what to do); nothing is fetched.
 */
export function loadPriceTable(stateDir: string): { table: PriceTable; problem: string | null } {
  const file = join(stateDir, REFRESHED_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { table: shippedPriceTable(), problem: null };
    return { table: shippedPriceTable(), problem: `${file} cannot be read (${code ?? String(error)}).` };
  }
  try {
    return { table: parsePriceTable(text), problem: null };
  } catch (error) {
    const why = (error as Error).message;
    return {
      table: shippedPriceTable(),
      problem: `${file} is not a usable price list (${why}); the shipped prices are used. Run \`codex-retro pricing refresh\` again or delete the file.`,
    };
  }
}
