/**
 * Imported first by main.ts, before web-tree-sitter is evaluated: hands web-tree-sitter an inert
 * FinalizationRegistry, then main.ts restores the real one.
 *
 * Why: web-tree-sitter 0.27.1 registers every TreeCursor with a finalizer that calls
 * `_ts_tree_cursor_delete_wasm(treeAddress)`, which frees whatever cursor state is in the shared
 * transfer buffer, not the collected cursor. One cursor that any analyzer forgets to `.delete()`
 * thus corrupts the wasm heap when it is garbage-collected ("memory access out of bounds" in later
 * parses; seen in the LSP fuzz test). The server deletes its trees and cursors explicitly, so
 * without finalizers a forgotten cursor leaks a few bytes instead of corrupting the heap.
 */
type Registry = typeof globalThis.FinalizationRegistry;

const native: Registry = globalThis.FinalizationRegistry;

class InertRegistry<T> {
  constructor(_cleanup: (held: T) => void) {}
  register(_target: object, _held: T, _token?: object): void {}
  unregister(_token: object): boolean {
    return false;
  }
}

(globalThis as { FinalizationRegistry: unknown }).FinalizationRegistry = InertRegistry;

/** Puts the real FinalizationRegistry back once web-tree-sitter has made its registries. */
export function restoreFinalizationRegistry(): void {
  globalThis.FinalizationRegistry = native;
}
