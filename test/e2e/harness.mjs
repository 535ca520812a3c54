// End-to-end harness: a REAL VS Code (the build bundled in code-server) driven
// through Debian's Chromium with playwright-core.
//
//   const cs = await startCodeServer({ workspace, vsix });
//   const ui = await openBrowser(cs);
//   await openFile(ui.page, 'alexnet.prototxt');
//   const lines = await waitForEditorText(ui.page, /→ \(10, 96, 55, 55\)/);
//   ...
//   await ui.close(); await cs.stop();
//
// Everything is bounded by timeouts, and every process started here is
// stopped by stop()/close() -- and, as a last resort, when this node process
// exits (see the exit hooks at the bottom).
//
// Env:
//   CODE_SERVER_BIN   code-server binary (default: test/e2e/.work/code-server/bin/code-server,
//                     installed by scripts/e2e-setup.sh)
//   CHROMIUM_BIN      chromium binary (default: /usr/bin/chromium)
//   E2E_KEEP_TMP=1    keep the temp dir (logs, user data) after stop()
//   E2E_HEADED=1      (debug) run chromium headed (needs a display)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HERE, '..', '..');
// E2E_WORK: where scripts/e2e-setup.sh installed code-server (several clones can share one).
export const WORK_DIR = process.env.E2E_WORK ? path.resolve(process.env.E2E_WORK) : path.join(HERE, '.work');
export const SCREENSHOT_DIR = path.join(HERE, 'screenshots');
export const CODE_SERVER_BIN =
  process.env.CODE_SERVER_BIN || path.join(WORK_DIR, 'code-server', 'bin', 'code-server');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** User settings written into the fresh user-data-dir. */
export const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.enableTelemetry': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.inlayHints.enabled': 'on',
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.fontSize': 14,
  'files.autoSave': 'off',
  'git.enabled': false,
  'npm.autoDetect': 'off',
};

// ------------------------------------------------------------------ utilities

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects with a clear message if `promise` does not settle within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Polls `fn` until it returns a truthy value; returns that value. */
export async function poll(fn, { timeout = 30_000, interval = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastErr;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    await sleep(interval);
  }
  const extra = lastErr ? ` (last error: ${lastErr.message})` : '';
  throw new Error(`timeout after ${timeout} ms waiting for ${what}${extra}`);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Normalises editor text: NBSP -> space, hair space / zero-width chars removed. */
export function normaliseText(s) {
  return String(s ?? '')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u200a\u200b\u200c\u200d\ufeff]/g, '');
}

// ------------------------------------------------------- process management

const liveGroups = new Set(); // pids of process-group leaders we started

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** All descendants of `pid` (via /proc), so children that left the group die too. */
function descendants(pid) {
  const children = new Map();
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(e));
    } catch {
      /* process went away */
    }
  }
  const out = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    for (const c of children.get(p) || []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

function killTree(pid, signal) {
  const pids = descendants(pid);
  try {
    process.kill(-pid, signal); // whole process group (we started it with setsid)
  } catch {
    /* group gone */
  }
  for (const p of [pid, ...pids]) {
    try {
      process.kill(p, signal);
    } catch {
      /* gone */
    }
  }
}

/** SIGTERM the group (and any escaped descendants), then SIGKILL after `graceMs`. */
export async function stopProcessGroup(pid, graceMs = 5_000) {
  if (!pid) return;
  const all = [pid, ...descendants(pid)];
  killTree(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && all.some(pidAlive)) await sleep(100);
  if (all.some(pidAlive)) {
    killTree(pid, 'SIGKILL');
    for (const p of all) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  liveGroups.delete(pid);
}

// A tiny detached watchdog per process group: if this node process dies
// without running its exit hooks (SIGKILL, OOM, a runner's hard timeout), it
// kills the group. It exits by itself as soon as the group is gone.
const REAPER_SRC = `
const [parent, group] = process.argv.slice(1, 3).map(Number);
const cleanup = process.argv[3];
const alive = (p) => { try { process.kill(p, 0); return true; } catch { return false; } };
const t = setInterval(() => {
  if (!alive(-group)) { clearInterval(t); return; }
  if (!alive(parent)) {
    clearInterval(t);
    try { process.kill(-group, 'SIGTERM'); } catch {}
    setTimeout(() => {
      try { process.kill(-group, 'SIGKILL'); } catch {}
      if (cleanup) setTimeout(() => { try { require('fs').rmSync(cleanup, { recursive: true, force: true }); } catch {} }, 500);
    }, 3000);
  }
}, 500);
`;

function startReaper(groupPid, cleanupDir) {
  try {
    const args = ['-e', REAPER_SRC, String(process.pid), String(groupPid)];
    if (cleanupDir && !process.env.E2E_KEEP_TMP) args.push(cleanupDir);
    const r = spawn(process.execPath, args,
      { detached: true, stdio: 'ignore' });
    r.unref();
  } catch {
    /* best effort */
  }
}

function track(pid, cleanupDir) {
  liveGroups.add(pid);
  startReaper(pid, cleanupDir);
}

const tempDirs = new Set(); // removed at exit (unless E2E_KEEP_TMP)

/** Makes a temp dir that is removed when this process exits. */
export async function makeTempDir(prefix = 'shapelens-e2e-') {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function killAllSync() {
  for (const pid of liveGroups) killTree(pid, 'SIGKILL');
  liveGroups.clear();
  if (!process.env.E2E_KEEP_TMP) {
    for (const d of tempDirs) {
      try {
        fs.rmSync(d, { recursive: true, force: true });
      } catch {
        /* ignore */
      }
    }
  }
  tempDirs.clear();
}
process.once('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAllSync();
    process.exit(128 + (os.constants.signals[sig] || 1));
  });
}

/**
 * Runs a command in its own session/process group (setsid via `detached`),
 * with a hard timeout. Resolves { code, stdout, stderr }.
 */
export function runBounded(cmd, args, { env, cwd, timeout = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    track(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(async () => {
      await stopProcessGroup(child.pid, 1_000);
      reject(new Error(`timeout after ${timeout} ms: ${cmd} ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      liveGroups.delete(child.pid);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      liveGroups.delete(child.pid);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * What a suite needs that is not there (code-server, Chromium, the .vsix under test), and the
 * reason to skip it: a missing prerequisite skips the suite unless E2E_REQUIRED=1, which makes it
 * a failure (the suite's `before` throws with `missing`).
 */
export function prerequisites(vsix) {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER_BIN)) missing.push(`code-server (${CODE_SERVER_BIN}): run scripts/e2e-setup.sh`);
  if (!fs.existsSync(CHROMIUM_BIN)) missing.push(`chromium (${CHROMIUM_BIN}): run scripts/e2e-setup.sh`);
  if (!fs.existsSync(vsix)) missing.push(`extension package ${vsix} (set SHAPELENS_VSIX)`);
  return { missing, skip: missing.length && !process.env.E2E_REQUIRED ? `missing: ${missing.join('; ')}` : false };
}

// ---------------------------------------------------------------- code-server

function isolatedEnv(tmp) {
  const env = { ...process.env };
  // Do not leak an outer VS Code / code-server session into ours.
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(k)) delete env[k];
  }
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.GITHUB_TOKEN;
  delete env.PORT;
  return {
    ...env,
    HOME: path.join(tmp, 'home'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    XDG_STATE_HOME: path.join(tmp, 'xdg-state'),
    TMPDIR: path.join(tmp, 'tmp'),
    CS_DISABLE_FILE_DOWNLOADS: '1',
  };
}

/**
 * Starts code-server on a free 127.0.0.1 port with fresh user data.
 *
 * @param {object} o
 * @param {string}   o.workspace       folder to open
 * @param {string|string[]} [o.vsix]   .vsix file(s) to install first
 * @param {object}   [o.settings]      extra user settings (merged over DEFAULT_SETTINGS)
 * @param {number}   [o.startTimeout]  ms to wait for the HTTP server (default 60 s)
 * @returns {Promise<{url:string, workbenchUrl:string, port:number, pid:number, tmp:string,
 *   userDataDir:string, extensionsDir:string, logFile:string, log:()=>string, stop:()=>Promise<void>}>}
 */
export async function startCodeServer({ workspace, vsix = [], settings = {}, startTimeout = 60_000 } = {}) {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server not found at ${CODE_SERVER_BIN}; run scripts/e2e-setup.sh`);
  }
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'shapelens-e2e-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const env = isolatedEnv(tmp);
  for (const d of [env.HOME, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.XDG_STATE_HOME,
    env.TMPDIR, path.join(userDataDir, 'User'), extensionsDir]) {
    await fsp.mkdir(d, { recursive: true });
  }
  await fsp.writeFile(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  const configFile = path.join(tmp, 'config.yaml');
  await fsp.writeFile(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  for (const v of [].concat(vsix)) {
    const abs = path.resolve(v);
    if (!fs.existsSync(abs)) throw new Error(`vsix not found: ${abs}`);
    const r = await runBounded(CODE_SERVER_BIN, [...common, '--force', '--install-extension', abs],
      { env, timeout: 120_000 });
    if (r.code !== 0 || !/successfully installed|already installed/i.test(r.stdout + r.stderr)) {
      throw new Error(`installing ${abs} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
  }

  const logFile = path.join(tmp, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(CODE_SERVER_BIN, [
    ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    workspace,
  ], { env, cwd: workspace, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  track(child.pid, tmp);
  let exited = null;
  child.on('exit', (code, sig) => {
    exited = { code, sig };
  });
  const readLog = () => {
    try {
      return fs.readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcessGroup(child.pid);
    if (!process.env.E2E_KEEP_TMP) await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {});
  };
  try {
    await poll(async () => {
      if (exited) throw Object.assign(new Error(`code-server exited early ${JSON.stringify(exited)}`), { fatal: true });
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return res.ok;
    }, { timeout: startTimeout, interval: 300, what: `code-server on ${url}` });
  } catch (e) {
    const log = readLog();
    await stop();
    throw new Error(`${e.message}\n--- code-server log ---\n${log.slice(-4000)}`);
  }
  return {
    url,
    workbenchUrl: `${url}/?folder=${encodeURIComponent(path.resolve(workspace))}`,
    port,
    pid: child.pid,
    tmp,
    userDataDir,
    extensionsDir,
    logFile,
    log: readLog,
    /** Text of the extension host logs (where extension errors/console output end up). */
    extHostLog: () => collectLogs(path.join(userDataDir, 'logs'), /exthost|remoteexthost|output/i),
    stop,
  };
}

function collectLogs(dir, re) {
  let out = '';
  const walk = (d) => {
    let ents = [];
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(p) && e.name.endsWith('.log')) {
        try {
          out += `\n=== ${p}\n${fs.readFileSync(p, 'utf8')}`;
        } catch {
          /* ignore */
        }
      }
    }
  };
  walk(dir);
  return out;
}

// ------------------------------------------------------------------ chromium

/**
 * Launches Debian's chromium (fresh temp profile) and opens the workbench.
 * @returns {Promise<{browser, page, consoleErrors:string[], close:()=>Promise<void>}>}
 */
export async function openBrowser(cs, { viewport = { width: 1400, height: 900 }, timeout = 90_000 } = {}) {
  const { chromium } = await import('playwright-core');
  const args = [...CHROMIUM_ARGS];
  const headless = !process.env.E2E_HEADED;
  if (!headless) args.splice(args.indexOf('--headless'), 1);
  // Playwright's launch() always gives chromium a new, empty --user-data-dir.
  const browser = await withTimeout(chromium.launch({
    executablePath: CHROMIUM_BIN, headless, args, timeout: 60_000,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // our exit hooks do it
  }), 70_000, 'chromium launch');
  const bproc = browser.process?.();
  if (bproc?.pid) track(bproc.pid);
  const close = async () => {
    await withTimeout(browser.close(), 15_000, 'browser.close').catch(() => {});
    if (bproc?.pid) await stopProcessGroup(bproc.pid, 1_000);
  };
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(cs.workbenchUrl, { timeout, waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout });
    // The explorer shows the workspace once the remote file system is up.
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout }).catch(() => {});
    await dismissNotifications(page);
    return { browser, page, consoleErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Closes toasts (e.g. "extension recommendations") that can cover the editor. */
export async function dismissNotifications(page) {
  await page.evaluate(() => {
    for (const b of document.querySelectorAll('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close')) {
      b.closest('a, .action-label')?.click?.();
    }
  }).catch(() => {});
}

/**
 * Runs a test body; on failure adds a screenshot, the extension host log's tail and the browser's
 * console errors to the error. `session()` gives the running `{ ui, cs }` (set up in `before`).
 */
export async function reportFailure(name, session, fn) {
  try {
    return await fn();
  } catch (e) {
    const { ui, cs } = session();
    if (ui?.page) {
      const shot = await screenshot(ui.page, `FAIL-${name}`).catch(() => null);
      if (shot) e.message += `\nscreenshot: ${shot}`;
    }
    if (cs) e.message += `\n--- extension host log (tail) ---\n${cs.extHostLog().slice(-3000)}`;
    if (ui?.consoleErrors?.length) e.message += `\n--- browser console errors (last 10) ---\n${ui.consoleErrors.slice(-10).join('\n')}`;
    throw e;
  }
}

export async function screenshot(page, name) {
  await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await withTimeout(page.screenshot({ path: file, timeout: 20_000 }), 25_000, `screenshot ${name}`);
  return file;
}

// ---------------------------------------------------------------- workbench

/** Runs a command from the command palette by its label (e.g. "File: Save"). */
export async function runCommand(page, label, { timeout = 15_000 } = {}) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout }).catch(() => {});
}

/** CSS selector of the editor showing a file whose URI ends with `fileName`. */
export function editorSelector(fileName) {
  const base = fileName.split('/').pop();
  return `.editor-instance .monaco-editor[data-uri$="/${encodeURIComponent(base).replace(/%2F/g, '/')}"]`;
}

/**
 * Opens a workspace file and waits for its editor: a file at the workspace root is clicked in the
 * Explorer (no keyboard needed: the focus may be inside a webview, which keeps Ctrl+P to itself),
 * anything else goes through Quick Open (Ctrl+P). `relPath` is relative to the workspace folder.
 */
export async function openFile(page, relPath, { timeout = 30_000 } = {}) {
  const base = relPath.split('/').pop();
  const sel = editorSelector(base);
  const exact = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const entry = page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await poll(async () => {
    await page.keyboard.press('Escape');
    if (!relPath.includes('/') && (await entry.isVisible().catch(() => false))) {
      await entry.click();
      await page.locator(sel).first().waitFor({ state: 'visible', timeout: 10_000 });
      return true;
    }
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(relPath);
    // File search runs on the server (ripgrep); wait for a matching row.
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator(sel).first().waitFor({ state: 'visible', timeout: 10_000 });
    return true;
  }, { timeout, interval: 500, what: `editor for ${relPath}` });
  await page.locator(`${sel} .view-lines .view-line`).first().waitFor({ timeout });
  await focusEditor(page, base);
}

export async function focusEditor(page, fileName) {
  const sel = editorSelector(fileName);
  // Clicking the text area focuses Monaco without moving the cursor much.
  await page.locator(`${sel} textarea.inputarea, ${sel} .native-edit-context`).first().focus().catch(() => {});
}

/**
 * Reads the rendered (visible) lines of the editor for `fileName`, ordered by
 * their vertical position, INCLUDING inlay hint / injected text.
 * @returns {Promise<{line:number|null, text:string}[]>}
 */
export async function readEditorLines(page, fileName) {
  return readLinesAt(page, editorSelector(fileName), fileName);
}

/** The same for the editor matching the CSS selector `sel` (`what` names it in errors). */
export async function readLinesAt(page, sel, what) {
  const raw = await page.evaluate((sel) => {
    const ed = document.querySelector(sel);
    if (!ed) return null;
    const top = (el) => parseFloat(el.style.top || '0');
    const nums = new Map();
    for (const d of ed.querySelectorAll('.margin-view-overlays > div')) {
      const n = d.querySelector('.line-numbers');
      if (n) nums.set(Math.round(top(d)), parseInt(n.textContent, 10));
    }
    return [...ed.querySelectorAll('.view-lines .view-line')]
      .map((l) => ({ top: top(l), text: l.textContent }))
      .sort((a, b) => a.top - b.top)
      .map((l) => ({ line: nums.get(Math.round(l.top)) ?? null, text: l.text }));
  }, sel);
  if (!raw) throw new Error(`no editor for ${what}`);
  return raw.map((l) => ({ line: l.line, text: normaliseText(l.text) }));
}

/** Plain text of the visible lines ("\n"-joined). */
export async function readEditorText(page, fileName) {
  return (await readEditorLines(page, fileName)).map((l) => l.text).join('\n');
}

/**
 * Waits until some visible line of `fileName` matches `pattern` (string or
 * RegExp); returns the matching lines.
 */
export async function waitForEditorText(page, fileName, pattern, { timeout = 60_000 } = {}) {
  return waitForLinesAt(page, editorSelector(fileName), fileName, pattern, { timeout });
}

/** The same for the editor matching the CSS selector `sel` (`what` names it in errors). */
export async function waitForLinesAt(page, sel, what, pattern, { timeout = 60_000 } = {}) {
  const re = typeof pattern === 'string' ? new RegExp(escapeRe(pattern)) : pattern;
  let lines = [];
  try {
    return await poll(async () => {
      lines = await readLinesAt(page, sel, what);
      const hits = lines.filter((l) => re.test(l.text));
      return hits.length ? hits : null;
    }, { timeout, interval: 300, what: `${re} in ${what}` });
  } catch (e) {
    e.message += `\n--- visible lines ---\n${lines.map((l) => `${l.line}: ${l.text}`).join('\n')}`;
    throw e;
  }
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Moves the cursor to line/column (1-based) with Go to Line (Ctrl+G). */
export async function gotoLine(page, fileName, line, column = 1, { timeout = 10_000 } = {}) {
  await focusEditor(page, fileName);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout }).catch(() => {});
  await poll(async () => (await readEditorLines(page, fileName)).some((l) => l.line === line),
    { timeout, what: `line ${line} visible` });
  await focusEditor(page, fileName);
}

/** Text of the visible hover widget, or '' if none. */
export async function readHover(page) {
  return normaliseText(await page.evaluate(() => {
    const vis = [...document.querySelectorAll('.monaco-hover')].filter((h) => {
      const r = h.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && !h.classList.contains('hidden') && getComputedStyle(h).visibility !== 'hidden';
    });
    return vis.map((h) => h.innerText).join('\n---\n');
  }));
}

async function waitForHover(page, pattern, timeout) {
  let text = '';
  try {
    return await poll(async () => {
      text = await readHover(page);
      if (!text.trim() || /^\s*Loading\.\.\.\s*$/.test(text)) return null;
      if (pattern && !pattern.test(text)) return null;
      return text;
    }, { timeout, interval: 200, what: `hover${pattern ? ` matching ${pattern}` : ''}` });
  } catch (e) {
    e.message += `\n--- last hover text ---\n${text}`;
    throw e;
  }
}

/**
 * Shows the hover at line/column with the keyboard (Ctrl+K Ctrl+I) and returns
 * its text. `pattern` (optional RegExp) waits until the hover matches.
 */
export async function hoverAt(page, fileName, line, column, { pattern, timeout = 20_000 } = {}) {
  await gotoLine(page, fileName, line, column);
  return poll(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    return waitForHover(page, pattern, 4_000).catch(() => null);
  }, { timeout, interval: 200, what: `hover at ${line}:${column}${pattern ? ` matching ${pattern}` : ''}` });
}

/**
 * Hovers the mouse over the first occurrence of `word` on the visible line
 * `line` (1-based) and returns the hover text.
 */
export async function hoverWord(page, fileName, line, word, { pattern, timeout = 20_000 } = {}) {
  const sel = editorSelector(fileName);
  await gotoLine(page, fileName, line, 1);
  const box = await page.evaluate(({ sel, line, word }) => {
    const ed = document.querySelector(sel);
    const top = (el) => Math.round(parseFloat(el.style.top || '0'));
    let lineTop = null;
    for (const d of ed.querySelectorAll('.margin-view-overlays > div')) {
      const n = d.querySelector('.line-numbers');
      if (n && parseInt(n.textContent, 10) === line) lineTop = top(d);
    }
    const vl = [...ed.querySelectorAll('.view-lines .view-line')].find((l) => top(l) === lineTop);
    if (!vl) return null;
    const walker = document.createTreeWalker(vl, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/\u00a0/g, ' ');
      const i = text.indexOf(word);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + word.length);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, { sel, line, word });
  if (!box) throw new Error(`"${word}" not visible on line ${line} of ${fileName}`);
  return poll(async () => {
    await page.mouse.move(box.x + 40, box.y + 200);
    await page.mouse.move(box.x, box.y, { steps: 3 });
    return waitForHover(page, pattern, 4_000).catch(() => null);
  }, { timeout, interval: 300, what: `hover over "${word}"` });
}

/**
 * Opens the Problems panel and returns its rows ({text, label}); waits until
 * at least one row matches `pattern` when given.
 */
export async function readProblems(page, { pattern, timeout = 30_000 } = {}) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
  }
  let rows = [];
  try {
    await poll(async () => {
      rows = await page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
        .map((r) => ({ text: r.innerText, label: r.getAttribute('aria-label') || '' })));
      rows = rows.map((r) => ({ text: r.text.replace(/\s+/g, ' ').trim(), label: r.label }));
      if (pattern) return rows.some((r) => pattern.test(r.text) || pattern.test(r.label));
      return true;
    }, { timeout, interval: 300, what: `problem matching ${pattern}` });
  } catch (e) {
    e.message += `\n--- problems ---\n${JSON.stringify(rows, null, 1)}`;
    throw e;
  }
  return rows;
}

/** Counts error/warning squiggles rendered in the editor of `fileName`. */
export async function countSquiggles(page, fileName) {
  return page.evaluate((sel) => {
    const ed = document.querySelector(sel);
    if (!ed) return null;
    return {
      error: ed.querySelectorAll('.squiggly-error').length,
      warning: ed.querySelectorAll('.squiggly-warning').length,
      info: ed.querySelectorAll('.squiggly-info').length,
    };
  }, editorSelector(fileName));
}

/**
 * Puts the cursor at line/column, opens Quick Fix (Ctrl+.), and picks the item
 * whose title matches `title` (RegExp or string). Returns the titles offered.
 */
export async function applyQuickFix(page, fileName, line, column, title, { timeout = 20_000 } = {}) {
  await gotoLine(page, fileName, line, column);
  return pickCodeAction(page, title, { focus: () => focusEditor(page, fileName), timeout });
}

/**
 * Opens the code action menu (Ctrl+.) at the cursor of the editor `focus()` focuses, and picks the
 * item whose title matches `title` (RegExp or string). Returns the titles offered.
 */
export async function pickCodeAction(page, title, { focus, timeout = 20_000 }) {
  const re = typeof title === 'string' ? new RegExp(escapeRe(title)) : title;
  let offered = [];
  const item = await poll(async () => {
    await page.keyboard.press('Escape');
    await focus();
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget');
    await widget.waitFor({ state: 'visible', timeout: 4_000 });
    await page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout: 4_000 });
    offered = await page.evaluate(() => [...document.querySelectorAll('.action-widget .monaco-list-row')]
      .map((r) => (r.getAttribute('aria-label') || r.innerText || '').trim()));
    const idx = offered.findIndex((t) => re.test(t));
    return idx >= 0 ? { idx } : null;
  }, { timeout, interval: 500, what: `quick fix ${re}` }).catch((e) => {
    e.message += `\n--- offered ---\n${offered.join('\n')}`;
    throw e;
  });
  // Pick with the keyboard: the menu puts a pointer-blocking layer over itself
  // until the mouse moves, so clicks are unreliable. Headers are skipped by
  // the arrow keys; walk down until the focused row is the one we want.
  const focused = () => page.evaluate(() => {
    const r = document.querySelector('.action-widget .monaco-list-row.focused');
    return r ? (r.getAttribute('aria-label') || r.innerText || '').trim() : null;
  });
  let picked = false;
  for (let i = 0; i <= offered.length + 1; i++) {
    const f = await focused();
    if (f !== null && re.test(f)) {
      await page.keyboard.press('Enter');
      picked = true;
      break;
    }
    await page.keyboard.press('ArrowDown');
    await sleep(50);
  }
  if (!picked) throw new Error(`could not focus quick fix ${re}; offered: ${offered.join(' | ')} (item ${item.idx})`);
  await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  return offered;
}

/** Saves the active editor (Ctrl+S). */
export async function saveActive(page, fileName) {
  await focusEditor(page, fileName);
  await page.keyboard.press('Control+S');
}

/** Waits until `file` on disk satisfies `predicate(text)`; returns the text. */
export async function waitForFile(file, predicate, { timeout = 15_000 } = {}) {
  let text = '';
  try {
    return await poll(async () => {
      text = await fsp.readFile(file, 'utf8');
      return predicate(text) ? text : null;
    }, { timeout, interval: 200, what: `file ${file} to change` });
  } catch (e) {
    e.message += `\n--- file ---\n${text}`;
    throw e;
  }
}

/** 1-based line numbers of lines in `text` matching `re`. */
export function findLines(text, re) {
  return text.split('\n').flatMap((l, i) => (re.test(l) ? [i + 1] : []));
}

/** 1-based {line, column} of the first match of `re` (column of the match start). */
export function findPosition(text, re) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return { line: i + 1, column: m.index + 1 };
  }
  throw new Error(`${re} not found`);
}
