import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RetroError } from '../errors.js';
import { type PriceEntry, type PriceTable, REFRESHED_FILE, selectCodexPrices } from './price-table.js';
import type { PriceSource } from './types.js';

/**
 * `codex-retro pricing refresh`: reads LiteLLM's full price list from an address or a file, keeps the entries that
 * price Codex's models, and writes them with their source and date to the state folder, where every later cost is
 * read from. The only place codex-retro reads prices from the network, and only when asked.
 */

const LITELLM_PRICES_URL =
  'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';

/** LiteLLM's list is about 1.6 MB; anything far larger is not it. */
const MAX_BYTES = 64 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

interface RefreshOptions {
  /** An http(s) address or a file; LiteLLM's list on its main branch by default. */
  from?: string;
  stateDir: string;
  cwd: string;
  now: Date;
  previous: PriceTable;
  signal?: AbortSignal;
}

export interface RefreshResult {
  file: string;
  source: PriceSource;
  models: number;
  added: string[];
  removed: string[];
  /** Models whose rates changed. */
  changed: string[];
}

function failed(message: string, cause?: unknown): RetroError {
  return new RetroError('pricing_refresh_failed', message, { status: 502, cause });
}

async function readFromUrl(url: string, signal: AbortSignal | undefined): Promise<string> {
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    throw failed(
      `Could not read ${url} (${(error as Error).message}); the prices in use are unchanged.`,
      error,
    );
  }
  if (!response.ok) throw failed(`${url} answered HTTP ${response.status}; the prices in use are unchanged.`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES)
    throw failed(`${url} is ${length} bytes, too large for a price list; nothing changed.`);
  const text = await response.text();
  if (text.length > MAX_BYTES) throw failed(`${url} is too large for a price list; nothing changed.`);
  return text;
}

function readFromFile(path: string): string {
  try {
    if (statSync(path).size > MAX_BYTES)
      throw failed(`${path} is too large for a price list; nothing changed.`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof RetroError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw failed(`Could not read ${path} (${code}); the prices in use are unchanged.`, error);
  }
}

function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function sameRates(a: PriceEntry, b: PriceEntry): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => key.includes('cost')));
  return [...keys].every((key) => a[key] === b[key]);
}

export async function refreshPrices(options: RefreshOptions): Promise<RefreshResult> {
  const from = options.from ?? LITELLM_PRICES_URL;
  const isUrl = /^https?:\/\//i.test(from);
  const where = isUrl ? from : resolve(options.cwd, from);
  const text = isUrl ? await readFromUrl(from, options.signal) : readFromFile(where);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw failed(`${where} is not JSON; the prices in use are unchanged.`, error);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw failed(`${where} is not a price list (a JSON object of models); nothing changed.`);
  const models = selectCodexPrices(raw as Record<string, unknown>);
  const names = Object.keys(models);
  if (names.length === 0)
    throw failed(`${where} prices none of the models Codex runs (gpt-5*, o3, o4-mini, …); nothing changed.`);
  const source: PriceSource = {
    name: 'LiteLLM model_prices_and_context_window.json',
    url: isUrl ? from : where,
    commit: /\b[0-9a-f]{40}\b/.exec(from)?.[0] ?? null,
    date: localDate(options.now),
    selection: options.previous.source.selection ?? 'Entries pricing the model families Codex runs.',
    sha256: createHash('sha256').update(text).digest('hex'),
  };
  mkdirSync(options.stateDir, { recursive: true });
  const file = join(options.stateDir, REFRESHED_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ source, models }, null, 2)}\n`);
  renameSync(temp, file);
  const before = options.previous.models;
  return {
    file,
    source,
    models: names.length,
    added: names.filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !(name in models)).sort(),
    changed: names.filter((name) => {
      const old = before.get(name);
      return old !== undefined && !sameRates(old, models[name] as PriceEntry);
    }),
  };
}
