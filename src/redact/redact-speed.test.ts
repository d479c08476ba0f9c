import { expect, it } from 'vitest';
import { redactText } from './index.js';

/**
 * Near-misses: every trigger the detectors look for, none completing a secret, plus long runs that
 * would make a backtracking pattern quadratic. A linear scan finishes in well under a second; the
 * bound only catches a blow-up (which takes minutes on 5 MB), so it is loose on purpose.
 */
function buildNearMisses(bytes: number): string {
  const pieces = [
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
  ];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const piece = pieces[i % pieces.length]!;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('');
}

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
