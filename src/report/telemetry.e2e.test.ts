import { spawn } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { loadTelemetry } from './telemetry.js';

/**
 * A stand-in for an OpenTelemetry collector with the file exporter: it receives Codex's OTLP/HTTP JSON
 * log exports on loopback and appends each export request as one line, as the collector would.
 */
async function startCollector(file: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.url === '/v1/logs' && body.trim())
        await appendFile(file, `${JSON.stringify(JSON.parse(body))}\n`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`, server };
}

function runCodex(home: TempCodexHome, cwd: string, prompt: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(home.codexBin, ['exec', '--skip-git-repo-check', '--json', '-'], {
      cwd,
      env: home.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? -1));
    child.stdin.end(prompt);
  });
}

describe('telemetry from the real codex CLI', () => {
  let model: ModelServer | undefined;
  let collector: Server | undefined;
  let home: TempCodexHome | undefined;
  const rootDir = tempDirEach('codex-retro-otel-');
  // Registered after tempDirEach, so the collector is closed before the dir it writes to is removed.
  afterEach(async () => {
    await model?.close();
    collector?.close();
    await home?.cleanup();
  });

  it('reads API errors, approvals and tool timings from what Codex exported', async () => {
    const root = rootDir();
    const otelDir = join(root, 'otel-collector');
    await mkdir(otelDir);
    const started = await startCollector(join(otelDir, 'codex-logs.json'));
    collector = started.server;
    model = await startModelServer((request) => {
      if (request.index === 0) return { kind: 'http_error', status: 500, message: 'overloaded' };
      if (request.toolOutputs === 0)
        return { kind: 'tool_calls', calls: [{ name: 'exec_command', arguments: { cmd: 'echo hi' } }] };
      return { kind: 'message', text: 'done' };
    });
    home = await makeCodexHome({ modelServerUrl: model.url });
    const configPath = join(home.dir, 'config.toml');
    const config = (await readFile(configPath, 'utf8')).replace(
      'request_max_retries = 0',
      'request_max_retries = 1',
    );
    await writeFile(
      configPath,
      `${config}\n[otel]\nlog_user_prompt = false\nexporter = { otlp-http = { endpoint = "${started.url}", protocol = "json" } }\n`,
    );

    const before = new Date(Date.now() - 60_000);
    expect(await runCodex(home, root, 'say hi after running echo')).toBe(0);
    const summary = await loadTelemetry({
      dir: otelDir,
      since: before,
      until: new Date(Date.now() + 60_000),
    });

    expect(summary.available).toBe(true);
    expect(summary.read?.bad_lines).toBe(0);
    expect(summary.conversations).toBe(1);
    expect(summary.user_prompts).toBe(1);
    expect(summary.api.by_status['500']).toBe(1);
    expect(summary.api.errors).toBe(1);
    expect(summary.api.requests).toBeGreaterThanOrEqual(3);
    expect(summary.api.latency_ms?.count).toBe(summary.api.requests);
    expect(summary.tool_decisions.total).toBe(1);
    expect(Object.keys(summary.tool_decisions.by_decision)).toEqual(['approved']);
    expect(summary.tool_results.by_tool).toEqual([
      expect.objectContaining({ tool: 'exec_command', calls: 1, failures: 0 }),
    ]);
  });
});
