import { describeHostileCases } from './run-suite.js';
import { SUITES } from './suites.js';

describeHostileCases('hostile proposals: the repository as attacker', SUITES.repoState);
