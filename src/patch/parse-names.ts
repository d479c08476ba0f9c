import { DiffSyntaxError } from './parse-error.js';

/** How a diff names files: git's C-style quoting, `a/` `b/` prefixes, `/dev/null`, trailing timestamps. */

const DEV_NULL = '/dev/null';

/** Decodes git's C-style quoting (`"a/\303\251"`), returning the text and where the quote ended. */
export function unquote(text: string): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  let i = 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1));
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const code = escapes[next];
      if (code === undefined) return undefined;
      bytes.push(code);
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
    i++;
  }
  return undefined;
}

/** The name on a `---` / `+++` line: quoted, or up to a tab (where a timestamp may follow). */
export function readFileLineName(rest: string, line: number): string {
  if (rest.startsWith('"')) {
    const quoted = unquote(rest);
    if (!quoted)
      throw new DiffSyntaxError(line, `the quoted path at line ${line} is not closed or badly escaped`);
    return quoted.value;
  }
  const tab = rest.indexOf('\t');
  return tab === -1 ? rest : rest.slice(0, tab);
}

/** The two names of `diff --git a/X b/Y`, or undefined when they cannot be told apart. */
export function readGitHeaderNames(rest: string, line: number): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = unquote(rest);
    if (!first || rest[first.end] !== ' ')
      throw new DiffSyntaxError(line, `bad quoting in the header at line ${line}`);
    const tail = rest.slice(first.end + 1);
    const second = tail.startsWith('"') ? unquote(tail)?.value : tail;
    if (second === undefined) throw new DiffSyntaxError(line, `bad quoting in the header at line ${line}`);
    return [first.value, second];
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(0, half).slice(2) === rest.slice(half + 3)) {
    return [rest.slice(0, half), rest.slice(half + 1)];
  }
  if (rest.includes(' "')) {
    const at = rest.indexOf(' "');
    const second = unquote(rest.slice(at + 1));
    if (second) return [rest.slice(0, at), second.value];
  }
  const parts = rest.split(' ');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
}

/** Removes the `a/` and `b/` prefixes when every name carries them; names without any are kept as written. */
export function stripPrefixes(
  oldName: string | null,
  newName: string | null,
  line: number,
): [string | null, string | null] {
  const named = [oldName, newName].filter((name) => name !== null);
  const prefixed =
    (oldName === null || oldName.startsWith('a/')) && (newName === null || newName.startsWith('b/'));
  if (prefixed) return [oldName?.slice(2) ?? null, newName?.slice(2) ?? null];
  if (named.every((name) => !name.startsWith('a/') && !name.startsWith('b/'))) return [oldName, newName];
  throw new DiffSyntaxError(
    line,
    `the paths at line ${line} mix the a/ b/ prefixes with names that have none`,
  );
}

export function nameOrNull(name: string): string | null {
  return name === DEV_NULL ? null : name;
}
