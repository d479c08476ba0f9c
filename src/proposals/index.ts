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
