export { createJobRegistry } from './registry.js';
export type { JobContext } from './types.js';
