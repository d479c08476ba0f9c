import { describeHostileCases } from './run-suite.js';
import { SUITES } from './suites.js';

describeHostileCases('hostile proposals: paths, modes and sizes', SUITES.paths);
