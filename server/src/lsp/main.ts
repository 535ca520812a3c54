/**
 * `shapelens-lsp`: the language server over stdio (`--stdio`) or Node IPC (`--node-ipc`, what the
 * VS Code client uses). The transport is chosen from the command line by vscode-languageserver.
 * dist/server.js (startup/launcher.ts) compiles this bundle through the code cache and calls
 * `main`; the analysis worker runs another bundle (worker-main.ts, dist/worker.js).
 */
// First: web-tree-sitter must be evaluated with finalizers off (see wasmFinalizers.ts).
import { restoreFinalizationRegistry } from './wasmFinalizers.js';
import * as path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { Message as RpcMessage, ResponseMessage } from 'vscode-languageserver/node';
import type { CodeCache } from '../startup/code-cache.js';
import { startWorker } from './worker-client.js';

/**
 * When the server saves its code cache: by then it has started, answered initialize and a
 * document's first requests, which is what the next start compiles from the cache.
 */
const SAVE_CACHE_AFTER_MS = 2000;

/**
 * The worker's heap limits, matching the process's own (client/src/serverFlags.ts): V8's young
 * generation is three semi-spaces; the old generation is capped only when the process is.
 */
export function workerLimits(execArgv: readonly string[]): ResourceLimits {
  const flag = (name: string): number | null => {
    const arg = execArgv.find((a) => a.startsWith(`--${name}=`));
    const n = arg ? Number(arg.slice(name.length + 3)) : NaN;
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  const semi = flag('max-semi-space-size');
  const old = flag('max-old-space-size');
  return { ...(semi ? { maxYoungGenerationSizeMb: 3 * semi } : {}), ...(old ? { maxOldGenerationSizeMb: old } : {}) };
}

/** The entry point (startup/launcher.ts calls it). */
export function main(cache: CodeCache): void {
  if (process.argv.includes('--version')) {
    process.stdout.write('shapelens-lsp 0.1.0\n');
    process.exit(0);
  }
  // The worker first: it starts its thread and compiles its bundle and the grammars while this
  // thread loads the protocol and the server, which are required here rather than imported so
  // that they load after it (the bundle evaluates its imports before this function runs).
  const firstWorker = startWorker(path.join(__dirname, 'worker.js'), workerLimits(process.execArgv));
  const { createConnection, LSPErrorCodes, Message, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const { startServer } = require('./server.js') as typeof import('./server.js');
  const { serverTransport } = require('./transport.js') as typeof import('./transport.js');
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

  startServer(connection, { workerFile: path.join(__dirname, 'worker.js'), resourceLimits: workerLimits(process.execArgv), firstWorker });
  setTimeout(() => cache.save(['server']), SAVE_CACHE_AFTER_MS).unref();
}
