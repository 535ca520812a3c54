/**
 * The Node flags the language server runs with (client/src/extension.ts; bench/memory.mjs measures
 * with them).
 */
export const SERVER_NODE_FLAGS: readonly string[] = [];
