/**
 * The model summary as a webview beside its document: the language server's summary
 * (`shapelens/modelSummary`) drawn by dist/webview.js as a table and a graph. One panel per
 * document; it is redrawn when the document changes, told where the editor's cursor is, and asked
 * to show a layer (a click on its row or node), which moves that document's editor there. A
 * notebook's summary is of all its cells: its rows name the cell holding each layer, a click
 * reveals that cell in the notebook editor.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FromWebview, ToWebview } from '../webview/protocol.js';
import type { ModelSummary } from '../../server/src/lsp/summary-view.js';

/** How long after the last edit of a document its summary is asked again (the server debounces too). */
const REFRESH_MS = 300;

export const SUMMARY_VIEW_TYPE = 'shapelens.summary';

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

class SummaryPanel {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;

  constructor(
    readonly source: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly client: () => LanguageClient | undefined,
  ) {}

  private post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  async refresh(): Promise<void> {
    const client = this.client();
    let summary: ModelSummary | null = null;
    if (client) {
      try {
        summary = await client.sendRequest<ModelSummary | null>('shapelens/modelSummary', { textDocument: { uri: this.source.toString() } });
      } catch {
        return; // A newer edit cancelled it: that edit asks again.
      }
    }
    this.post({ type: 'summary', summary, source: this.source.toString() });
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.source.toString());
    const cell = vscode.window.activeTextEditor;
    if (editor) this.cursor(editor.selection.active);
    else if (cell && notebookOfCell(cell.document.uri)?.uri.toString() === this.source.toString()) this.cursor(cell.selection.active, cell.document.uri);
  }

  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  /** The cursor at `p`, in the notebook's cell `cell` when the source is a notebook. */
  cursor(p: vscode.Position, cell?: vscode.Uri): void {
    this.post({ type: 'cursor', position: { line: p.line, character: p.character }, uri: cell?.toString() });
  }

  async receive(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return;
      case 'reveal': {
        const range = new vscode.Range(m.range.start.line, m.range.start.character, m.range.end.line, m.range.end.character);
        if (m.uri !== undefined) return revealInCell(vscode.Uri.parse(m.uri), range);
        const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.source.toString());
        const editor = await vscode.window.showTextDocument(shown?.document ?? (await vscode.workspace.openTextDocument(this.source)), {
          viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
          preserveFocus: false,
          selection: new vscode.Range(range.start, range.start),
        });
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.setStatusBarMessage(`Shape Lens: summary copied as ${m.format === 'markdown' ? 'Markdown' : 'CSV'}`, 3000);
        return;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** The open notebook a cell document belongs to. */
function notebookOfCell(uri: vscode.Uri): vscode.NotebookDocument | undefined {
  if (uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document.uri.toString() === uri.toString()));
}

/** Shows a cell of an open notebook in its notebook editor, the cursor at the start of `range` in the cell. */
async function revealInCell(cellUri: vscode.Uri, range: vscode.Range): Promise<void> {
  const notebook = notebookOfCell(cellUri);
  const cell = notebook?.getCells().find((c) => c.document.uri.toString() === cellUri.toString());
  if (!notebook || !cell) return;
  const shown = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
  const cells = new vscode.NotebookRange(cell.index, cell.index + 1);
  const editor = await vscode.window.showNotebookDocument(notebook, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, selections: [cells] });
  editor.revealRange(cells, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  // The cell's own editor, inside the notebook editor: the cursor on the layer.
  const text = await vscode.window.showTextDocument(cell.document, { viewColumn: editor.viewColumn, preserveFocus: false, selection: new vscode.Range(range.start, range.start) });
  text.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The open summary panels, and the command that opens (or shows) one. */
export class SummaryPanels implements vscode.Disposable {
  private readonly panels = new Map<string, SummaryPanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.panels.get(e.document.uri.toString())?.refreshSoon();
      }),
      // A notebook's summary is of all its cells: any cell's edit redraws it.
      vscode.workspace.onDidChangeNotebookDocument((e) => this.panels.get(e.notebook.uri.toString())?.refreshSoon()),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const uri = e.textEditor.document.uri;
        const notebook = notebookOfCell(uri);
        if (notebook) this.panels.get(notebook.uri.toString())?.cursor(e.selections[0]!.active, uri);
        else this.panels.get(uri.toString())?.cursor(e.selections[0]!.active);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('shapelens')) for (const p of this.panels.values()) p.refreshSoon();
      }),
    ];
  }

  show(source: vscode.Uri): void {
    const key = source.toString();
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal(undefined, true);
      void open.refresh();
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const name = source.path.slice(source.path.lastIndexOf('/') + 1) || 'model';
    const panel = vscode.window.createWebviewPanel(SUMMARY_VIEW_TYPE, `Summary: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [dist],
    });
    const webview = panel.webview;
    const n = nonce();
    const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${n}'; font-src ${webview.cspSource};`;
    webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString()}">
<title>Summary: ${name.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${n}" src="${webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString()}"></script>
</body>
</html>`;
    const entry = new SummaryPanel(source, panel, this.client);
    this.panels.set(key, entry);
    const messages = webview.onDidReceiveMessage((m: FromWebview) => void entry.receive(m));
    panel.onDidDispose(() => {
      messages.dispose();
      entry.dispose();
      this.panels.delete(key);
    });
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
