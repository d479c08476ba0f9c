import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { loadPriceTable, shippedPriceTable } from './price-table.js';
import { refreshPrices } from './refresh.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/pricing');
const SAMPLE = readFileSync(join(FIXTURES, 'litellm-sample.json'), 'utf8');
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('pricing refresh', () => {
  const dir = tempDirEach('pricing-refresh-');
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === `/BerriAI/litellm/${COMMIT}/model_prices_and_context_window.json`) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(SAMPLE);
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) }).end();
      } else if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>rate limited</html>');
      } else res.writeHead(404).end('not here');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const refresh = (from: string) =>
    refreshPrices({
      from,
      stateDir: dir(),
      cwd: FIXTURES,
      now: new Date(2026, 11, 24, 9),
      previous: shippedPriceTable(),
    });

  it('reads a list over HTTP, keeps the Codex prices, and writes them with their source and date', async () => {
    const url = `${base}/BerriAI/litellm/${COMMIT}/model_prices_and_context_window.json`;
    const result = await refresh(url);
    expect(result).toMatchObject({
      file: join(dir(), 'pricing.json'),
      models: 4,
      added: ['gpt-5.7-codex'],
      changed: ['gpt-5.5'],
    });
    expect(result.removed).toContain('o3');
    expect(result.removed).not.toContain('gpt-5-codex');
    expect(result.source).toMatchObject({ url, commit: COMMIT, date: '2026-12-24' });
    expect(result.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { table, problem } = loadPriceTable(dir());
    expect(problem).toBeNull();
    expect(table.source).toEqual(result.source);
    expect(table.models.get('gpt-5.5')?.input_cost_per_token).toBe(6e-6);
  });

  it('reads a list from a file, relative to the working directory', async () => {
    const result = await refresh('litellm-sample.json');
    expect(result.source).toMatchObject({ url: join(FIXTURES, 'litellm-sample.json'), commit: null });
    expect(loadPriceTable(dir()).table.models.size).toBe(4);
  });

  it.each([
    ['an HTTP error', '/missing', /answered HTTP 404/],
    ['a page that is not JSON', '/html', /is not JSON/],
    ['an answer too large for a price list', '/huge', /too large/],
  ])('refuses %s and keeps the prices in use', async (_, path, message) => {
    writeFileSync(join(dir(), 'pricing.json'), 'kept as it was');
    await expect(refresh(`${base}${path}`)).rejects.toMatchObject({
      code: 'pricing_refresh_failed',
      message,
    });
    expect(readFileSync(join(dir(), 'pricing.json'), 'utf8')).toBe('kept as it was');
  });

  it.each([
    ['truncated.json', /is not JSON/],
    ['not-a-list.json', /is not a price list/],
    ['no-codex-models.json', /prices none of the models Codex runs/],
    ['absent.json', /Could not read .*absent\.json \(ENOENT\)/],
  ])('refuses the file %s and writes nothing', async (file, message) => {
    await expect(refresh(file)).rejects.toMatchObject({ code: 'pricing_refresh_failed', message });
    expect(loadPriceTable(dir()).table).toEqual(shippedPriceTable());
  });

  it('refuses an address nothing answers at', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(refresh(`http://127.0.0.1:${port}/prices.json`)).rejects.toMatchObject({
      code: 'pricing_refresh_failed',
      message: /Could not read .*the prices in use are unchanged/,
    });
  });
});
