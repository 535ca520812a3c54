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
