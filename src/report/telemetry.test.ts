import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTelemetry } from './telemetry.js';

const fixtureDir = join(import.meta.dirname, '../../test/fixtures/otel');
const since = new Date('2026-11-15T00:00:00Z');
const until = new Date('2026-11-23T00:00:00Z');

describe('loadTelemetry', () => {
  let tmp: string | undefined;
  afterEach(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  it('sums API requests, errors, approvals and tool timings from real Codex 0.169 collector output', async () => {
    const summary = await loadTelemetry({ dir: fixtureDir, since, until });
    expect(summary.available).toBe(true);
    expect(summary.api.requests).toBe(3);
    expect(summary.api.errors).toBe(1);
    expect(summary.api.by_status).toEqual({ '200': 2, '500': 1 });
    expect(summary.api.error_rate).toBeCloseTo(1 / 3, 3);
    expect(summary.tool_decisions.by_decision).toEqual({ approved: 1 });
    expect(summary.tool_results.by_tool[0]).toMatchObject({ tool: 'exec_command', calls: 1, failures: 0 });
    expect(summary.conversations).toBe(1);
    expect(summary.user_prompts).toBe(1);
    expect(summary.limitations).toEqual([]);
  });

  it('leaves out events outside the window and conversations codex-retro ran itself', async () => {
    const outside = await loadTelemetry({
      dir: fixtureDir,
      since: new Date('2026-12-01'),
      until: new Date('2026-12-02'),
    });
    expect(outside.available).toBe(false);
    expect(outside.limitations.join(' ')).toMatch(/no Codex events inside the report window/);
    const own = await loadTelemetry({
      dir: fixtureDir,
      since,
      until,
      ownThreadIds: new Set(['01a20135-fc60-7432-80f3-2b0bc7ffef43']),
    });
    expect(own.events_in_window).toBe(0);
  });

  it('turns a missing folder into a limitation and counts bad lines', async () => {
    const missing = await loadTelemetry({ dir: '/nonexistent/otel', since, until });
    expect(missing.available).toBe(false);
    expect(missing.limitations[0]).toMatch(/No telemetry found in \/nonexistent\/otel/);

    tmp = await mkdtemp(join(tmpdir(), 'otel-'));
    await writeFile(join(tmp, 'logs.json'), '{"resourceLogs":[]}\nnot json\n{"resourceSpans":[]}\n');
    const bad = await loadTelemetry({ dir: tmp, since, until });
    expect(bad.read).toMatchObject({ files: 1, lines: 3, bad_lines: 1, other_signal_lines: 1 });
    expect(bad.limitations.join(' ')).toMatch(/1 telemetry lines could not be parsed/);
  });
});
