export { applyProposal } from './apply.js';
export { PROPOSAL_LIMITS } from './limits.js';
export type {
  AuditEntry,
  CreateProposalInput,
  FileChange,
  ProposalMeta,
  ProposalOptions,
  ProposalPlaceholderInput,
  ProposalStatus,
  ValidationCheck,
  ValidationResult,
} from './meta.js';
export {
  createProposal,
  markProposalFailed,
  readProposal,
  saveProposalPlaceholder,
  validateProposal,
} from './proposals.js';
export { revertProposal } from './revert.js';
export { proposalDir } from './store.js';
export { validateDiff } from './validate.js';
