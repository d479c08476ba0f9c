import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { findSkillProblems } from '../../patch/skill-frontmatter.js';
import { installSkill, launcherScript, skillPaths, uninstallSkill } from './install-skill.js';

const now = new Date('2026-11-22T12:00:00.000Z');
const OWN_SKILL = '---\nname: insight-report\ndescription: my own report skill\n---\n\nDo it my way.\n';

describe('the insight-report skill', () => {
  const tmp = tempDirEach('skill-');
  const command = (codexHome: string) => ({
    node: '/opt/node 22/bin/node',
    script: "/home/sam/it's/codex-retro/bin/codex-retro.js",
    codexHome,
  });

  it('is written as a SKILL.md Codex loads, with the seed’s name, description and triggers, running the report', async () => {
    const home = tmp();
    const result = await installSkill(home, command(home), { force: false, now });
    expect(result).toMatchObject({ action: 'installed', backup: null, file: skillPaths(home).file });
    const text = await readFile(skillPaths(home).file, 'utf8');
    expect(findSkillProblems(text)).toEqual([]);
    expect(text).toMatch(
      /^---\nname: insight-report\ndescription: "WHAT: Generate Codex-authored HTML insights/,
    );
    for (const trigger of [
      '"Show me my Codex analytics"',
      '"Generate my weekly insights report"',
      '"Where am I getting stuck?"',
    ]) {
      expect(text).toContain(trigger);
    }
    // Absolute, quoted for the shell, with the Codex home it was installed in.
    expect(text).toContain(
      `'/opt/node 22/bin/node' '/home/sam/it'\\''s/codex-retro/bin/codex-retro.js' report --codex-home ${home} --days 7 --no-open`,
    );
    expect(text).toContain('REPORT_URL=file://');
    expect(launcherScript()).toMatch(/\/bin\/codex-retro\.js$/);
    // The codex named at install time is the one the report runs.
    await installSkill(home, { ...command(home), codexBin: '/opt/codex/bin/codex' }, { force: false, now });
    expect(await readFile(skillPaths(home).file, 'utf8')).toContain(
      `report --codex-home ${home} --codex-bin /opt/codex/bin/codex --days 7 --no-open`,
    );
  });

  it('updates its own file, refuses a person’s own skill of that name, and replaces it with --force keeping a backup', async () => {
    const home = tmp();
    await installSkill(home, command(home), { force: false, now });
    expect((await installSkill(home, command(home), { force: false, now })).action).toBe('updated');

    const other = tmp();
    await mkdir(skillPaths(other).dir, { recursive: true });
    await writeFile(skillPaths(other).file, OWN_SKILL);
    await expect(installSkill(other, command(other), { force: false, now })).rejects.toMatchObject({
      code: 'skill_exists',
      message: expect.stringMatching(
        /did not write; it is left as is\. Run `codex-retro skill install --force`/,
      ),
    });
    expect(await readFile(skillPaths(other).file, 'utf8')).toBe(OWN_SKILL);
    const replaced = await installSkill(other, command(other), { force: true, now });
    expect(replaced.action).toBe('replaced');
    expect(await readFile(replaced.backup!, 'utf8')).toBe(OWN_SKILL);
    expect(replaced.backup).toBe(`${skillPaths(other).file}.backup-20261122T120000000Z`);
  });

  it('uninstalls only the file it wrote, and the folder when nothing else is in it', async () => {
    const home = tmp();
    expect(await uninstallSkill(home)).toMatchObject({ removed: false });
    await installSkill(home, command(home), { force: false, now });
    expect(await uninstallSkill(home)).toMatchObject({ removed: true });
    expect(await readdir(join(home, 'skills'))).toEqual([]);

    await installSkill(home, command(home), { force: false, now });
    await writeFile(join(skillPaths(home).dir, 'notes.md'), 'mine');
    await uninstallSkill(home);
    expect(await readdir(skillPaths(home).dir)).toEqual(['notes.md']);

    await writeFile(skillPaths(home).file, OWN_SKILL);
    await expect(uninstallSkill(home)).rejects.toMatchObject({ code: 'skill_not_ours' });
    expect(await readFile(skillPaths(home).file, 'utf8')).toBe(OWN_SKILL);
  });

  it('never writes or removes through a symbolic link', async () => {
    const home = tmp();
    const elsewhere = join(tmp(), 'target.md');
    await writeFile(elsewhere, 'precious');
    await mkdir(skillPaths(home).dir, { recursive: true });
    await symlink(elsewhere, skillPaths(home).file);
    await expect(installSkill(home, command(home), { force: true, now })).rejects.toMatchObject({
      code: 'skill_is_link',
    });
    await expect(uninstallSkill(home)).rejects.toMatchObject({ code: 'skill_is_link' });
    expect(await readFile(elsewhere, 'utf8')).toBe('precious');
  });
});
