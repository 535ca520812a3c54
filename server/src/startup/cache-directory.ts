/**
 * Where the code cache lives (code-cache.ts): the platform's per-user cache directory, or
 * `SHAPELENS_CACHE_DIR` when set (empty: no cache, e.g. for a read-only home or to measure a cold
 * start).
 */
import * as path from 'node:path';

export function codeCacheDirectory(env: Readonly<Record<string, string | undefined>>, platform: string, home: string): string | null {
  const own = env['SHAPELENS_CACHE_DIR'];
  if (own !== undefined) return own === '' ? null : path.resolve(own);
  // Only absolute paths: a relative one would move with the current folder.
  const absolute = (p: string | undefined): string | null => (p && path.isAbsolute(p) ? p : null);
  const base =
    platform === 'win32'
      ? (absolute(env['LOCALAPPDATA']) ?? (home ? path.join(home, 'AppData', 'Local') : null))
      : platform === 'darwin'
        ? home
          ? path.join(home, 'Library', 'Caches')
          : null
        : (absolute(env['XDG_CACHE_HOME']) ?? (home ? path.join(home, '.cache') : null));
  return base === null ? null : path.join(base, 'shapelens', 'code-cache');
}
