import { describeHostileCases } from './run-suite.js';
import { SUITES } from './suites.js';

describeHostileCases('hostile proposals: the shape of the diff', SUITES.diffShape);
