export type { CodexMode, SandboxMode } from './build-args.js';
export type { CodexEvent } from './events.js';
export { type CodexRunOptions, type CodexRunResult, runCodex } from './run.js';
export { type ReportedSettings, readReportedSettings } from './turn-context.js';
export { codexVersion } from './version.js';
