/**
 * `shapelens FILE|DIR…`: reads the files, analyses them, prints the report. All I/O lives here.
 * dist/cli.js (startup/launcher.ts) compiles this bundle through the code cache and calls `main`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { analyzeText, type AnalyzeOptions } from '../analyzer/analyze.js';
import { languageOf, MAX_SOURCE_CHARS, tooLargeMessage } from '../analyzer/sources.js';
import { DiskFiles } from '../analyzer/disk.js';
import { projectResolver } from '../analyzer/resolver.js';
import type { Language } from '../analysis/types.js';
import { analyzeNotebookText, isNotebookFile } from '../notebook/analyze.js';
import { NotebookError, OtherLanguageNotebook } from '../notebook/nbformat.js';
import { bundledGrammarFiles, loadLanguage, loadLanguages, type Languages } from '../parsing/languages.js';
import { ImportedTrees } from '../python/modules.js';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args.js';
import { expandInputs, type FileSystemView } from './inputs.js';
import { toJson, toTable, type FileReport } from './report.js';
import { toSarif } from './sarif.js';
import type { CodeCache } from '../startup/code-cache.js';

/** A file Shape Lens does not analyse: its size is past MAX_SOURCE_CHARS. */
class TooLarge extends Error {}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The disk as `inputs.ts` sees it. Symbolic links to directories are not followed (no cycles). */
const disk: FileSystemView = {
  kind(p) {
    try {
      const stat = statSync(p);
      return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : { error: 'not a regular file' };
    } catch (e) {
      return { error: errorText(e) };
    }
  },
  list(directory) {
    try {
      // Sockets, pipes and devices are left out: reading a pipe would wait for a writer.
      const entries = readdirSync(directory, { withFileTypes: true }).filter((d) => d.isFile() || d.isDirectory() || d.isSymbolicLink());
      return entries.map((d) => ({ name: d.name, directory: d.isDirectory() }));
    } catch (e) {
      return { error: errorText(e) };
    }
  },
  join: (directory, name) => path.join(directory, name),
};

/** The `version` of the package.json beside `dist/` (in a clone, an npm install and the .vsix). */
function version(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const v = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  return typeof v === 'string' ? v : 'unknown';
}

/** Inputs up to this many bytes in all are parsed by baseline-compiled grammars (see `baselineWasm`). */
const SMALL_INPUTS = 256 * 1024;

/**
 * V8 compiles a grammar's WebAssembly twice: at once with its baseline compiler (Liftoff), then
 * again in background threads with its optimising one (TurboFan). A run on small files ends
 * before the second compile pays for itself (it costs about 150 ms of CPU for the Python grammar,
 * most of a ResNet-50 file's analysis; bench/cli.mjs), so it is not started; big files parse
 * faster with it. Set before any grammar is compiled. The flags are the two `--liftoff-only`
 * implies, set one by one so that `restoreWasmTiers` can set them back: V8 rejects a code cache
 * made under other flags.
 */
const BASELINE_ONLY = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];
const DEFAULT_TIERS = ['--wasm-tier-up', '--wasm-dynamic-tiering'];

/** Whether the inputs are small enough for baseline-compiled grammars only (see BASELINE_ONLY). */
function baselineWasm(files: readonly string[]): boolean {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // Reported where the file is read.
    }
  }
  if (bytes > SMALL_INPUTS) return false;
  for (const flag of BASELINE_ONLY) setFlagsFromString(flag);
  return true;
}

/** V8's flags as the process started with them, before the code cache is saved. */
function restoreWasmTiers(): void {
  for (const flag of DEFAULT_TIERS) setFlagsFromString(flag);
}

/**
 * Synchronous: files are analysed one after the other, the grammars compile off this thread
 * meanwhile, and node:fs/promises would cost 0.7 ms to load at start.
 */
function readSource(file: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a file this large is refused unread.
  const bytes = statSync(file).size;
  if (bytes > 3 * MAX_SOURCE_CHARS) throw new TooLarge(`${bytes.toLocaleString('en-US')} bytes is more than the ${MAX_SOURCE_CHARS / 1e6} M characters Shape Lens analyses`);
  const text = readFileSync(file, 'utf8');
  if (text.length > MAX_SOURCE_CHARS) throw new TooLarge(tooLargeMessage(text.length));
  return text;
}

function notebookReport(languages: Languages, file: string, text: string, options: AnalyzeOptions): FileReport {
  const { program, result } = analyzeNotebookText(languages, text, options);
  return { file, result, notebook: program };
}

async function run(args: CliArgs, cache: CodeCache): Promise<number> {
  // Each grammar the files need starts loading now (read and compiled once per process: Node keeps
  // no compiled WebAssembly between processes), while the files are read.
  const grammarFiles = bundledGrammarFiles(__dirname);
  const { files, problems } = expandInputs(args.files, disk);
  const baseline = baselineWasm(files);
  const needed = new Set(files.map((f) => (isNotebookFile(f) ? 'python' : languageOf(f))).filter((l): l is Language => l !== null));
  for (const language of needed) loadLanguage(grammarFiles, language).catch(() => undefined); // a failure surfaces where it is awaited
  const reports: FileReport[] = [];
  let status = 0;
  const fail = (message: string) => {
    process.stderr.write(`shapelens: ${message}\n`);
    status = 2;
  };
  problems.forEach(fail);
  // Python imports: the file's folder, the current folder, --path, then installed packages.
  const cwd = process.cwd();
  const resolver = projectResolver(new DiskFiles(), { projectRoots: [cwd], extraPaths: args.paths.map((p) => path.resolve(cwd, p)), home: homedir(), interpreterPath: null });
  const trees = new ImportedTrees();
  for (const file of files) {
    const notebook = isNotebookFile(file);
    const language = languageOf(file);
    if (language === null && !notebook) {
      fail(`${file}: not a .prototxt, .pbtxt, .py or .ipynb file`);
      continue;
    }
    let text: string;
    try {
      text = readSource(file);
    } catch (e) {
      fail(`${file}: ${e instanceof TooLarge ? 'not analysed' : 'cannot read'}: ${errorText(e)}`);
      continue;
    }
    const options = { inputs: args.inputs, phase: args.phase, stages: args.stages, level: args.level, notes: args.notes, modules: { resolver, file: path.resolve(cwd, file), trees } };
    let report: FileReport;
    try {
      report =
        language === null
          ? notebookReport(await loadLanguages(grammarFiles), file, text, options)
          : { file, result: analyzeText({ [language]: await loadLanguage(grammarFiles, language) }, language, text, options) };
    } catch (e) {
      if (!(e instanceof NotebookError)) throw e;
      // A notebook of another language is skipped with a note (a folder may hold R notebooks too).
      if (e instanceof OtherLanguageNotebook) process.stderr.write(`shapelens: ${file}: not analysed: ${e.message}\n`);
      else fail(`${file}: ${e.message}`);
      continue;
    }
    reports.push(report);
    if (status === 0 && report.result.diagnostics.some((d) => d.severity === 'error')) status = 1;
  }
  if (args.format === 'json') process.stdout.write(JSON.stringify(toJson(reports), null, 2) + '\n');
  else if (args.format === 'sarif') process.stdout.write(JSON.stringify(toSarif(reports, version()), null, 2) + '\n');
  else process.stdout.write(reports.map(toTable).join('\n\n') + (reports.length ? '\n' : ''));
  // The bytecode of what this run compiled, for the next run (once per bundle and language).
  if (baseline) restoreWasmTiers();
  cache.save([...needed]);
  return status;
}

/** The entry point (startup/launcher.ts calls it). */
export function main(cache: CodeCache): void {
  // `shapelens … | head`: the reader left, so there is no one to write to; end as SIGPIPE ends a Unix tool (128 + 13).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(141);
  });
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`shapelens: ${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.info === 'help') return void process.stdout.write(USAGE + '\n');
  if (args.info === 'version') return void process.stdout.write(`shapelens ${version()}\n`);
  run(args, cache).then(
    (status) => (process.exitCode = status),
    (e: unknown) => {
      process.stderr.write(`shapelens: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
