/**
 * The one-pass trigger scan. Every text is searched once for anything a detector could start from; most text
 * holds nothing, and then no detector runs. How the search is written decides what it costs, because a regex
 * engine tries an alternation at every position, branch after branch, and skips ahead only where few
 * characters can start a match:
 * - one regex for the triggers of every detector, not one per detector;
 * - the triggers as a prefix tree (`s(?:k-|ig=)|g(?:hp_|…)`), so one character rules most branches out;
 * - letters of any case as classes (`[Tt][Oo][Kk][Ee][Nn]`) instead of the `i` flag, which would widen every
 *   branch of the case-sensitive triggers too.
 * Written so, redaction of Codex transcripts runs at ~1.5x the throughput of one flat scan for tokens and one
 * for names (bench/redact.ts). A trigger of one or two characters would make the engine stop at nearly every
 * position: keep them longer.
 */

/** A literal the text must hold (in any letter case when `anyCase`), then what `tail` matches (`SK` + hex). */
export interface Trigger {
  literal: string;
  tail?: string;
  anyCase?: boolean;
}

/** One position of a trigger as a regex: an escaped character, or a class of its two cases. */
type Atom = string;

interface Path {
  atoms: Atom[];
  tail: string;
}

function escapeChar(c: string): Atom {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function toPath(trigger: Trigger): Path {
  const atoms = [...trigger.literal].map((c) => {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    return trigger.anyCase && lower !== upper ? `[${upper}${lower}]` : escapeChar(c);
  });
  return { atoms, tail: trigger.tail ?? '' };
}

function alternation(paths: Path[]): string {
  // A trigger that ends here makes every longer one below it redundant: the scan only asks whether one occurs.
  if (paths.some((p) => p.atoms.length === 0 && p.tail === '')) return '';
  const tails = paths.filter((p) => p.atoms.length === 0).map((p) => p.tail);
  const groups = new Map<Atom, Path[]>();
  for (const p of paths) {
    if (p.atoms.length === 0) continue;
    const [head, ...rest] = p.atoms;
    groups.set(head!, [...(groups.get(head!) ?? []), { atoms: rest, tail: p.tail }]);
  }
  // What may follow each first position; single characters followed by the same become one class (`h[pousr]_`).
  const byFollows = new Map<string, Atom[]>();
  for (const [head, rest] of groups) {
    const inner = rest.length === 1 ? rest[0]!.atoms.join('') + rest[0]!.tail : alternation(rest);
    const follows = inner.includes('|') ? `(?:${inner})` : inner;
    byFollows.set(follows, [...(byFollows.get(follows) ?? []), head]);
  }
  const branches = [...byFollows].flatMap(([follows, heads]) => {
    const single = heads.filter((h) => !h.startsWith('['));
    const classes = heads.filter((h) => h.startsWith('['));
    const merged =
      single.length > 1
        ? [`[${single.map((h) => h.replace(/^\\/, '').replace(/[\]\\^-]/g, '\\$&')).join('')}]`]
        : single;
    return [...merged, ...classes].map((head) => head + follows);
  });
  return [...branches, ...tails].join('|');
}

/** One regex matching wherever any of the triggers occurs. */
export function compileTriggers(triggers: Trigger[], flags = ''): RegExp {
  const fold = (t: Trigger) => (t.anyCase ? t.literal.toLowerCase() : t.literal);
  const unique = [
    ...new Map(triggers.map((t) => [`${fold(t)}\0${t.tail ?? ''}\0${!!t.anyCase}`, t])).values(),
  ];
  // `sshpass` occurs wherever `pass` does: only the shorter needs looking for.
  const needed = unique.filter(
    (t) =>
      !unique.some(
        (o) =>
          o !== t &&
          !o.tail &&
          (o.anyCase ? fold(t).toLowerCase().includes(fold(o)) : !t.anyCase && t.literal.includes(o.literal)),
      ),
  );
  return new RegExp(alternation(needed.map(toPath)), flags);
}
