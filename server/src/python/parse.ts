/**
 * A Python module parsed and copied for one analysis (the CLI's; an editor keeps its document's
 * tree to re-parse it incrementally, and copies that). A module longer than a part is parsed in
 * parts (./parts.ts), each tree copied (./syntax.ts) and deleted before the next is parsed, so
 * WebAssembly's heap, which never shrinks, holds one part's tree instead of the whole file's
 * (600 MB near the size cap). When a part has a syntax error the whole text is parsed in one
 * piece instead: tree-sitter's error recovery may reach across statements, and the diagnostics
 * and recovered statements must be the whole text's.
 */
import type { ParseOptions, Parser } from 'web-tree-sitter';
import type { PyNode } from './syntax.js';
import { buildModule, buildTree, type CopyOptions, type ModulePart } from './syntax-copy.js';
import { partStarts } from './parts.js';

/** A part's least length (characters): its tree takes about 100 times that in WebAssembly's heap. */
export const PART_CHARS = 1 << 16;

/**
 * The copy of `text` parsed by `parser` (set to Python), or null when `options.cancelled` stopped the
 * parse (a cancelled copy keeps the statements it copied). With a cache, one piece: the cache's
 * statements are kept per analysis, and a part's syntax error would start the copy again.
 */
export function parseModule(parser: Parser, text: string, options: CopyOptions = {}): PyNode | null {
  return parseInParts(parser, text, options.cache ? [0] : partStarts(text, PART_CHARS), options);
}

/** `parseModule` with the parts starting at `starts` (from `partStarts`; `[0]`: one piece). */
export function parseInParts(parser: Parser, text: string, starts: readonly number[], options: CopyOptions = {}): PyNode | null {
  const { cancelled } = options;
  const parseOptions: ParseOptions = cancelled ? { progressCallback: () => cancelled() } : {};
  if (starts.length > 1) {
    let outcome: 'copied' | 'cancelled' | 'broken' = 'copied';
    function* parts(): Generator<ModulePart> {
      for (let k = 0; k < starts.length; k++) {
        const offset = starts[k]!;
        const tree = parser.parse(text.slice(offset, starts[k + 1] ?? text.length), null, parseOptions);
        if (!tree) return void (outcome = 'cancelled');
        try {
          if (tree.rootNode.hasError) return void (outcome = 'broken');
          yield { tree, offset };
        } finally {
          tree.delete();
        }
      }
    }
    const root = buildModule(text, parts(), options);
    if (outcome === 'copied') return root;
    if (outcome === 'cancelled') return stopped(parser);
  }
  const tree = parser.parse(text, null, parseOptions);
  if (!tree) return stopped(parser);
  try {
    return buildTree(tree, text, options);
  } finally {
    tree.delete();
  }
}

/** A parser the progress callback stopped would resume that parse: reset for the next text. */
export function stopped(parser: Parser): null {
  parser.reset();
  return null;
}
