import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findCredentials,
  findSecrets,
  redactDeep,
  redactHead,
  redactText,
  type SecretSpan,
} from './index.js';

const fixtures = new URL('../../test/fixtures/redaction/', import.meta.url);
const MARKED = /«([a-z_]+):([^»]*)»/g;

interface SecretCase {
  title: string;
  input: string;
  expected: string;
  kinds: string[];
}

/** `secrets.txt` marks each secret as «kind:value»; the input drops the marks, the expectation masks them. */
function loadSecretCases(): SecretCase[] {
  const text = readFileSync(new URL('secrets.txt', fixtures), 'utf8');
  return text
    .trimEnd()
    .split('\n\n')
    .map((block) => {
      const [titleLine, ...rest] = block.split('\n');
      const body = rest.join('\n');
      return {
        title: titleLine!.replace(/^# /, ''),
        input: body.replace(MARKED, '$2'),
        expected: body.replace(MARKED, '[REDACTED:$1]'),
        kinds: [...body.matchAll(MARKED)].map((m) => m[1]!),
      };
    });
}

const cases = loadSecretCases();

describe('redactText', () => {
  it.each(cases.map((c) => [c.title, c] as const))('masks %s', (_title, c) => {
    expect(redactText(c.input)).toBe(c.expected);
  });

  it('seeds every kind the product promises', () => {
    const kinds = new Set(cases.flatMap((c) => c.kinds));
    for (const kind of [
      'openai_key',
      'anthropic_key',
      'aws_access_key_id',
      'aws_secret_key',
      'github_token',
      'gitlab_token',
      'slack_token',
      'stripe_key',
      'google_api_key',
      'npm_token',
      'jwt',
      'private_key',
      'url_password',
      'password',
      'secret',
      'authorization',
      'bearer_token',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('masks the whole corpus in one text the same way as case by case', () => {
    const input = cases.map((c) => c.input).join('\n\n');
    expect(redactText(input)).toBe(cases.map((c) => c.expected).join('\n\n'));
  });

  it('leaves look-alikes byte-identical', () => {
    const text = readFileSync(new URL('lookalikes.txt', fixtures), 'utf8');
    const changed = text.split('\n').filter((line) => redactText(line) !== line);
    expect(changed).toEqual([]);
    expect(redactText(text)).toBe(text);
  });

  it('is idempotent', () => {
    for (const c of cases) expect(redactText(c.expected)).toBe(c.expected);
  });

  it('returns the same string when nothing is found', () => {
    const text = 'plain words, no credentials here at all';
    expect(redactText(text)).toBe(text);
    expect(findCredentials(text)).toEqual([]);
  });

  it('reports kinds and positions of what it finds, under its earlier name too', () => {
    const text = 'key AKIAIOSFODNN7EXAMPLE here';
    const expected: SecretSpan[] = [{ kind: 'aws_access_key_id', start: 4, end: 24 }];
    expect(findCredentials(text)).toEqual(expected);
    expect(findSecrets(text)).toEqual(expected);
  });

  it('keeps the user and host of a url and the scheme of an authorization header', () => {
    expect(redactText('mysql://root:pa55word@127.0.0.1/db')).toBe(
      'mysql://root:[REDACTED:url_password]@127.0.0.1/db',
    );
    expect(redactText('Authorization: Basic dXNlcjpwYXNz')).toBe(
      'Authorization: Basic [REDACTED:authorization]',
    );
  });
});

describe('redactHead', () => {
  const key = 'ghp_Xk2Lm9Qw4Rt7Yz1Vb5Nc8Hd3Jf6Gs0Pa2Ue9T';

  it('drops the start of a credential the cut fell inside, which is no longer recognisable', () => {
    for (const cut of [12, 20, 29]) {
      const head = `token ${key}`.slice(0, 6 + cut);
      expect(redactText(head)).toBe(head);
      expect(redactHead(head)).toBe('token ');
    }
  });

  it('masks what it recognises, cuts to what is kept, and keeps short words and markers', () => {
    expect(redactHead(`use ${key} now`)).toBe('use [REDACTED:github_token] now');
    expect(redactHead(`use ${key} and more`, 30)).toBe('use [REDACTED:github_token] an');
    expect(redactHead('building module buil')).toBe('building module buil');
    expect(redactHead(`key ${key}`, 12)).toBe('key [REDACTE');
    expect(redactHead('aaaa'.repeat(10))).toBe('');
  });
});

describe('redactDeep', () => {
  it('walks objects and arrays and returns a new value', () => {
    const input = {
      role: 'tool',
      content: 'export GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345',
      nested: [{ text: 'ok' }, 'AKIAIOSFODNN7EXAMPLE', 42, null, true],
    };
    const output = redactDeep(input);
    expect(output).not.toBe(input);
    expect(output).toEqual({
      role: 'tool',
      content: 'export GITHUB_TOKEN=[REDACTED:github_token]',
      nested: [{ text: 'ok' }, '[REDACTED:aws_access_key_id]', 42, null, true],
    });
    expect(input.content).toContain('ghp_');
  });

  it('masks values stored under secret-named keys', () => {
    const env = {
      DB_PASSWORD: 'hunter2',
      Authorization: 'Bearer abc',
      GIT_AUTHOR_NAME: 'Jamie',
      max_tokens: '4096',
      API_KEY: '',
      TOKEN: '$GITHUB_TOKEN',
    };
    expect(redactDeep(env)).toEqual({
      DB_PASSWORD: '[REDACTED:secret]',
      Authorization: 'Bearer [REDACTED:authorization]',
      GIT_AUTHOR_NAME: 'Jamie',
      max_tokens: '4096',
      API_KEY: '',
      TOKEN: '$GITHUB_TOKEN',
    });
  });
});

describe('redactText on arbitrary text', () => {
  it('never throws and is stable when run twice', () => {
    const pieces = [
      'password',
      '=',
      ': ',
      '"',
      "'",
      ' ',
      '\n',
      'Bearer ',
      'Authorization',
      'sk-',
      'AKIA',
      'eyJhbGciOiJIUzI1NiJ9',
      '.',
      'ghp_',
      'abc123XYZ789qwe456',
      '://u:',
      '@h',
      '-----BEGIN PRIVATE KEY-----',
      '-----END PRIVATE KEY-----',
      '\\',
      '--token',
      '$X',
      '{',
      ',',
      '\\\n  ',
      ' docker login ',
      ' mysql ',
      ' -p',
      ' -a ',
      ' --password-stdin ',
      ' echo ',
      ' | ',
      ' pass:',
      '\npassword: |\n  ',
      ' is ',
      "''",
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: next() % 30 }, () => pieces[next() % pieces.length]).join('');
      const once = redactText(text);
      expect(redactText(once)).toBe(once);
    }
  });
});
