/**
 * The VS Code side of Shape Lens: starts the language server (dist/server.js, over Node IPC) for
 * Python and prototxt documents, and shows the model summary in a read-only virtual document.
 * Everything else (hints, hovers, diagnostics, quick fixes) comes from the server over LSP.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const SUMMARY_SCHEME = 'shapelens-summary';

interface SummaryResult {
  readonly title: string;
  readonly text: string;
}

let client: LanguageClient | undefined;

/** Read-only documents `shapelens-summary:/<file> summary?<source uri>` whose text the server makes. */
class SummaryProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    if (!client) return 'Shape Lens: the language server is not running.';
    const source = uri.query;
    const result = await client.sendRequest<SummaryResult | null>('shapelens/summary', { textDocument: { uri: source } }, token);
    return result ? result.text : `Shape Lens has no summary for ${source}: open a .prototxt or Python file.`;
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function isAnalysed(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'prototxt' || doc.languageId === 'python' || /\.(prototxt|pbtxt)$/i.test(doc.uri.path);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
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
