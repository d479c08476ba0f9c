import type { ReactNode } from 'react';
import type { ProposalSummary } from '../api/types.js';
import { formatFullTime } from '../ui/format.js';

const RUN: Record<string, string> = {
  fork: 'forked the session',
  resume: 'resumed the session',
  digest: 'read a digest of the session',
};

/**
 * How the proposal was made, as its record says: when, fork or resume, the model, the sandbox and approval
 * (a proposal run is always read-only and never asks), and what it may change beyond skills and AGENTS.md.
 */
export function RunFacts({ proposal }: { proposal: ProposalSummary }): ReactNode {
  const options = proposal.options;
  const extra = [
    options?.allow_subtree_agents ? 'AGENTS.md in subfolders' : null,
    ...(options?.allow_paths ?? []),
  ].filter((item): item is string => item !== null);
  return (
    <dl className="run-facts small">
      <div>
        <dt>Made</dt>
        <dd>{formatFullTime(proposal.created_at)}</dd>
      </div>
      <div>
        <dt>Run</dt>
        <dd>{RUN[proposal.mode] ?? proposal.mode}</dd>
      </div>
      <div>
        <dt>Model</dt>
        <dd>{proposal.model ?? 'Codex default'}</dd>
      </div>
      <div>
        <dt>Sandbox</dt>
        <dd>read-only</dd>
      </div>
      <div>
        <dt>Approval</dt>
        <dd>never</dd>
      </div>
      <div>
        <dt>May change</dt>
        <dd>
          <code>.codex/skills/**</code>, <code>AGENTS.md</code>
          {extra.map((item) => (
            <span key={item}>
              , <code>{item}</code>
            </span>
          ))}
        </dd>
      </div>
    </dl>
  );
}
