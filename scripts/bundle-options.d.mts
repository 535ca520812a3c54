import type { BuildOptions } from 'esbuild';
export const IMPORT_META_URL_BANNER: string;
export const bundleOptions: BuildOptions;
export const executableBundleOptions: BuildOptions;
