/**
 * The VS Code side of Shape Lens: starts the language server (dist/server.js, over Node IPC) for
 * Python and prototxt documents, and shows the model summary in a read-only virtual document that
 * follows the edits of its file.
 * Everything else (hints, hovers, diagnostics, quick fixes) comes from the server over LSP.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS } from './serverFlags.js';

const SUMMARY_SCHEME = 'shapelens-summary';
/** How long after the last edit of a file its open summary is made again (the server debounces too). */
const SUMMARY_REFRESH_MS = 400;

interface SummaryResult {
  readonly title: string;
  readonly text: string;
}

let client: LanguageClient | undefined;

/** Read-only documents `shapelens-summary:/<file> summary?<source uri>` whose text the server makes. */
class SummaryProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** A refresh waiting for a source's edits to pause, by source URI. */
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    if (!client) return 'Shape Lens: the language server is not running.';
    const source = uri.query;
    const result = await client.sendRequest<SummaryResult | null>('shapelens/summary', { textDocument: { uri: source } }, token);
    return result ? result.text : `Shape Lens has no summary for ${source}: open a .prototxt or Python file.`;
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  /** Makes the open summaries of `source` again once its edits pause. */
  sourceChanged(source: vscode.Uri): void {
    const key = source.toString();
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === SUMMARY_SCHEME && d.uri.query === key);
    if (open.length === 0) return;
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      for (const d of open) this.refresh(d.uri);
    }, SUMMARY_REFRESH_MS));
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.changed.dispose();
  }
}

function isAnalysed(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'prototxt' || doc.languageId === 'python' || /\.(prototxt|pbtxt)$/i.test(doc.uri.path);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme: the server reads documents only through the protocol, never from disk.
    documentSelector: [{ language: 'prototxt' }, { language: 'python' }],
    synchronize: { configurationSection: 'shapelens' },
    outputChannelName: 'Shape Lens',
  };
  client = new LanguageClient('shapelens', 'Shape Lens', serverOptions, clientOptions);

  const summaries = new SummaryProvider();
  context.subscriptions.push(
    summaries,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document.uri.scheme !== SUMMARY_SCHEME) summaries.sourceChanged(e.document.uri);
    }),
    vscode.commands.registerCommand('shapelens.showSummary', async (arg?: vscode.Uri) => {
      const source = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!source) {
        void vscode.window.showInformationMessage('Shape Lens: open a .prototxt or Python model file first.');
        return;
      }
      const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
      if (opened && !isAnalysed(opened)) {
        void vscode.window.showInformationMessage('Shape Lens summarises .prototxt and Python files.');
        return;
      }
      const name = source.path.slice(source.path.lastIndexOf('/') + 1) || 'model';
      const uri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${name} summary`, query: source.toString() });
      summaries.refresh(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
    }),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
