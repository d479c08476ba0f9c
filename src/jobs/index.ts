export { createJobRegistry } from './registry.js';
export type { JobContext, JobRecord, JobSpec, JobStatus } from './types.js';
