import { expect, it } from 'vitest';
import { redactText } from './index.js';

/**
 * Near-misses: every trigger the detectors look for, none completing a secret, plus long runs that
 * would make a backtracking pattern quadratic. A linear scan finishes in well under a second; the
 * bound only catches a blow-up (which takes minutes on 5 MB), so it is loose on purpose.
 */
function repeatTo(pieces: string[], bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const piece = pieces[i % pieces.length]!;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('');
}

function buildNearMisses(bytes: number): string {
  return repeatTo(NEAR_MISSES, bytes);
}

const NEAR_MISSES = [
  'sk-short1 ',
  'AKIA1234 ',
  'eyJhbGciOiJIUzI1NiJ9 without dots ',
  'ghp_tooShort ',
  'the password is in the vault; token expired; ',
  'TOKEN=$GITHUB_TOKEN ',
  'https://user@example.com/path ',
  'Authorization: Bearer $TOKEN\n',
  '-----BEGIN PUBLIC KEY-----\n',
  'npm_config_cache=/tmp/npm ',
  'sha512-Q2xGzfA1cw4zpEtyOY8rdtlLn1Z1c9ZP+6u3bX5W6eV8yPy1== ',
  `${'sk-'.repeat(2000)} `,
  `${'eyJ-'.repeat(2000)} `,
  `${'password'.repeat(2000)} `,
  `${'a'.repeat(5000)}:// `,
  `${'x'.repeat(3000)}@ `,
  `token=$${'tokentoken=$'.repeat(1000)} `,
  `password="$${'password=$'.repeat(1000)} `,
  'SK0123456789abcdef AC0123 hf_short SG.x.y GOCSPX-short AccountKey=$KEY sig=short ',
  'mysql -p appdb; docker login -u me --password-stdin; sshpass -f file ssh host ',
  `docker login ${'-p $PW '.repeat(500)}\n`,
  `mysql ${"-p'$X' ".repeat(500)}\n`,
  'the password is in the vault, the token is expired, set the password to something else ',
  `${'\\\n'.repeat(1000)} `,
  `note: "${'a\\\n  '.repeat(500)}"\n`,
];

it('scans 5 MB of near-misses in linear time and changes nothing', () => {
  const text = buildNearMisses(5 * 1024 * 1024);
  const started = performance.now();
  const out = redactText(text);
  const ms = performance.now() - started;
  console.log(
    `redaction: ${(text.length / 1024 / 1024).toFixed(1)} MB of near-misses in ${ms.toFixed(0)} ms`,
  );
  expect(out).toBe(text);
  expect(ms).toBeLessThan(20_000);
});

/**
 * Hostile runs that do start a secret and never end it: BEGIN lines without END, quotes and YAML values
 * that never close, commands whose quoted passwords never close. Each must cost one pass, not one per start.
 */
it('scans 5 MB of unterminated blocks, quotes and commands in linear time', () => {
  const text = repeatTo(
    [
      '-----BEGIN RSA PRIVATE KEY-----\n',
      'password: "abc\\\n',
      "password: 'it''s\n  ",
      'token: |\n  ',
      `mysql ${"-p'unclosed ".repeat(300)}\n`,
      `docker login ${'-p "x '.repeat(300)}\n`,
      `sshpass -p 'a${' '.repeat(3000)}\n`,
      `echo ${"'x".repeat(300)} | docker login --password-stdin\n`,
      `openssl ${"-passin pass:'x ".repeat(300)}\n`,
    ],
    5 * 1024 * 1024,
  );
  const started = performance.now();
  const out = redactText(text);
  const ms = performance.now() - started;
  console.log(
    `redaction: ${(text.length / 1024 / 1024).toFixed(1)} MB of unterminated starts in ${ms.toFixed(0)} ms`,
  );
  expect(out).toContain('[REDACTED:private_key]');
  expect(ms).toBeLessThan(20_000);
});
