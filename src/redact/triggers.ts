/**
 * The one-pass trigger scans. Every text is searched once for anything a detector could start from; most text
 * holds nothing, and then no detector runs. A regex engine tries an alternation at every position, one branch
 * after another, so the triggers are written as a prefix tree (`s(?:k-|ig=)|g(?:hp_|…)`): at most positions a
 * single character rules the whole tree out. On Codex transcripts that is ~15% faster than the flat list.
 */

/** A literal the text must hold, optionally followed by what the `tail` pattern matches (`SK` + 32 hex digits). */
export interface Trigger {
  literal: string;
  tail?: string;
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function alternation(triggers: Trigger[]): string {
  // A trigger that ends here makes every longer one below it redundant: the scan only asks whether one occurs.
  if (triggers.some((t) => t.literal === '' && !t.tail)) return '';
  const tails = triggers.filter((t) => t.literal === '').map((t) => t.tail!);
  const groups = new Map<string, Trigger[]>();
  for (const t of triggers) {
    if (t.literal === '') continue;
    const head = t.literal[0]!;
    const rest = { ...t, literal: t.literal.slice(1) };
    groups.set(head, [...(groups.get(head) ?? []), rest]);
  }
  // What may follow each first character; characters followed by the same become one class (`h[pousr]_`).
  const byRest = new Map<string, string[]>();
  for (const [head, rest] of groups) {
    const inner =
      rest.length === 1 ? escapeLiteral(rest[0]!.literal) + (rest[0]!.tail ?? '') : alternation(rest);
    const follows = inner.includes('|') ? `(?:${inner})` : inner;
    byRest.set(follows, [...(byRest.get(follows) ?? []), head]);
  }
  const branches = [...byRest].map(
    ([follows, heads]) =>
      (heads.length === 1 ? escapeLiteral(heads[0]!) : `[${heads.join('').replace(/[\]\\^-]/g, '\\$&')}]`) +
      follows,
  );
  return [...branches, ...tails].join('|');
}

/** One regex matching wherever any of the triggers occurs. */
export function compileTriggers(triggers: Trigger[], flags = ''): RegExp {
  const fold = flags.includes('i') ? (text: string) => text.toLowerCase() : (text: string) => text;
  const folded = triggers.map((t) => ({ ...t, literal: fold(t.literal) }));
  const unique = [...new Map(folded.map((t) => [`${t.literal}\0${t.tail ?? ''}`, t])).values()];
  // `sshpass` occurs wherever `pass` does: only the shorter needs looking for.
  const needed = unique.filter(
    (t) => !unique.some((o) => o !== t && !o.tail && t.literal.includes(o.literal)),
  );
  return new RegExp(alternation(needed), flags);
}
