/**
 * `shapelens-lsp`: the language server over stdio (`--stdio`) or Node IPC (`--node-ipc`, what the
 * VS Code client uses). The transport is chosen from the command line by vscode-languageserver.
 */
// First: web-tree-sitter must be evaluated with finalizers off (see wasmFinalizers.ts).
import { restoreFinalizationRegistry } from './wasmFinalizers.js';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { analyzeTree } from '../analyzer/analyze.js';
import { bundledGrammarFiles } from '../parsing/languages.js';
import { startServer } from './server.js';

restoreFinalizationRegistry();

if (process.argv.includes('--version')) {
  process.stdout.write('shapelens-lsp 0.1.0\n');
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  // Default to stdio, the transport editors other than VS Code use.
  process.argv.push('--stdio');
}

const connection = createConnection(ProposedFeatures.all);

// A stray exception in a callback must not end the server: log it and carry on.
function log(message: string): void {
  try {
    connection.console.error(message);
  } catch {
    // The client is gone; vscode-languageserver ends the process when its input closes.
  }
}
process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

startServer(connection, {
  grammarFiles: bundledGrammarFiles(__dirname),
  analyze: analyzeTree,
  checkIncremental: process.env['SHAPELENS_CHECK_INCREMENTAL'] === '1',
});
