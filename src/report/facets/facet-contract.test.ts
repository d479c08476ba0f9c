import { describe, expect, it } from 'vitest';
import { buildSampleFacets } from '../../../test/helpers/report/sample-evidence.js';
import { toOutputSchema } from '../../codex/answer.js';
import { checkFacetEntry, createFacetContract } from './facet-contract.js';
import { isQuoteIn } from './quotes.js';

const A = '01a20120-073d-7262-9942-d5f2c9b66274';
const B = '01a20120-0e64-7b11-813b-3780ba91a28b';
const digestA = [
  'title: fix tests · 2 message(s) typed by the person, 1 tool call(s), 1 failed',
  '[1] you: make the “failing” tests pass — the parser ones',
  '[2] tool exec_command: npm test → exit 1: 3 failing',
  '[3] you: no, the other test',
].join('\n');
const batch = [
  { id: A, digest: digestA },
  { id: B, digest: '[1] you: explain the build script\n[2] codex: It runs tsc.' },
];

describe('quotes', () => {
  it('finds a faithful copy however its quotes, dashes, case, spacing or line prefix differ', () => {
    expect(isQuoteIn('npm test → exit 1: 3 failing', digestA)).toBe(true);
    expect(isQuoteIn('"Make the "failing" tests pass - the parser ones"', digestA)).toBe(true);
    expect(isQuoteIn('[3] you: no, the other test', digestA)).toBe(true);
    expect(isQuoteIn('make the … parser ones', digestA)).toBe(true);
  });

  it('refuses words the session never had, pieces out of order and empty quotes', () => {
    expect(isQuoteIn('the tests are flaky', digestA)).toBe(false);
    expect(isQuoteIn('parser ones … make the', digestA)).toBe(false);
    expect(isQuoteIn(' … ', digestA)).toBe(false);
  });
});

describe('facet contract', () => {
  const contract = createFacetContract(batch);
  const answer = (overrides: Record<string, unknown> = {}) => ({
    sessions: [
      { session_id: A, ...buildSampleFacets(0), ...overrides },
      { session_id: B, ...buildSampleFacets(1) },
    ],
  });

  it('hands Codex the batch’s session ids as an enum', () => {
    expect(JSON.stringify(toOutputSchema(contract))).toContain(`"enum":["${A}","${B}"]`);
  });

  it('accepts facets whose quotes are in their session’s digest', () => {
    const ok = answer({ friction: [{ kind: 'failed_command', quote: 'npm test → exit 1: 3 failing' }] });
    expect(contract.safeParse(ok).error?.issues).toBeUndefined();
  });

  it('refuses a quote that is not in the session, a session left out or written twice', () => {
    const invented = contract.safeParse(
      answer({ friction: [{ kind: 'wrong_approach', quote: 'Codex deleted my file' }] }),
    );
    expect(JSON.stringify(invented.error?.issues)).toMatch(
      /"Codex deleted my file\\" is not in the session's digest/,
    );
    // A quote from the other session of the batch is not this one's.
    const borrowed = contract.safeParse(answer({ friction: [{ kind: 'other', quote: 'It runs tsc.' }] }));
    expect(borrowed.success).toBe(false);
    const missing = contract.safeParse({ sessions: [{ session_id: A, ...buildSampleFacets(0) }] });
    expect(JSON.stringify(missing.error?.issues)).toContain(`No facets for session(s) ${B}`);
    const twice = contract.safeParse({
      sessions: [...answer().sessions, { session_id: B, ...buildSampleFacets(1) }],
    });
    expect(JSON.stringify(twice.error?.issues)).toContain('has facets twice');
  });

  it('salvages the entries of a refused answer that hold up on their own', () => {
    expect(checkFacetEntry({ session_id: B, ...buildSampleFacets(1) }, batch)).toMatchObject({
      outcome: 'achieved',
    });
    expect(
      checkFacetEntry(
        { session_id: A, ...buildSampleFacets(0), friction: [{ kind: 'other', quote: 'made up' }] },
        batch,
      ),
    ).toBeNull();
    expect(checkFacetEntry({ session_id: 'elsewhere', ...buildSampleFacets(1) }, batch)).toBeNull();
  });
});
