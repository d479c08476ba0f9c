import { describe, expect, it } from 'vitest';
import { describeContext, describeToolCall, foldText } from './entry-text.js';

describe('describeContext', () => {
  it('names the kinds of injected context in one line', () => {
    const text =
      '<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>\n# AGENTS.md instructions for /repo';
    expect(describeContext(text)).toBe('context: environment / AGENTS.md');
  });

  it('falls back to the first words of unknown context', () => {
    expect(describeContext('<note>Remember   the build</note>')).toBe('context: Remember the build');
    expect(describeContext('x'.repeat(100))).toBe(`context: ${'x'.repeat(60)}…`);
  });
});

describe('describeToolCall', () => {
  it('shows the script of a wrapped shell call as its command', () => {
    const view = describeToolCall(JSON.stringify({ command: ['bash', '-lc', 'ls -la'], workdir: '/repo' }));
    expect(view.command).toBe('ls -la');
    expect(view.detail).toContain('"workdir": "/repo"');
  });

  it('shows exec_command cmd strings and keeps other arguments', () => {
    expect(describeToolCall('{"cmd":"npm test"}')).toEqual({ command: 'npm test', detail: '' });
    expect(describeToolCall('{"cmd":["git","commit","-m","two words"]}').command).toBe(
      'git commit -m "two words"',
    );
  });

  it('shows the patch of an apply_patch argv as the patch, its newlines as newlines', () => {
    const patch = '*** Begin Patch\n*** Update File: README.md\n@@\n-# demo\n+# demo repo\n*** End Patch\n';
    const view = describeToolCall(JSON.stringify({ command: ['apply_patch', patch], workdir: '/repo' }));
    expect(view).toEqual({ command: null, detail: patch });
    expect(view.detail).not.toContain('\\n');
  });

  it('shows arguments that are not JSON as they are', () => {
    expect(describeToolCall('*** Begin Patch\n*** End Patch')).toEqual({
      command: null,
      detail: '*** Begin Patch\n*** End Patch',
    });
    expect(describeToolCall('{"path":"a.md"}').detail).toBe('{\n  "path": "a.md"\n}');
  });
});

describe('foldText', () => {
  it('keeps short output whole and folds long output to its first lines', () => {
    expect(foldText('one\ntwo')).toBeNull();
    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const folded = foldText(long);
    expect(folded?.hiddenLines).toBe(28);
    expect(folded?.head.split('\n')).toHaveLength(12);
  });
});
