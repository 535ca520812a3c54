/**
 * The VS Code side of Shape Lens: starts the language server (dist/server.js) for Python and
 * prototxt documents, and shows the model summary in a webview beside its file
 * (./summary-panel.ts). Over stdio, not Node IPC: the server writes its inlay hints' JSON as the
 * worker made it, which IPC's `process.send` would parse and stringify again (~2 ms a
 * whole-document answer).
 * Everything else (hints, hovers, diagnostics, quick fixes) comes from the server over LSP.
 */
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { serverEnvironment, serverNodeFlags } from './serverFlags.js';
import { SummaryPanels } from './summary-panel.js';

let client: LanguageClient | undefined;

function isAnalysed(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'prototxt' || doc.languageId === 'python' || /\.(prototxt|pbtxt)$/i.test(doc.uri.path);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const env = serverEnvironment(process.env);
  const flags = serverNodeFlags(availableParallelism());
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { execArgv: [...flags], env } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...flags, '--nolazy', '--inspect=6019'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme: the server reads documents only through the protocol, never from disk.
    // The Python cells of Jupyter notebooks come as notebook documents (LSP 3.17 notebook sync): the
    // server reads a notebook's cells as one program.
    documentSelector: [{ language: 'prototxt' }, { language: 'python' }, { notebook: 'jupyter-notebook', language: 'python' }],
    synchronize: { configurationSection: 'shapelens' },
    outputChannelName: 'Shape Lens',
  };
  client = new LanguageClient('shapelens', 'Shape Lens', serverOptions, clientOptions);

  const summaries = new SummaryPanels(context.extensionUri, () => client);
  context.subscriptions.push(
    summaries,
    vscode.commands.registerCommand('shapelens.showSummary', (arg?: vscode.Uri) => {
      // In a notebook the summary is the notebook's (its cells are one program).
      const active = vscode.window.activeTextEditor?.document.uri;
      // A notebook editor with no cell being edited has no active text editor.
      const notebook = active === undefined || active.scheme === 'vscode-notebook-cell' ? vscode.window.activeNotebookEditor?.notebook.uri : undefined;
      const source = arg instanceof vscode.Uri ? arg : (notebook ?? active);
      if (!source) {
        void vscode.window.showInformationMessage('Shape Lens: open a .prototxt or Python model file first.');
        return;
      }
      const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
      if (opened && !isAnalysed(opened)) {
        void vscode.window.showInformationMessage('Shape Lens summarises .prototxt and Python files.');
        return;
      }
      summaries.show(source);
    }),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
