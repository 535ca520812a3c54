/** `shapelens FILE…`: reads the files, analyses them, prints the report. All I/O lives here. */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { analyzeText, languageOf } from '../analyzer/analyze.js';
import { DiskFiles } from '../analyzer/disk.js';
import { projectResolver } from '../analyzer/resolver.js';
import { ImportedTrees } from '../python/modules.js';
import { bundledGrammarFiles, loadLanguages } from '../parsing/languages.js';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args.js';
import { toJson, toTable, type FileReport } from './report.js';

/** Files larger than this are refused rather than parsed (no model definition comes close). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

function readSource(file: string): string {
  const data = readFileSync(file);
  if (data.length > MAX_FILE_BYTES) throw new Error(`${data.length} bytes is more than the ${MAX_FILE_BYTES}-byte limit`);
  return data.toString('utf8');
}

async function run(args: CliArgs): Promise<number> {
  const languages = await loadLanguages(bundledGrammarFiles(__dirname));
  const reports: FileReport[] = [];
  let status = 0;
  // Python imports: the file's folder, the current folder, --path, then installed packages.
  const cwd = process.cwd();
  const resolver = projectResolver(new DiskFiles(), { projectRoots: [cwd], extraPaths: args.paths.map((p) => resolve(cwd, p)), home: homedir(), interpreterPath: null });
  const trees = new ImportedTrees();
  for (const file of args.files) {
    const language = languageOf(file);
    if (language === null) {
      process.stderr.write(`shapelens: ${file}: not a .prototxt, .pbtxt or .py file\n`);
      status = 2;
      continue;
    }
    let text: string;
    try {
      text = readSource(file);
    } catch (e) {
      process.stderr.write(`shapelens: ${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
      status = 2;
      continue;
    }
    const modules = { resolver, file: resolve(cwd, file), trees };
    const result = analyzeText(languages, language, text, { inputs: args.inputs, phase: args.phase, notes: args.notes, modules });
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
