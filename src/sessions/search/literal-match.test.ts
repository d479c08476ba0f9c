import { describe, expect, it } from 'vitest';
import { findVisible } from './literal-match.js';

const KEY = 'sk-4Ree7NAw8MhdkW3oAwdYYiDyXwdSu78e9KCe3Oejj8x1O958';

describe('findVisible', () => {
  it('finds the text and brackets it in a snippet', () => {
    expect(findVisible('npm ERR! module_417.ts:611:3 failed', 'module_417.ts:611:3')?.snippet).toBe(
      'npm ERR! [module_417.ts:611:3] failed',
    );
  });

  it('does not count text that only occurs inside a secret', () => {
    expect(findVisible(`OPENAI_API_KEY=${KEY}`, 'YiDyXwdSu78e9')).toBeNull();
    expect(findVisible(`token ${KEY} here`, 'sk-4Ree7')).toBeNull();
  });

  it('finds a later occurrence outside the secret, and masks the secret in the snippet', () => {
    const found = findVisible(`key ${KEY} then the word 4Ree7NAw8 in prose`, '4Ree7NAw8');
    expect(found?.snippet).toBe('key [REDACTED:openai_key] then the word [4Ree7NAw8] in prose');
  });

  it('checks a window around each occurrence of a long text, secrets near it included', () => {
    const filler = 'INFO build step done\n'.repeat(8000);
    const masked = `${filler}export OPENAI_API_KEY=${KEY}\n${filler}`;
    expect(masked.length).toBeGreaterThan(300_000);
    expect(findVisible(masked, 'YiDyXwdSu78e9')).toBeNull();
    const found = findVisible(`${masked}deep marker YiDyXwdSu78e9 in the open\n`, 'YiDyXwdSu78e9');
    expect(found?.snippet).toMatch(/deep marker \[YiDyXwdSu78e9\] in the open/);
  });

  it('redacts a long text whole when it holds a private key block', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n'.repeat(2000);
    const text = `${'x '.repeat(40_000)}-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----\nafter`;
    expect(findVisible(text, 'AASCBKcwggSjAgEAAoIBAQC7')).toBeNull();
    expect(findVisible(text, 'after')?.snippet).toMatch(/\[REDACTED:private_key\]\n\[after\]$/);
  });
});
