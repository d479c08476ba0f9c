import { describe, expect, it } from 'vitest';
import { parsePartialJson, splitConcatenatedJson } from './partial-json.js';

describe('parsePartialJson', () => {
  it('reads complete JSON like JSON.parse', () => {
    const text = '{"a":[1,-2.5e3,true,false,null],"b":{"c":"d\\n\\"\\u00e9"}}';
    expect(parsePartialJson(text).value).toEqual(JSON.parse(text));
  });

  it('tolerates what JSON.parse refuses inside strings: unknown escapes, raw control characters', () => {
    const parsed = parsePartialJson('{"a":"x\\qy","b":"tab\there","c":"\\\\\\"ok"}');
    expect(parsed.value).toEqual({ a: 'xqy', b: 'tab\there', c: '\\"ok' });
  });

  it('continues a string cut at the end of the head in the tail', () => {
    const head = '{"type":"function_call_output","call_id":"c1","output":"Exit code: 0\\nlots of';
    const tail = 'the end\\n","status":"done"}';
    const parsed = parsePartialJson(head, { text: tail, gapBytes: 1000 });
    expect(parsed.value).toEqual({
      type: 'function_call_output',
      call_id: 'c1',
      output: 'Exit code: 0\nlots of',
      status: 'done',
    });
    expect(parsed.cuts).toEqual([{ head: 'Exit code: 0\nlots of', tail: 'the end\n', bytes: 1000 + 21 + 9 }]);
  });

  it('decodes a cut string up to the last whole escape, wherever the cut falls', () => {
    const cases: [string, string][] = [
      ['a\\nb', 'a\nb'],
      ['a\\nb\\', 'a\nb'],
      ['a\\\\', 'a\\'],
      ['a\\\\\\', 'a\\'],
      ['x\\u00e9', 'xé'],
      ['x\\u00e', 'x'],
      ['x\\u0', 'x'],
      ['x\\u', 'x'],
      ['x\\\\u00', 'x\\u00'],
      ['q\\"', 'q"'],
      ['bad\\q', 'badq'],
      ['tab\there\\n', 'tab\there\n'],
    ];
    for (const [cut, kept] of cases) {
      const parsed = parsePartialJson(`{"output":"${cut}`);
      expect(parsed.value, cut).toEqual({ output: kept });
      expect(parsed.cuts[0]?.head, cut).toBe(kept);
      expect(parsed.end).toBe(-1);
    }
  });

  it('leaves the strings of unread keys empty, cut or whole, and reads on after them', () => {
    const head =
      '{"type":"session_meta","payload":{"id":"s1","base_instructions":{"text":"You are \\"Codex\\", a coding';
    const tail = 'agent.\n","kind":["a","b"]},"git":{"branch":"main"}}}';
    const parsed = parsePartialJson(
      head,
      { text: tail, gapBytes: 20000 },
      { unread: new Set(['base_instructions']) },
    );
    expect(parsed.value).toEqual({
      type: 'session_meta',
      payload: { id: 's1', base_instructions: { text: '', kind: ['', ''] }, git: { branch: 'main' } },
    });
    // Stepped over, not kept: no cut string to index.
    expect(parsed.cuts).toEqual([]);
    const whole = parsePartialJson('{"base_instructions":"short \\" one","id":"s2"}', undefined, {
      unread: new Set(['base_instructions']),
    });
    expect(whole.value).toEqual({ base_instructions: '', id: 's2' });
  });

  it('keeps what was read when there is no tail', () => {
    const parsed = parsePartialJson('{"a":"b","c":[1,2');
    expect(parsed.value).toEqual({ a: 'b', c: [1, 2] });
    expect(parsed.end).toBe(-1);
  });

  it('rejects bytes that are not JSON', () => {
    expect(() => parsePartialJson('{"a" 1}')).toThrow(SyntaxError);
  });
});

describe('splitConcatenatedJson', () => {
  it('splits objects written back to back', () => {
    expect(splitConcatenatedJson('{"a":1}{"record_type":"state"} {"b":"}{"}')).toEqual([
      { a: 1 },
      { record_type: 'state' },
      { b: '}{' },
    ]);
  });

  it('refuses a single or a broken value', () => {
    expect(splitConcatenatedJson('{"a":1}')).toBeNull();
    expect(splitConcatenatedJson('{"a":1}{"b":')).toBeNull();
  });
});
