import { describe, expect, it } from 'vitest';
import { readRoute, readSessionId, routePath, sessionPath } from './use-route.js';

const ID = '01a20121-255d-79a1-881c-b4697066053d';
const PROPOSAL = 'prop-20261122T030000000Z-0a0b0c0d';

describe('session addresses', () => {
  it('reads the session id back from its own path', () => {
    expect(readSessionId(sessionPath(ID))).toBe(ID);
    expect(readSessionId(`/s/${ID}/`)).toBe(ID);
  });

  it('finds no session on other paths or broken escapes', () => {
    expect(readSessionId('/')).toBeNull();
    expect(readSessionId('/s/')).toBeNull();
    expect(readSessionId('/s/a/b')).toBeNull();
    expect(readSessionId('/s/%E0%A4%A')).toBeNull();
  });

  it('reads back an entry of a session and the review of a proposal', () => {
    for (const route of [
      { session: ID, proposal: null, entry: 42 },
      { session: ID, proposal: PROPOSAL, entry: null },
      { session: ID, proposal: null, entry: null },
    ]) {
      const url = new URL(routePath(route), 'http://x');
      expect(readRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it('takes only an entry number a rollout line can have', () => {
    for (const entry of ['0', '-3', '1e3', '9007199254740993', 'x', '']) {
      expect(readRoute(`/s/${ID}`, `?entry=${entry}`).entry).toBeNull();
    }
    expect(readRoute(`/s/${ID}/p/%E0%A4%A`).session).toBeNull();
  });
});
