/**
 * The messages between the extension (client/src/summary-panel.ts) and the summary webview
 * (./main.ts). Positions are LSP's: 0-based lines, UTF-16 columns.
 */
import type { Position, Range } from '../../server/src/analysis/types.js';
import type { ModelSummary } from '../../server/src/lsp/summary-view.js';

export type ToWebview =
  /** A new summary (the panel opened, or its document changed). */
  | { readonly type: 'summary'; readonly summary: ModelSummary | null; readonly source: string }
  /** Where the cursor is in the document (in a notebook, in the cell `uri`): its layer is highlighted. */
  | { readonly type: 'cursor'; readonly position: Position; readonly uri?: string };

export type FromWebview =
  | { readonly type: 'ready' }
  /** Show this range of the document in its editor (in a notebook, of the cell `uri`). */
  | { readonly type: 'reveal'; readonly range: Range; readonly uri?: string }
  | { readonly type: 'copy'; readonly format: 'markdown' | 'csv'; readonly text: string };
