// `shapelens model.prototxt | head -1`: when the reader of its output goes away, the CLI ends as
// a Unix tool killed by SIGPIPE would (status 128 + 13), without a Node stack trace on stderr.
import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';

test('a closed output pipe ends the CLI quietly with status 141', async () => {
  const child = spawn(process.execPath, ['dist/cli.js', 'examples/resnet50.prototxt'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  expect(stderr).toBe('');
  expect(status).toBe(141);
});
