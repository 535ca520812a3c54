/**
 * `shapelens-lsp`: the language server over stdio (`--stdio`) or Node IPC (`--node-ipc`, what the
 * VS Code client uses). The transport is chosen from the command line by vscode-languageserver.
 * dist/server.js (startup/launcher.ts) compiles this bundle through the code cache and calls
 * `main`; the analysis worker runs another bundle (worker-main.ts, dist/worker.js).
 */
// First: web-tree-sitter must be evaluated with finalizers off (see wasmFinalizers.ts).
import { restoreFinalizationRegistry } from './wasmFinalizers.js';
import * as path from 'node:path';
import { createConnection, LSPErrorCodes, Message, ProposedFeatures, type Message as RpcMessage, type ResponseMessage } from 'vscode-languageserver/node';
import type { CodeCache } from '../startup/code-cache.js';
import { underDefaultFlags } from '../startup/heap-flags.js';
import { startServer } from './server.js';
import { serverTransport } from './transport.js';
import { workerLimits, type StartedWorker } from './worker-start.js';

/**
 * When the server saves its code cache: by then it has started, answered initialize and a
 * document's first requests, which is what the next start compiles from the cache.
 */
const SAVE_CACHE_AFTER_MS = 2000;

/**
 * The entry point (startup/launcher.ts calls it): `firstWorker` is the analysis worker the launcher
 * started before this bundle loaded, so that the thread starts while the bundle compiles.
 */
export function main(cache: CodeCache, firstWorker: StartedWorker | null): void {
  if (process.argv.includes('--version')) {
    process.stdout.write('shapelens-lsp 0.1.0\n');
    process.exit(0);
  }
  restoreFinalizationRegistry();
  // stdio unless the command line names another transport (the one editors other than VS Code use).
  const { reader, writer } = serverTransport(process.argv.slice(2), (message) => log(message));
  const connection = createConnection(ProposedFeatures.all, reader, writer, {
    // A request cancelled while it waits in the queue is answered so, not run (LSP 3.17 "Cancellation Support").
    connectionStrategy: {
      cancelUndispatched: (message: RpcMessage): ResponseMessage => ({ jsonrpc: '2.0', id: Message.isRequest(message) ? message.id : null, error: { code: LSPErrorCodes.RequestCancelled, message: 'cancelled' } }),
    },
  });

  // A stray exception in a callback must not end the server: log it and carry on.
  const log = (message: string): void => {
    try {
      connection.console.error(message);
    } catch {
      // The client is gone; vscode-languageserver ends the process when its input closes.
    }
  };
  process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

  startServer(connection, { workerFile: path.join(__dirname, 'worker.js'), resourceLimits: workerLimits(process.execArgv), ...(firstWorker ? { firstWorker } : {}) });
  setTimeout(() => underDefaultFlags(() => cache.save(['server'])), SAVE_CACHE_AFTER_MS).unref();
}
