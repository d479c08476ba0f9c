/**
 * Version of what the parser writes into the index cache (summaries, checkpoints, dedupe keys). Bump it when
 * any of them changes: caches and checkpoints of another version are rebuilt, never trusted. Its own module so
 * the cache can be opened without loading the parser.
 */
export const PARSER_VERSION = 7;
