import { describe, expect, it } from 'vitest';
import { dedupeKey, extractContent, isInjectedContext, makeTitle, noCuts } from './normalize-text.js';

describe('injected context', () => {
  it('recognises what Codex injects', () => {
    for (const text of [
      '<environment_context>\n  <cwd>/x</cwd>\n</environment_context>',
      '<user_instructions>\nbe brief\n</user_instructions>',
      '# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>\nuse pnpm\n</INSTRUCTIONS>',
      '<permissions instructions>\nread-only\n</permissions instructions>',
      '<skills_instructions>\n## Skills\n</skills_instructions>',
      '<turn_aborted>\nThe user interrupted.\n</turn_aborted>',
      '<collaboration_mode>pair</collaboration_mode>',
      'Warning: apply_patch was requested via exec_command. Use the apply_patch tool instead of exec_command.',
      'Warning: apply_patch was requested via shell. Use the apply_patch tool instead of exec_command.\n',
      'Warning: The maximum number of unified exec processes you can keep open is 60 and you currently have 61.',
      'Warning: Your account was flagged for potentially high-risk cyber activity and this request was routed.',
      '<hook_prompt hook_run_id="h1">run the linter</hook_prompt>',
      '<goal_context>ship it</goal_context>',
    ]) {
      expect(isInjectedContext(text)).toBe(true);
    }
  });

  it('leaves what a person types alone, HTML included', () => {
    for (const text of [
      'Fix the bug in <App/>',
      '<div>why is this not centred?</div>',
      'please read AGENTS.md',
      'Warning: the build is flaky, look at it',
      'Warning: apply_patch was requested via exec_command. I saw this, why?',
      '',
    ]) {
      expect(isInjectedContext(text)).toBe(false);
    }
  });
});

describe('message content', () => {
  it('joins text parts and keeps images as mime and size only', () => {
    const data = `data:image/jpeg;base64,${'A'.repeat(400)}`;
    const extracted = extractContent(
      [
        { type: 'input_text', text: 'look' },
        { type: 'input_image', image_url: data },
        { type: 'input_text', text: 'here' },
      ],
      noCuts,
    );
    expect(extracted).toEqual({
      text: 'look\nhere',
      images: [{ mime: 'image/jpeg', bytes: 300 }],
      cutBytes: null,
    });
  });

  it('makes a one-line title of at most 120 characters', () => {
    expect(makeTitle('  first line  \nsecond')).toBe('first line');
    expect(makeTitle('x'.repeat(200))).toHaveLength(120);
  });
});

describe('dedupe keys', () => {
  /** What the key is documented to cover: the first 400 characters, trimmed, blanks folded, first 200 kept. */
  const covered = (text: string) => text.slice(0, 400).trim().replace(/\s+/g, ' ').slice(0, 200);

  it('match the two copies of a message whatever their blanks, and only them', () => {
    const samples = [
      'Fix the failing test',
      '  Fix the\tfailing   test\n\n',
      'Fix\u00a0the failing\u2003test',
      'Fix the failing tests',
      `${'word '.repeat(39)}tail`,
      `${'word '.repeat(39)}tail and more`,
      `${'x'.repeat(199)} y`,
      `${'x'.repeat(199)} z`,
      `${' '.repeat(390)}late`,
      `${' '.repeat(401)}late`,
      '',
      '\n\t ',
    ];
    for (const a of samples) {
      for (const b of samples) {
        const same = covered(a) === covered(b);
        expect(dedupeKey('user', 'message', a) === dedupeKey('user', 'message', b), `${a} | ${b}`).toBe(same);
      }
    }
  });

  it('tell roles and kinds apart, and hold no text', () => {
    const text = 'Run the migration';
    const keys = [dedupeKey('user', 'message', text), dedupeKey('assistant', 'message', text)];
    keys.push(dedupeKey('assistant', 'reasoning', text));
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^[0-9a-z]+\.[0-9a-z]+$/);
  });
});
