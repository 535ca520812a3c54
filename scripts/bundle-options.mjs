// The esbuild options every bundle of ours shares (build, benchmark, test harness): one CJS file
// for Node 20. web-tree-sitter's ESM build reads import.meta.url, which a CJS bundle lacks, so it
// is defined from __filename.
export const IMPORT_META_URL_BANNER = 'var __shapelensImportMetaUrl = require("node:url").pathToFileURL(__filename).href;';

export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  define: { 'import.meta.url': '__shapelensImportMetaUrl' },
  banner: { js: IMPORT_META_URL_BANNER },
};

/** The same with a `#!/usr/bin/env node` line, for the two programs in package.json "bin". */
export const executableBundleOptions = { ...bundleOptions, banner: { js: `#!/usr/bin/env node\n${IMPORT_META_URL_BANNER}` } };
