/** `shapelens FILE…`: reads the files, analyses them, prints the report. All I/O lives here. */
import { readFile, stat } from 'node:fs/promises';
import { analyzeText, languageOf, MAX_SOURCE_CHARS, tooLargeMessage } from '../analysis/analyze.js';
import type { Language } from '../analysis/types.js';
import { bundledGrammarFiles, loadLanguage } from '../parsing/languages.js';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args.js';
import { toJson, toTable, type FileReport } from './report.js';

/** A file Shape Lens does not analyse: its size is past MAX_SOURCE_CHARS. */
class TooLarge extends Error {}

async function readSource(file: string): Promise<string> {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a file this large is refused unread.
  const bytes = (await stat(file)).size;
  if (bytes > 3 * MAX_SOURCE_CHARS) throw new TooLarge(`${bytes.toLocaleString('en-US')} bytes is more than the ${MAX_SOURCE_CHARS / 1e6} M characters Shape Lens analyses`);
  const text = await readFile(file, 'utf8');
  if (text.length > MAX_SOURCE_CHARS) throw new TooLarge(tooLargeMessage(text.length));
  return text;
}

async function run(args: CliArgs): Promise<number> {
  // Each grammar the files need starts loading now (read and compiled once per process: Node keeps
  // no compiled WebAssembly between processes), while the files are read.
  const grammarFiles = bundledGrammarFiles(__dirname);
  const needed = new Set(args.files.map(languageOf).filter((l): l is Language => l !== null));
  for (const language of needed) loadLanguage(grammarFiles, language).catch(() => undefined); // a failure surfaces where it is awaited
  const reports: FileReport[] = [];
  let status = 0;
  for (const file of args.files) {
    const language = languageOf(file);
    if (language === null) {
      process.stderr.write(`shapelens: ${file}: not a .prototxt, .pbtxt or .py file\n`);
      status = 2;
      continue;
    }
    let text: string;
    try {
      text = await readSource(file);
    } catch (e) {
      const why = e instanceof TooLarge ? 'not analysed' : 'cannot read';
      process.stderr.write(`shapelens: ${file}: ${why}: ${e instanceof Error ? e.message : String(e)}\n`);
      status = 2;
      continue;
    }
    const result = analyzeText(await loadLanguage(grammarFiles, language), language, text, { inputs: args.inputs, phase: args.phase, notes: args.notes });
    reports.push({ file, result });
    if (status === 0 && result.diagnostics.some((d) => d.severity === 'error')) status = 1;
  }
  if (args.json) process.stdout.write(JSON.stringify(toJson(reports), null, 2) + '\n');
  else process.stdout.write(reports.map(toTable).join('\n\n') + (reports.length ? '\n' : ''));
  return status;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`shapelens: ${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  run(args).then(
    (status) => (process.exitCode = status),
    (e: unknown) => {
      process.stderr.write(`shapelens: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}

main();
