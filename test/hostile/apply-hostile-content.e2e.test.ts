import { describeHostileCases } from './run-suite.js';
import { SUITES } from './suites.js';

describeHostileCases('hostile proposals: what the files would hold', SUITES.content);
