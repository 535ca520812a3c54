/**
 * `shapelens-lsp`: the language server over stdio (`--stdio`) or Node IPC (`--node-ipc`, what the
 * VS Code client uses). The transport is chosen from the command line by vscode-languageserver.
 * The same file is the analysis worker's script: run off the main thread, it is the worker.
 */
// First: web-tree-sitter must be evaluated with finalizers off (see wasmFinalizers.ts).
import { restoreFinalizationRegistry } from './wasmFinalizers.js';
import { isMainThread, type ResourceLimits } from 'node:worker_threads';
import { createConnection, LSPErrorCodes, Message, ProposedFeatures, type ResponseMessage } from 'vscode-languageserver/node';
import { analyzeTree } from '../analyzer/analyze.js';
import { bundledGrammarFiles } from '../parsing/languages.js';
import { startServer } from './server.js';
import { serverTransport } from './transport.js';
import { runAnalysisWorker } from './worker.js';
import { analyzeHeavyText } from './worker-documents.js';

restoreFinalizationRegistry();

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

if (!isMainThread) {
  runAnalysisWorker({ grammarFiles: bundledGrammarFiles(__dirname), analyze: analyzeTree, analyzeText: analyzeHeavyText, checkIncremental: process.env['SHAPELENS_CHECK_INCREMENTAL'] === '1' });
} else {
  if (process.argv.includes('--version')) {
    process.stdout.write('shapelens-lsp 0.1.0\n');
    process.exit(0);
  }
  // stdio unless the command line names another transport (the one editors other than VS Code use).
  const { reader, writer } = serverTransport(process.argv.slice(2), (message) => log(message));
  const connection = createConnection(ProposedFeatures.all, reader, writer, {
    // A request cancelled while it waits in the queue is answered so, not run (LSP 3.17 "Cancellation Support").
    connectionStrategy: {
      cancelUndispatched: (message: Message): ResponseMessage => ({ jsonrpc: '2.0', id: Message.isRequest(message) ? message.id : null, error: { code: LSPErrorCodes.RequestCancelled, message: 'cancelled' } }),
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

  startServer(connection, { workerFile: __filename, resourceLimits: workerLimits(process.execArgv) });
}
