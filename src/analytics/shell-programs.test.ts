import { describe, expect, it } from 'vitest';
import { extractPrograms, readShellCommand } from './shell-programs.js';

describe('extractPrograms', () => {
  it.each([
    ['git status', ['git']],
    ['cd src && git status | rg TODO', ['git', 'rg']],
    ['npm test; npm run lint || echo failed &', ['npm', 'npm', 'echo']],
    ['FOO=1 BAR="a b" npm test', ['npm']],
    ['sudo -u root -E apt-get install -y jq', ['apt-get']],
    ['time -p make -j4', ['make']],
    ['timeout -s KILL 30s cargo test', ['cargo']],
    ['env -i PATH=/bin NODE_ENV=test node app.js', ['node']],
    ['nice -n 10 nohup ./scripts/build.sh', ['build.sh']],
    ['/usr/bin/git log --oneline | head -5 2>/dev/null', ['git', 'head']],
    ['rg foo src > out.txt 2>&1 && cat out.txt', ['rg', 'cat']],
    ['echo "$(git rev-parse HEAD)" `date +%s`', ['echo', 'git', 'date']],
    ['diff <(sort a) <(sort b)', ['diff', 'sort', 'sort']],
    ['if test -f x; then make; else npm ci; fi', ['test', 'make', 'npm']],
    ['for f in *.ts; do wc -l "$f"; done', ['wc']],
    ['bash -lc \'timeout 60 bash -c "pytest -q"\'', ['pytest']],
    ['echo "a && b | c" ; ls', ['echo', 'ls']],
    ['export CI=1 && npm test', ['npm']],
    ['# a comment\nls -la # trailing', ['ls']],
    ['echo $((1 + 2))', ['echo']],
    ['git commit -m "fix: handle | and ;"', ['git']],
    ['\\rm -rf build && mkdir build', ['rm', 'mkdir']],
  ])('%s', (script, expected) => {
    expect(extractPrograms(script)).toEqual(expected);
  });

  it('skips here-document bodies', () => {
    const script =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.txt\n+rm -rf /\n*** End Patch\nEOF\ngit diff";
    expect(extractPrograms(script)).toEqual(['apply_patch', 'git']);
    expect(extractPrograms('cat <<-END > notes.md\n\tnpm publish\n\tEND\nls')).toEqual(['cat', 'ls']);
  });

  it('reads argv arrays, looking into `bash -lc`', () => {
    expect(extractPrograms(['bash', '-lc', 'cd x && git status | rg y'])).toEqual(['git', 'rg']);
    expect(extractPrograms(['rg', '--files', '-g', '*.ts'])).toEqual(['rg']);
    expect(extractPrograms(['/bin/zsh', '-c', 'npm test'])).toEqual(['npm']);
  });

  it('survives unbalanced quotes and parentheses', () => {
    expect(extractPrograms('echo "unterminated && rm x')).toEqual(['echo']);
    expect(extractPrograms('echo $(git log')).toEqual(['echo', 'git']);
    expect(extractPrograms('')).toEqual([]);
  });
});

describe('readShellCommand', () => {
  it('reads every argument shape Codex has used', () => {
    expect(readShellCommand('{"command":["bash","-lc","ls"],"workdir":"/x"}')).toEqual(['bash', '-lc', 'ls']);
    expect(readShellCommand('{"command":"npm test","timeout_ms":1000}')).toBe('npm test');
    expect(readShellCommand('{"cmd":"git status","yield_time_ms":1000}')).toBe('git status');
  });

  it('returns null for arguments it cannot read', () => {
    expect(readShellCommand('{"cmd":"git sta')).toBeNull();
    expect(readShellCommand('{"chars":"y\\n","session_id":3}')).toBeNull();
    expect(readShellCommand(undefined)).toBeNull();
  });
});

describe('extractPrograms on arbitrary text', () => {
  it('never throws and always names programs by plain words', () => {
    const alphabet = [
      'a',
      'git',
      ' ',
      '|',
      '&',
      ';',
      '(',
      ')',
      '$(',
      '`',
      '"',
      "'",
      '\\',
      '<<',
      'EOF',
      '\n',
      '>',
      '2>&1',
      '=',
      '#',
      '{',
      '}',
    ];
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const length = next() % 40;
      const script = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      const programs = extractPrograms(script);
      for (const program of programs) expect(program).not.toMatch(/[\s|&;<>]/);
    }
  });
});
