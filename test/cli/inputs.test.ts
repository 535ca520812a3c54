// Which files a command line names: files as given, directories walked (pure, over an in-memory tree).
import { expect, test } from 'vitest';
import { expandInputs, type FileSystemView } from '../../server/src/cli/inputs.js';

/** A tree of directories (objects) and files (strings); a `null` directory cannot be listed. */
type Tree = { readonly [name: string]: Tree | string | null };

function view(root: Tree): FileSystemView {
  const find = (p: string): Tree | string | null | undefined =>
    p.split('/').filter(Boolean).reduce<Tree | string | null | undefined>((node, name) => (node && typeof node === 'object' ? node[name] : undefined), root);
  return {
    kind: (p) => {
      const node = find(p);
      return node === undefined ? { error: 'ENOENT: no such file or directory' } : typeof node === 'string' ? 'file' : 'directory';
    },
    list: (p) => {
      const node = find(p);
      if (node === null || typeof node !== 'object') return { error: 'EACCES: permission denied' };
      return Object.entries(node).map(([name, child]) => ({ name, directory: typeof child !== 'string' }));
    },
    join: (d, n) => `${d}/${n}`,
  };
}

const project: Tree = {
  'train.py': '',
  'README.md': '',
  models: { 'b.prototxt': '', 'a.pbtxt': '', 'notes.txt': '', deep: { 'net.py': '', 'gui.pyw': '' } },
  node_modules: { 'pkg.py': '' },
  '.git': { 'hook.py': '' },
  '.venv': { 'site.py': '' },
  __pycache__: { 'x.py': '' },
};

test('a directory stands for its model files, sorted, recursively; hidden folders, node_modules and __pycache__ skipped', () => {
  expect(expandInputs(['p'], view({ p: project }))).toEqual({
    files: ['p/models/a.pbtxt', 'p/models/b.prototxt', 'p/models/deep/gui.pyw', 'p/models/deep/net.py', 'p/train.py'],
    problems: [],
  });
});

test('a file stands for itself, whatever its name (main.ts then says what it cannot read)', () => {
  expect(expandInputs(['p/README.md', 'p/models/b.prototxt'], view({ p: project })).files).toEqual(['p/README.md', 'p/models/b.prototxt']);
});

test('missing paths and unlistable directories are problems, one line each; the rest is still read', () => {
  expect(expandInputs(['gone', 'locked', 'p'], view({ locked: null, p: { 'ok.py': '', locked: null } }))).toEqual({
    files: ['p/ok.py'],
    problems: ['gone: cannot read: ENOENT: no such file or directory', 'locked: cannot read: EACCES: permission denied', 'p/locked: cannot read: EACCES: permission denied'],
  });
});

test('directories give at most `limit` files, and the run says where it stopped', () => {
  const many: Tree = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`m${i}.py`, '']));
  expect(expandInputs(['d', 'late.py'], view({ d: many, 'late.py': '' }), 3)).toEqual({
    files: ['d/m0.py', 'd/m1.py', 'd/m2.py'],
    problems: ['d: stopped at d/m3.py: directories gave 3 files, the most one run reads, and nothing from there on was read; name fewer or smaller directories'],
  });
});

test('a directory without model files is a problem, as a pattern matching nothing is for ESLint', () => {
  expect(expandInputs(['docs', 'p/ok.py'], view({ docs: { 'index.md': '', '.hidden': { 'x.py': '' } }, p: { 'ok.py': '' } }))).toEqual({
    files: ['p/ok.py'],
    problems: ['docs: no .prototxt, .pbtxt, .py or .ipynb files in it'],
  });
});

test("notebooks under a directory count; Jupyter's .ipynb_checkpoints copies are in a hidden folder", () => {
  const tree: Tree = { nb: { 'train.ipynb': '', 'Explore.IPYNB': '', '.ipynb_checkpoints': { 'train-checkpoint.ipynb': '' } } };
  expect(expandInputs(['nb'], view(tree))).toEqual({ files: ['nb/Explore.IPYNB', 'nb/train.ipynb'], problems: [] });
});
