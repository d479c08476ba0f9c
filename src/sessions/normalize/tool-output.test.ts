import { describe, expect, it } from 'vitest';
import { parseToolOutput } from './tool-output.js';

describe('parseToolOutput', () => {
  it('reads the JSON format of shell outputs up to 0.60', () => {
    const text = JSON.stringify({ output: 'a\nb\n', metadata: { exit_code: 3, duration_seconds: 1.25 } });
    expect(parseToolOutput(text)).toEqual({ text: 'a\nb\n', exit_code: 3, duration_ms: 1250 });
  });

  it('reads the `Exit code:` header of custom tools and codex models', () => {
    const text = 'Exit code: 1\nWall time: 0.5 seconds\nOutput:\nboom\n';
    expect(parseToolOutput(text)).toMatchObject({ exit_code: 1, duration_ms: 500, text });
  });

  it('reads the unified exec header', () => {
    const text =
      'Chunk ID: c5ffaa\nWall time: 0.0100 seconds\nProcess exited with code 127\nOriginal token count: 9\nOutput:\nnot found\n';
    expect(parseToolOutput(text)).toMatchObject({ exit_code: 127, duration_ms: 10 });
  });

  it('reads the patch tool header nested inside an exec output', () => {
    const text =
      'Wall time: 0.0000 seconds\nOutput:\nExit code: 0\nWall time: 0 seconds\nOutput:\nSuccess.\n';
    expect(parseToolOutput(text)).toMatchObject({ exit_code: 0, duration_ms: 0 });
  });

  it('leaves the exit code unknown for a still running process or plain text', () => {
    expect(
      parseToolOutput('Chunk ID: a\nWall time: 10.0 seconds\nProcess running with session ID 3\nOutput:\n')
        .exit_code,
    ).toBeNull();
    expect(parseToolOutput('Exit code: 5 is what the docs say\n').exit_code).toBeNull();
    expect(parseToolOutput('some output\nExit code: 2\n').exit_code).toBe(2);
  });

  it('finds the metadata of a cut JSON output in the kept tail', () => {
    const facts = parseToolOutput(
      '{"output":"line one\\nline',
      'end","metadata":{"exit_code":9,"duration_seconds":2.0}}',
    );
    expect(facts).toEqual({ text: 'line one\nline', exit_code: 9, duration_ms: 2000 });
  });

  it('decodes every escape of a cut JSON output once, and drops one the cut split', () => {
    const tail = '","metadata":{"exit_code":0}}';
    // A backslash the command printed before an `n`, a quote, a tab, a non-ASCII letter.
    expect(parseToolOutput('{"output":"C:\\\\new \\"q\\"\\t\\u00e9', tail).text).toBe('C:\\new "q"\té');
    expect(parseToolOutput('{"output":"done\\u00', tail).text).toBe('done');
    expect(parseToolOutput('{"output":"ends\\', tail).text).toBe('ends');
  });
});
