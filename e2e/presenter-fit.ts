// What "nothing cut" means on a projected page, as a check run inside the page: every visible
// block whose text overflows its box (scrollWidth > clientWidth, or an ellipsis), a box that hides
// text below its bottom, and every diagram label clipped with "…" or running off the drawing.

import type { Page } from 'playwright-core';

export function cutText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const name = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
      return `${el.tagName.toLowerCase()}${cls} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    };
    for (const el of document.querySelectorAll<HTMLElement>('.viewer *')) {
      if (el instanceof SVGElement || el.closest('svg, .sr-only, dialog:not([open])')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'inline' || cs.display === 'contents' || cs.display === 'none' || cs.visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      // Visible: has a box and some of it is on screen.
      if (r.width === 0 || r.height === 0 || r.right <= 0 || r.bottom <= 0 || r.left >= vw || r.top >= vh) continue;
      if (!(el.innerText ?? '').trim()) continue;
      const scrollsY = cs.overflowY === 'auto' || cs.overflowY === 'scroll';
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)}: text ${el.scrollWidth}px wide in a ${el.clientWidth}px box`);
      else if (cs.textOverflow === 'ellipsis' && cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth) problems.push(`${name(el)}: ellipsis`);
      if (!scrollsY && cs.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
        problems.push(`${name(el)}: text ${el.scrollHeight}px tall in a ${el.clientHeight}px box`);
    }
    const svg = document.querySelector('[data-testid="sequence-diagram"] svg');
    if (svg) {
      const w = svg.getBoundingClientRect().width;
      for (const t of svg.querySelectorAll<SVGTextElement>('text')) {
        const text = t.textContent ?? '';
        if (text.endsWith('…')) problems.push(`diagram label clipped: "${text}"`);
        const b = t.getBBox();
        if (b.width > 0 && (b.x < -1 || b.x + b.width > w + 1)) problems.push(`diagram label "${text}" runs off the drawing (${Math.round(b.x)}..${Math.round(b.x + b.width)} of ${Math.round(w)})`);
      }
    }
    return problems;
  });
}

/** Font sizes that must reach a slide's minimum: the presenter root and the explanation's paragraphs
 *  (not the RFC citation under them, a footnote at 0.9em). */
export function bodyFontSizes(page: Page): Promise<{ vh: number; root: number; paragraphs: number[] }> {
  return page.evaluate(() => {
    const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
    const root = document.querySelector('.viewer.presenting');
    return {
      vh: window.innerHeight,
      root: root ? px(root) : 0,
      paragraphs: [...document.querySelectorAll('[data-testid="explanation"] .ex-body p:not(.mdx-cite)')].map(px),
    };
  });
}
