import type { InsightAnswer } from './schema.js';

/** How the evidence of an answer stands against its transcript. */
export interface EvidenceCount {
  quotes: number;
  cited_entries: number;
  /** Entry numbers the answer gave that are not in the transcript; those citations were dropped. */
  unknown_entries: number[];
}

/**
 * Keeps a quote's `entry` only when it names an entry of the transcript (`refs`: the numbers the digest
 * showed Codex); any other number — a guess, a negative, one past the end — becomes null and is listed, so
 * nothing links to an entry that does not exist. Without the transcript (`refs` null, the session is gone)
 * only numbers no rollout line can have are dropped.
 */
export function checkEvidence(
  answer: InsightAnswer,
  refs: ReadonlySet<number> | null,
): { answer: InsightAnswer; evidence: EvidenceCount } {
  const unknown = new Set<number>();
  let quotes = 0;
  let cited = 0;
  const checkPoints = (points: InsightAnswer['what_worked']) =>
    points.map((point) => ({
      ...point,
      evidence: point.evidence.map((item) => {
        quotes += 1;
        if (item.entry === null) return item;
        const known =
          refs === null ? Number.isSafeInteger(item.entry) && item.entry > 0 : refs.has(item.entry);
        if (known) {
          cited += 1;
          return item;
        }
        unknown.add(item.entry);
        return { ...item, entry: null };
      }),
    }));
  const checked = {
    ...answer,
    what_worked: checkPoints(answer.what_worked),
    friction: checkPoints(answer.friction),
  };
  return {
    answer: checked,
    evidence: { quotes, cited_entries: cited, unknown_entries: [...unknown].sort((a, b) => a - b) },
  };
}
