import { describe, expect, it } from 'vitest';
import { openInBrowser, resolveUserName } from './environment.js';

describe('report environment', () => {
  it('uses --user-name first, and "you" when git knows no name', async () => {
    expect(await resolveUserName('  Jamie ', '/', process.env)).toBe('Jamie');
    const noGitName = { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    expect(await resolveUserName(undefined, '/', noGitName)).toBe('you');
    const named = {
      ...noGitName,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'Jamie Doe',
    };
    expect(await resolveUserName(undefined, '/', named)).toBe('Jamie Doe');
  });

  it.runIf(process.platform === 'linux')('says why no browser opened instead of failing', async () => {
    expect(await openInBrowser('file:///tmp/report.html', { PATH: process.env.PATH })).toMatch(
      /no graphical display/,
    );
    expect(await openInBrowser('file:///tmp/report.html', { DISPLAY: ':99', PATH: '/nonexistent' })).toMatch(
      /xdg-open failed/,
    );
  });
});
