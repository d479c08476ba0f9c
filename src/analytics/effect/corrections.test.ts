import { describe, expect, it } from 'vitest';
import { detectCorrection, isDeclinedByPerson } from './corrections.js';

describe('detectCorrection', () => {
  it.each([
    ['no', 'en'],
    ['No, use pnpm instead', 'en'],
    ['Nope.', 'en'],
    ["No that's wrong, the config lives in src/", 'en'],
    ["That's wrong: the port is 8080", 'en'],
    ['hmm, that is not what I asked for', 'en'],
    ['Undo the last change', 'en'],
    ['revert that please', 'en'],
    ['Stop!', 'en'],
    ['wait, why did you delete the tests?', 'en'],
    ['I told you to keep the API stable', 'en'],
    ['"no," I said', 'en'],
    ['Nein, das ist die falsche Datei', 'de'],
    ['Das ist falsch, bitte nochmal', 'de'],
    ["Non, c'est faux", 'fr'],
    ['¡Para! Eso está mal', 'es'],
    ['Não, está errado', 'pt'],
    ['È sbagliato, riprova', 'it'],
    ['Nee, dat is fout', 'nl'],
    ['Nie, to nie to', 'pl'],
    ['Hayır, bu yanlış', 'tr'],
    ['Нет, это неправильно', 'ru'],
    ['Ні, скасуй це', 'uk'],
    ['아니요, 다시 해 주세요', 'ko'],
    ['不对，应该用 pnpm', 'zh'],
    ['请撤销刚才的修改', 'zh'],
    ['違う、そのファイルじゃない', 'ja'],
    ['元に戻してください', 'ja'],
    ['아니, 그 파일 말고', 'ko'],
  ])('finds the correction in %j', (text, language) => {
    expect(detectCorrection(text)?.language).toBe(language);
  });

  it.each([
    'No tests exist for the parser yet; add some',
    'Stop the dev server and run the build',
    'Wait for CI before merging',
    'Add an undo button to the editor',
    'Is there a way to revert a migration in this ORM?',
    'Nothing is wrong with the build, just add docs',
    'Notice how the cache is cleared',
    'implement 撤销 as a feature flag',
    '違うファイルも確認して',
    'A가 아니라 B를 써 주세요',
    'Para cada archivo, añade una cabecera',
    '',
    '   ',
  ])('leaves an ordinary request alone: %j', (text) => {
    expect(detectCorrection(text)).toBeNull();
  });

  it('reads only the head of a long message', () => {
    expect(detectCorrection(`${'Please refactor the module. '.repeat(10)}that's wrong`)).toBeNull();
    expect(detectCorrection(`Refactor it. That's wrong though, isn't it?`)?.marker).toBe("that's wrong");
  });

  it('reads full-width and curly-quoted text as plain', () => {
    expect(detectCorrection('ｎｏ，not that')?.language).toBe('en');
    expect(detectCorrection('That’s wrong')?.marker).toBe("that's wrong");
  });
});

describe('isDeclinedByPerson', () => {
  const output = (content: string) => ({
    role: 'tool' as const,
    kind: 'tool_output' as const,
    content,
    ts: null,
    line: 0,
  });

  it('is a refusal the person made at the approval prompt', () => {
    expect(isDeclinedByPerson(output('exec command rejected by user'))).toBe(true);
    expect(isDeclinedByPerson(output('patch declined by the user'))).toBe(true);
  });

  it('is not a sandbox or policy refusal, nor a long output that mentions one', () => {
    expect(isDeclinedByPerson(output('sandbox denied: read-only file system'))).toBe(false);
    expect(isDeclinedByPerson(output('blocked by policy'))).toBe(false);
    expect(isDeclinedByPerson(output(`${'log line\n'.repeat(60)}rejected by user`))).toBe(false);
  });
});
