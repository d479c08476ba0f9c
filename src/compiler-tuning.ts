import { setFlagsFromString } from 'node:v8';

/**
 * Steers V8's optimizing compiler toward less, and earlier useful, work: a smaller inlining budget per
 * function (200 bytes of bytecode, against 920) and twice the run time before a function is optimized.
 * Every command starts cold, and the parser's per-line functions are many and large: with the defaults,
 * optimizing them took about a third of a cold index's CPU time, on threads the index needs, and the code
 * came out no faster (bench/README.md). Call once, before the work: it steers the compilations that follow.
 */
export function tuneCompiler(): void {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
  setFlagsFromString('--interrupt-budget=135168');
}
