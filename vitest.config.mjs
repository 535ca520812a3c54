import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end test drives a real VS Code; it runs under `npm run test:e2e`.
    exclude: ['test/e2e/**', 'node_modules/**'],
    // A guard against hangs, not a speed check: the random-edit tests take ~20 s alone and over 30 s
    // on a loaded 2-core machine.
    testTimeout: 120_000,
    // The CLI and server the tests start keep their code cache here, not in the user's cache directory.
    env: { SHAPELENS_CACHE_DIR: join(tmpdir(), 'shapelens-test-code-cache') },
  },
});
