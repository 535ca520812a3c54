/** The Python files under some folders (the suite's fixtures and examples), as [path, text] pairs, for the tests that compare analyses. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function pythonFiles(...dirs: string[]): [string, string][] {
  const files: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.py')) files.push([path, readFileSync(path, 'utf8')]);
    }
  };
  for (const dir of dirs) walk(dir);
  return files;
}
