import { describe, expect, it } from 'vitest';
import { checkEvidence } from './evidence.js';
import type { InsightAnswer } from './schema.js';

function answerCiting(...entries: (number | null)[]): InsightAnswer {
  return {
    goal: 'g',
    outcome: { status: 'achieved', summary: 's' },
    what_worked: [{ point: 'p', evidence: entries.slice(0, 1).map((entry) => ({ quote: 'q', entry })) }],
    friction: [{ point: 'f', evidence: entries.slice(1).map((entry) => ({ quote: 'r', entry })) }],
    recommendations: [],
  };
}

const cited = (answer: InsightAnswer) =>
  [...answer.what_worked, ...answer.friction].flatMap((p) => p.evidence.map((e) => e.entry));

describe('checkEvidence', () => {
  it('keeps entries of the transcript and drops every other number, listing it', () => {
    const refs = new Set([2, 5, 9]);
    const result = checkEvidence(answerCiting(5, -9007199254740991, 9, 10, 0, null, 5), refs);
    expect(cited(result.answer)).toEqual([5, null, 9, null, null, null, 5]);
    expect(result.evidence).toEqual({
      quotes: 7,
      cited_entries: 3,
      unknown_entries: [-9007199254740991, 0, 10],
    });
  });

  it('without the transcript keeps only numbers a rollout line can have', () => {
    const result = checkEvidence(answerCiting(3, -1, 0, 2 ** 60), null);
    expect(cited(result.answer)).toEqual([3, null, null, null]);
    expect(result.evidence.unknown_entries).toEqual([-1, 0, 2 ** 60]);
  });

  it('leaves the answer it was given as it was', () => {
    const answer = answerCiting(7);
    checkEvidence(answer, new Set());
    expect(cited(answer)).toEqual([7]);
  });
});
