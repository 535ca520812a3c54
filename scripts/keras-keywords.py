"""Prints server/src/python/catalog/keywords.ts: the keyword arguments each Keras layer class accepts,
per dialect, as the union over that dialect's releases (a keyword is reported only when no release
accepts it, so a union can only say less).

Usage: python3 scripts/keras-keywords.py KERAS_CLONE > server/src/python/catalog/keywords.ts
where KERAS_CLONE is a clone of https://github.com/keras-team/keras with its tags. Nothing is
imported or run: each release's sources are read with `git show` and `ast`.

A class accepts its `__init__`'s named parameters, the names its `__init__` reads out of `**kwargs`
(`kwargs.pop('input_dim')`, `'x' in kwargs`), the names in an `allowed_kwargs` literal (the base
Layer's), the old names its Keras 2.0-2.3 legacy decorator converts (keras/legacy/interfaces.py),
and, when it hands `**kwargs` to its base, what the base accepts. A class that takes `**kwargs`
without handing them to a base the sources define accepts anything: it gets no table.
"""
import ast
import subprocess
import sys

CLASSES = [
    'Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D',
    'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D',
    'AveragePooling3D', 'BatchNormalization', 'Dropout', 'Flatten', 'Reshape', 'Embedding', 'LSTM',
    'GRU', 'SimpleRNN', 'Activation', 'Input',
]

DIALECTS = {
    # keras-team/keras 2.0.0-2.3.1: multi-backend Keras 2.
    'Keras 2.0–2.3': lambda t: t[:2] in ('2.',) and t.split('.')[1] in ('0', '1', '2', '3'),
    # tf.keras 2 as keras-team/keras ships it for TF 2.6-2.15 (TF 2.0-2.5 kept the same classes
    # in tensorflow/python/keras; their keywords are a subset of these).
    'tf.keras 2': lambda t: t.startswith('v2.') and t.endswith('.0') and 6 <= int(t.split('.')[1]) <= 15,
    'Keras 3': lambda t: t.startswith('v3.') and t.endswith('.0'),
}


def git(repo, *args):
    return subprocess.run(['git', '-C', repo, *args], check=True, capture_output=True, text=True).stdout


def kwarg_names(fn, kw):
    """String keys `fn` reads from its `**kw`: kw.pop('x'), kw.get('x'), kw['x'], 'x' in kw."""
    out = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and n.func.value.id == kw and n.args and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str):
            out.add(n.args[0].value)
        elif isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == kw and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str):
            out.add(n.slice.value)
        elif isinstance(n, ast.Compare) and isinstance(n.left, ast.Constant) and isinstance(n.left.value, str) and any(isinstance(c, ast.Name) and c.id == kw for c in n.comparators):
            out.add(n.left.value)
        elif isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and 'allowed' in t.id for t in n.targets) and isinstance(n.value, (ast.Set, ast.List, ast.Tuple)):
            out.update(e.value for e in n.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return out


def forwards(fn, kw):
    """`fn` passes `**kw` on to a call (super().__init__(**kwargs), Base.__init__(self, **kwargs))."""
    return any(isinstance(n, ast.Call) and any(k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kw for k in n.keywords) for n in ast.walk(fn))


def checks(fn, kw):
    """`fn` rejects keywords outside a list it names (the base Layer: `allowed_kwargs`, validate_kwargs,
    or Keras 3's `if kwargs: raise ValueError`)."""
    for n in ast.walk(fn):
        if isinstance(n, ast.If) and isinstance(n.test, ast.Name) and n.test.id == kw and any(isinstance(b, ast.Raise) for b in n.body):
            return True
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and 'allowed' in t.id for t in n.targets):
            return True
        if isinstance(n, ast.Call) and (getattr(n.func, 'attr', None) or getattr(n.func, 'id', None)) == 'validate_kwargs':
            return True
    return False


def base_name(b):
    return b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else None


def show_all(repo, tag, paths):
    """The text of each path at `tag`, read in one `git cat-file --batch`."""
    out = subprocess.run(['git', '-C', repo, 'cat-file', '--batch'], input=''.join(f'{tag}:{p}\n' for p in paths).encode(), check=True, capture_output=True).stdout
    texts, i = {}, 0
    for p in paths:
        header_end = out.index(b'\n', i)
        size = int(out[i:header_end].split()[2])
        texts[p] = out[header_end + 1:header_end + 1 + size].decode('utf-8', 'replace')
        i = header_end + 1 + size + 1
    return texts


# Where layer classes, their bases and the legacy decorators live across the releases.
FOLDERS = ('keras/layers/', 'keras/engine/', 'keras/src/layers/', 'keras/legacy/interfaces.py')


def read_release(repo, tag):
    files = [f for f in git(repo, 'ls-tree', '-r', '--name-only', tag).splitlines() if f.endswith('.py') and f.startswith(FOLDERS) and '_test' not in f and '/tests/' not in f]
    texts = show_all(repo, tag, files)
    classes = {}  # name -> list of (bases, init info or None)
    aliases = {}
    functions = {}
    legacy = {}  # decorator name -> old keyword names
    for f in files:
        try:
            tree = ast.parse(texts[f])
        except SyntaxError:
            continue
        if f.endswith('legacy/interfaces.py'):
            fns = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
            for n in tree.body:
                if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                    # conversions=[('old', 'new'), …]: the old names; a preprocessor: the keys it reads.
                    names = set()
                    for k in n.value.keywords:
                        if k.arg == 'conversions' and isinstance(k.value, ast.List):
                            names |= {e.elts[0].value for e in k.value.elts if isinstance(e, ast.Tuple) and isinstance(e.elts[0], ast.Constant)}
                        if k.arg == 'preprocessor' and isinstance(k.value, ast.Name) and k.value.id in fns:
                            names |= kwarg_names(fns[k.value.id], 'kwargs')
                    legacy[n.targets[0].id] = names
            continue
        for n in tree.body:
            if isinstance(n, ast.ClassDef):
                init = next((b for b in n.body if isinstance(b, ast.FunctionDef) and b.name == '__init__'), None)
                info = None
                if init:
                    a = init.args
                    named = {x.arg for x in a.args[1:] + a.kwonlyargs}
                    kw = a.kwarg.arg if a.kwarg else None
                    info = {'named': named | (kwarg_names(init, kw) if kw else set()), 'kwargs': kw is not None, 'forwards': kw is not None and forwards(init, kw), 'checks': kw is not None and checks(init, kw)}
                    decos = {d.attr if isinstance(d, ast.Attribute) else d.id if isinstance(d, ast.Name) else None for d in init.decorator_list}
                    info['legacy'] = {d for d in decos if d and d.startswith('legacy_')}
                classes.setdefault(n.name, []).append(([base_name(b) for b in n.bases], info))
            elif isinstance(n, ast.FunctionDef) and n.name in CLASSES:
                a = n.args
                # A **kwargs it checks (tf.keras 2.15's Input: `if kwargs: raise ValueError`) is a closed set.
                open_kwargs = a.kwarg is not None and not checks(n, a.kwarg.arg)
                functions[n.name] = {'named': {x.arg for x in a.args + a.kwonlyargs} | (kwarg_names(n, a.kwarg.arg) if a.kwarg else set()), 'kwargs': open_kwargs}
            elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                aliases[n.targets[0].id] = n.value.id
    return classes, aliases, functions, legacy


ABSENT = 'absent'


def accepted(name, release, seen=()):
    """The keywords class `name` accepts in one release; None when it accepts anything or a base is
    unknown; ABSENT when the release has no such class."""
    classes, aliases, functions, legacy = release
    if name in seen:
        return None
    if name not in classes:
        if name in aliases:
            return accepted(aliases[name], release, seen + (name,))
        fn = functions.get(name)
        return ABSENT if fn is None else None if fn['kwargs'] else set(fn['named'])

    def of_bases(bases):
        # A base of the same name (recurrent_v2.LSTM(recurrent.LSTM)) is among the definitions unioned here.
        parts = [accepted(b, release, seen + (name,)) for b in bases if b not in ('object', name)]
        if any(p is None or p == ABSENT for p in parts):
            return None
        return set().union(*parts) if parts else set()

    out = set()
    for bases, info in classes[name]:
        if info is None:
            # No __init__ of its own: its base's (a mixin on object adds nothing).
            part = of_bases(bases)
            if part is None:
                return None
            out |= part
            continue
        out |= info['named']
        for d in info['legacy']:
            out |= legacy.get(d, set())
        if info['kwargs'] and not info['forwards']:
            if not info['checks']:
                return None
        elif info['kwargs']:
            part = of_bases(bases)
            if part is None:
                return None
            out |= part
    out.discard('kwargs')
    return out


def main(repo):
    tags = git(repo, 'tag').split()
    key = lambda t: [int(x) if x.isdigit() else x for x in t.lstrip('v').split('.')]
    table = {}
    sources = {}
    for dialect, pick in DIALECTS.items():
        picked = sorted((t for t in tags if pick(t)), key=key)
        if dialect == 'Keras 3':
            # The newest sources too: a keyword added since the last release is accepted by the next.
            picked.append(git(repo, 'rev-parse', '--short', 'HEAD').strip())
        sources[dialect] = picked
        per_class = {}
        for tag in picked:
            release = read_release(repo, tag)
            for c in CLASSES:
                acc = accepted(c, release)
                if acc == ABSENT:
                    continue
                if c not in per_class:
                    per_class[c] = acc if acc is not None else 'any'
                elif per_class[c] != 'any':
                    per_class[c] = 'any' if acc is None else per_class[c] | acc
        table[dialect] = per_class
    print('/**')
    print(' * Generated by scripts/keras-keywords.py from keras-team/keras release tags (do not edit):')
    for d, ts in sources.items():
        print(f' * - {d}: {", ".join(ts)}')
    print(' * The keyword arguments each layer class accepts in some release of the dialect (the union);')
    print(' * a class that accepts any keyword there (a `**kwargs` it does not check) is absent.')
    print(' */')
    print("import type { Dialect } from './sizes.js';")
    print()
    print('export const LAYER_KEYWORDS: Readonly<Partial<Record<Dialect, Readonly<Record<string, readonly string[]>>>>> = {')
    for d, per_class in table.items():
        print(f"  '{d}': {{")
        for c in CLASSES:
            v = per_class.get(c)
            if v is None or v == 'any':
                continue
            print(f"    {c}: [{', '.join(repr(k) for k in sorted(v))}],")
        print('  },')
    print('};')


if __name__ == '__main__':
    main(sys.argv[1])
