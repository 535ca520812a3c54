// Helpers for the e2e checks of Shape Lens' own views in the workbench: the summary webview (its
// document lives in a nested iframe), the status bar's cursor position, inlay hints' padding and
// whether a hover's code block wraps.

import { poll } from './harness.mjs';

/**
 * The frame of the webview whose document has `selector` (a webview is an iframe holding an
 * iframe); waits for it.
 */
export async function webviewFrame(page, selector, { timeout = 30_000 } = {}) {
  return poll(async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    return null;
  }, { timeout, interval: 300, what: `a webview with ${selector}` });
}

/** The 1-based line of the cursor, read from the status bar (`Ln 97, Col 1`). */
export async function cursorLine(page) {
  const text = await page.locator('#status\\.editor\\.selection').first().innerText({ timeout: 5_000 });
  const m = /Ln (\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The inlay hints on screen in the editor matching `editorSel`: each hint's text, the text of its
 * line before it, and the gap between that text and the hint in pixels (paddingLeft renders one).
 */
export async function readHints(page, editorSel) {
  return page.evaluate((sel) => {
    const ed = document.querySelector(sel);
    if (!ed) return [];
    const out = [];
    for (const line of ed.querySelectorAll('.view-lines .view-line')) {
      const spans = [...line.querySelectorAll('span > span')];
      const i = spans.findIndex((s) => s.textContent.includes('→'));
      if (i < 0) continue;
      const hint = spans[i];
      // The last span of code before the hint (the padding may be a span of its own).
      const prev = spans.slice(0, i).reverse().find((s) => s.textContent.replace(/\u00a0/g, ' ').trim() !== '');
      const gap = prev ? hint.getBoundingClientRect().left - prev.getBoundingClientRect().right : 0;
      out.push({ hint: hint.textContent.replace(/\u00a0/g, ' ').trim(), before: spans.slice(0, i).map((s) => s.textContent).join('').replace(/\u00a0/g, ' ').trimEnd(), gap });
    }
    return out;
  }, editorSel);
}

/**
 * The lines of the visible hover's code block holding `marker` (VS Code renders a fenced block as
 * tokenized spans, lines split by <br> or newlines), each with the number of visual lines it takes
 * on screen (1 when it does not wrap), and the block's overflow (content wider than its box).
 */
export async function hoverCodeLines(page, marker) {
  return page.evaluate((marker) => {
    const hover = [...document.querySelectorAll('.monaco-hover')].find((h) => h.getBoundingClientRect().width > 0 && !h.classList.contains('hidden'));
    if (!hover) return null;
    const blocks = [...hover.querySelectorAll('pre, code, .code, .monaco-tokenized-source')].filter((e) => e.textContent.includes(marker));
    // The innermost element holding the whole picture.
    const code = blocks.find((b) => !blocks.some((o) => o !== b && b.contains(o)));
    if (!code) return null;
    const lines = [{ text: '', tops: new Set() }];
    const visit = (node) => {
      if (node.nodeName === 'BR') {
        lines.push({ text: '', tops: new Set() });
        return;
      }
      if (node.nodeType !== Node.TEXT_NODE) {
        for (const c of node.childNodes) visit(c);
        return;
      }
      const t = node.textContent;
      let start = 0;
      for (let i = 0; i <= t.length; i++) {
        if (i < t.length && t[i] !== '\n') continue;
        const line = lines[lines.length - 1];
        line.text += t.slice(start, i);
        if (i > start) {
          const r = document.createRange();
          r.setStart(node, start);
          r.setEnd(node, i);
          for (const rect of r.getClientRects()) if (rect.width > 0) line.tops.add(Math.round(rect.top));
        }
        if (i < t.length) lines.push({ text: '', tops: new Set() });
        start = i + 1;
      }
    };
    visit(code);
    const rows = lines.filter((l) => l.text.trim()).map((l) => ({ text: l.text.replace(/\u00a0/g, ' '), visualLines: Math.max(1, l.tops.size) }));
    const box = code.closest('pre, .code') ?? code;
    return { rows, overflow: box.scrollWidth - box.clientWidth, width: box.clientWidth };
  }, marker);
}

/**
 * Whether the Problems panel row whose text has `verdict` shows all of it on screen: the verdict's
 * text range must end inside every clipping box between it and the row (an ellipsis or the panel's
 * edge cuts what lies past them). Returns the row's text and the verdict's right edge against the clip.
 */
export async function problemRowShows(page, verdict) {
  return page.evaluate((needle) => {
    for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(needle);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const right = range.getBoundingClientRect().right;
        let clip = row.getBoundingClientRect().right;
        for (let el = node.parentElement; el && el !== row.parentElement; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (style.overflow !== 'visible' || style.overflowX !== 'visible') clip = Math.min(clip, el.getBoundingClientRect().right);
        }
        return { text: row.innerText.replace(/\s+/g, ' ').trim(), right, clip, shown: right <= clip + 0.5 };
      }
    }
    return null;
  }, verdict);
}

/** The notebook editor showing a file whose name ends with `fileName` (its cells are Monaco editors inside it). */
export const NOTEBOOK_EDITOR = '.notebook-editor';

/**
 * Opens a workspace-root `.ipynb` in VS Code's notebook editor (a click on it in the Explorer) and
 * waits until its first cell editor is drawn.
 */
export async function openNotebook(page, fileName, { timeout = 60_000 } = {}) {
  const exact = new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const entry = page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await poll(async () => {
    await page.keyboard.press('Escape');
    if (!(await entry.isVisible().catch(() => false))) return false;
    await entry.click();
    await page.locator(`${NOTEBOOK_EDITOR} .cell-editor-container .monaco-editor .view-line`).first().waitFor({ state: 'visible', timeout: 10_000 });
    return true;
  }, { timeout, interval: 500, what: `notebook editor for ${fileName}` });
}

/**
 * The code cells on screen in the notebook editor, top to bottom: each cell's rendered lines
 * (inlay hints included), as `readLinesAt` reads an editor's.
 */
export async function readNotebookCells(page) {
  return page.evaluate((root) => {
    const top = (el) => parseFloat(el.style.top || '0');
    const cells = [...document.querySelectorAll(`${root} .cell-editor-container .monaco-editor`)]
      .map((ed) => ({ y: ed.getBoundingClientRect().top, uri: ed.getAttribute('data-uri'), lines: [...ed.querySelectorAll('.view-lines .view-line')].sort((a, b) => top(a) - top(b)).map((l) => l.textContent.replace(/\u00a0/g, ' ').replace(/[\u200a\u200b\u200c\u200d\ufeff]/g, '')) }));
    return cells.sort((a, b) => a.y - b.y).map(({ uri, lines }) => ({ uri, lines }));
  }, NOTEBOOK_EDITOR);
}

/** Waits until the code cell whose text has `cellText` shows a line matching `pattern`; returns that cell. */
export async function waitForCellLine(page, cellText, pattern, { timeout = 45_000 } = {}) {
  let cells = [];
  try {
    return await poll(async () => {
      cells = await readNotebookCells(page);
      return cells.find((c) => c.lines.some((l) => l.includes(cellText)) && c.lines.some((l) => pattern.test(l))) ?? null;
    }, { timeout, interval: 300, what: `${pattern} in the cell with ${JSON.stringify(cellText)}` });
  } catch (e) {
    e.message += `\n--- cells on screen ---\n${cells.map((c, i) => `[${i}] ${c.lines.join(' ⏎ ')}`).join('\n')}`;
    throw e;
  }
}

/** Double-clicks the first `word` in the code cell whose text has `cellText` (selecting it, the cell in edit mode). */
export async function selectWordInCell(page, cellText, word) {
  const box = await page.evaluate(({ root, cellText, word }) => {
    for (const ed of document.querySelectorAll(`${root} .cell-editor-container .monaco-editor`)) {
      if (!ed.textContent.replace(/\u00a0/g, ' ').includes(cellText)) continue;
      const walker = document.createTreeWalker(ed.querySelector('.view-lines'), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent.replace(/\u00a0/g, ' ').indexOf(word);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + word.length);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, { root: NOTEBOOK_EDITOR, cellText, word });
  if (!box) throw new Error(`"${word}" not on screen in the cell with ${JSON.stringify(cellText)}`);
  await page.mouse.dblclick(box.x, box.y);
}

/** The notebook's focused cell editor: its text and the 1-based line of its cursor, or null. */
export async function notebookCursor(page) {
  return page.evaluate((root) => {
    const ed = document.querySelector(`${root} .cell-editor-container .monaco-editor.focused`);
    const cursor = ed?.querySelector('.cursors-layer .cursor');
    if (!ed || !cursor) return null;
    const top = (el) => Math.round(parseFloat(el.style.top || '0'));
    const lines = [...ed.querySelectorAll('.view-lines .view-line')].sort((a, b) => top(a) - top(b));
    const line = lines.findIndex((l) => top(l) === top(cursor));
    return { text: lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n'), line: line + 1 };
  }, NOTEBOOK_EDITOR);
}

