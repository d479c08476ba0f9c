import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { loadTelemetry } from './telemetry.js';

const fixtureDir = join(import.meta.dirname, '../../test/fixtures/otel');
const since = new Date('2026-11-15T00:00:00Z');
const until = new Date('2026-11-23T00:00:00Z');

describe('loadTelemetry', () => {
  const tmpDir = tempDirEach('otel-');

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

  it('counts events whatever they are named, names every object inherits included', async () => {
    const record = (name: string, decision: string) => ({
      timeUnixNano: '0',
      attributes: [
        { key: 'event.name', value: { stringValue: name } },
        { key: 'event.timestamp', value: { stringValue: '2026-11-20T00:00:00.000Z' } },
        { key: 'decision', value: { stringValue: decision } },
      ],
    });
    const logs = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                record('constructor', 'toString'),
                record('__proto__', 'approved'),
                record('codex.tool_decision', '__proto__'),
                record('__proto__', 'approved'),
              ],
            },
          ],
        },
      ],
    };
    await writeFile(join(tmpDir(), 'logs.json'), `${JSON.stringify(logs)}\n`);
    const summary = await loadTelemetry({ dir: tmpDir(), since, until });
    expect(summary.events_in_window).toBe(4);
    // As the report writes them (an object literal cannot spell an own `__proto__`).
    expect(JSON.stringify(summary.events_by_name)).toBe(
      '{"constructor":1,"__proto__":2,"codex.tool_decision":1}',
    );
    expect(JSON.stringify(summary.tool_decisions.by_decision)).toBe('{"__proto__":1}');
  });

  it('turns a missing folder into a limitation and counts bad lines', async () => {
    const missing = await loadTelemetry({ dir: '/nonexistent/otel', since, until });
    expect(missing.available).toBe(false);
    expect(missing.limitations[0]).toMatch(/No telemetry found in \/nonexistent\/otel/);

    const tmp = tmpDir();
    await writeFile(join(tmp, 'logs.json'), '{"resourceLogs":[]}\nnot json\n{"resourceSpans":[]}\n');
    const bad = await loadTelemetry({ dir: tmp, since, until });
    expect(bad.read).toMatchObject({ files: 1, lines: 3, bad_lines: 1, other_signal_lines: 1 });
    expect(bad.limitations.join(' ')).toMatch(/1 telemetry lines could not be parsed/);
  });
});
