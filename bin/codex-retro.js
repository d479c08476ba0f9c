#!/usr/bin/env node
import { tuneCompiler } from '../dist/compiler-tuning.js';

tuneCompiler();
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
