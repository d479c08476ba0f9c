export { createJobRegistry } from './registry.js';
export type { JobContext, JobRecord, JobRegistry, JobStatus } from './types.js';
