import { describe, expect, it } from 'vitest';
import { readSessionId, sessionPath } from './use-route.js';

describe('session addresses', () => {
  it('reads the session id back from its own path', () => {
    const id = '01a20121-255d-79a1-881c-b4697066053d';
    expect(readSessionId(sessionPath(id))).toBe(id);
    expect(readSessionId(`/s/${id}/`)).toBe(id);
  });

  it('finds no session on other paths or broken escapes', () => {
    expect(readSessionId('/')).toBeNull();
    expect(readSessionId('/s/')).toBeNull();
    expect(readSessionId('/s/a/b')).toBeNull();
    expect(readSessionId('/s/%E0%A4%A')).toBeNull();
  });
});
