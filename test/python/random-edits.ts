/** Random edits for the tests that compare cached analyses with fresh ones (seeded, bounded). */

/** A seeded run of `steps` edits of the kinds an editor makes, each yielding the text after it. */
export function* randomEdits(original: string, seed: number, steps: number): Generator<string> {
  let text = original;
  const history: string[] = [];
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const lineStarts = () => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)].filter((i) => i < text.length);
  const edits: ((at: number) => void)[] = [
    (at) => (text = text.slice(0, at) + text.slice(at).replace(/\b(\d+)\b/, (m) => `${Number(m) + 1}`)), // a size changes
    (at) => (text = text.slice(0, at) + text.slice(at).replace(/\b(\d+)\b/, (m) => `${Math.max(1, Number(m) - 1)}`)), // and back
    (at) => (text = `${text.slice(0, at)}# a comment\n${text.slice(at)}`), // lines below move
    (at) => (text = `${text.slice(0, at)}    ${text.slice(at)}`), // an indentation error, or a statement moves into a block
    (at) => {
      const end = text.indexOf('\n', at) + 1;
      if (end > 0) text = text.slice(0, end) + text.slice(at, end) + text.slice(end); // the same line twice
    },
    (at) => {
      const end = text.indexOf('\n', at) + 1;
      if (end > 0) text = text.slice(0, at) + text.slice(end); // a line goes
    },
    (at) => (text = text.slice(0, at) + text.slice(at).replace(/\b([a-z_]+)\b/, '$1_')), // a name changes
    (at) => {
      const end = text.indexOf('\n', at);
      if (end > 0) text = `${text.slice(0, end)}  # note${text.slice(end)}`; // a comment at a line's end
    },
    (at) => (text = `${text.slice(0, at)}(${text.slice(at)}`), // a syntax error
    () => (text = history.at(-2) ?? text), // the last edit undone
  ];
  for (let step = 0; step < steps; step++) {
    const starts = lineStarts();
    edits[random(edits.length)]!(starts[random(starts.length)]!);
    history.push(text);
    yield text;
  }
}
