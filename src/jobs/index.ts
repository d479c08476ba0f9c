export { createJobRegistry } from './registry.js';
export type { JobContext, JobRecord, JobRegistry, JobSpec, JobStatus } from './types.js';
