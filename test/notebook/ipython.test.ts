// IPython syntax blanked in place. What IPython treats as its own syntax is IPython's input
// transformers (ipython/ipython, IPython/core/inputtransformer2.py: cell_magic, EscapedCommand,
// MagicAssign, SystemAssign, HelpEnd, find_end_of_continued_line); the cases follow its tests
// (IPython/core/tests/test_inputtransformer2.py: MULTILINE_MAGIC, MULTILINE_SYSTEM, AUTOCALL_QUOTE,
// HELP_*).
import { describe, expect, test } from 'vitest';
import { cellProgram, leadingIndent } from '../../server/src/notebook/ipython.js';

/** The Python text of a cell (failing the test when the cell is skipped). */
function python(source: string): string {
  const p = cellProgram(source);
  if (p.kind !== 'python') throw new Error(`skipped: ${p.magic}`);
  expect(p.text).toHaveLength(source.length);
  return p.text;
}

describe('line syntax', () => {
  test('magics, shell escapes and the quote/paren escapes at the start of a logical line become spaces', () => {
    expect(python('%matplotlib inline\nx = 1')).toBe('                  \nx = 1');
    expect(python('!pip install -q keras\n!!ls')).toBe('                     \n    ');
    expect(python('if True:\n    %time f()\n')).toBe('if True:\n             \n');
    expect(python(',f a b\n;f a b\n/f a b')).toBe('      \n      \n      ');
  });

  test('an escaped line runs on over lines ending in a backslash', () => {
    expect(python('%foo  bar \\\nbaz\ny = 2')).toBe('           \n   \ny = 2');
  });

  test('help: obj?, obj??, ?obj, ??obj and %magic? lines', () => {
    expect(python('np.zeros?\nlayers.Conv2D??\n?print\n??print\n%time?\nx = 1')).toBe('         \n               \n      \n       \n      \nx = 1');
  });

  test('x = !cmd and x = %magic keep the assignment with an unknown value on the right', () => {
    expect(python('files = !ls -la\nt = %timeit -o f()')).toBe('files = ...    \nt = ...           ');
    expect(python('a, b = !echo 1 \\\n2')).toBe('a, b = ...      \n ');
  });

  test('Python that looks like IPython syntax is left alone: operators, brackets, strings, comments', () => {
    const code = [
      'y = (a\n     % b)',
      'z = f(a,\n      b)',
      'w = [1\n     , 2]',
      "s = '!ls %x ?'",
      'd = """\n%not a magic\n!nor a shell\n"""',
      'a != b  # really? ',
      'k = x == !y',
      'm = a % b',
    ].join('\n');
    expect(python(code)).toBe(code);
  });

  test('only the first = of a line at bracket depth 0 can take a magic: f(x=!y) is not one', () => {
    expect(python('f(x = 1) == 2')).toBe('f(x = 1) == 2');
  });
});

describe('automagic', () => {
  // IPython's run_cell applies its prefilters (IPython/core/prefilter.py: AssignmentChecker, then
  // AutoMagicChecker, on by default: interactiveshell.py `automagic = Bool(True)`) only when the
  // transformed cell is one line (interactiveshell.py transform_cell: "Dynamic transformations - only
  // applied for single line commands"). So `pip install x` alone in a cell runs %pip
  // (keras-io's wav2vec2_audiocls notebook has such cells); two such lines are a SyntaxError.
  test('a one-line cell whose first word is a line magic is that magic: blanked', () => {
    expect(python('pip install datasets')).toBe('                    ');
    expect(python('\ncd /content/repo\n')).toBe('\n                \n');
  });

  test('an assignment to the name, a call (maybe the user\'s own `run`), an attribute, another word, or a second line stay Python', () => {
    for (const code of ['pip = 3', 'ls, x = 1, 2', 'run(model)', 'time.sleep(1)', 'model install', 'pip install a\npip install b', '# setup\npip install a']) {
      expect(python(code)).toBe(code);
    }
  });
});

describe('cell magics', () => {
  test('a cell magic that makes the cell another language skips it', () => {
    for (const magic of ['bash', 'writefile model.py', 'html', 'javascript', 'timeit -n 3', 'sh']) {
      expect(cellProgram(`%%${magic}\nimport keras\nx = keras.Input((3,))`)).toEqual({ kind: 'skipped', magic: `%%${magic.split(' ')[0]}` });
    }
  });

  test('leading blank lines and indentation before the cell magic count as IPython cleans them first', () => {
    expect(cellProgram('\n  \n  %%bash\nls').kind).toBe('skipped');
  });

  test('%%time and %%capture bodies are analysed, their own IPython lines blanked too', () => {
    expect(python('%%time\nx = 1\n!ls')).toBe('      \nx = 1\n   ');
    expect(python('%%capture out --no-stderr\nmodel.fit(x)')).toBe('                         \nmodel.fit(x)');
  });

  test('%%time? asks for help: the cell is not Python', () => {
    expect(cellProgram('%%time?').kind).toBe('skipped');
  });

  test('%% later in a cell is not a cell magic (IPython looks at the first line only)', () => {
    expect(python('x = 1\n%%bash')).toBe('x = 1\n      ');
  });
});

describe('leading indent', () => {
  // IPython's leading_indent (inputtransformer2.py, after leading_empty_lines): the first non-blank
  // line's indentation is removed from every line that starts with it.
  test("an indented cell loses its first line's indentation on every line that has it", () => {
    expect(leadingIndent('\n    x = 1\n    if x:\n        y = 2\n  z')).toEqual({ text: '\nx = 1\nif x:\n    y = 2\n  z', removed: [0, 4, 4, 4, 0] });
    expect(leadingIndent('x = 1\n    y')).toBeNull();
    expect(leadingIndent('')).toBeNull();
  });
});
