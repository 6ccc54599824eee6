import { html, type SafeHtml } from '../dom.js';

/**
 * Small inline-SVG charts. The numbers are always in a table next to them; the charts are decoration for
 * the eye (aria-hidden) and use SVG attributes, not inline styles, so a strict CSP does not break them.
 */
export function bar(value: number, max: number, tone = 'primary'): SafeHtml {
  const width = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect class="bar-track" x="0" y="0" width="100" height="10"></rect>
    <rect class="bar-fill tone-${tone}" x="0" y="0" width="${width.toFixed(2)}" height="10"></rect>
  </svg>`;
}

export interface Segment {
  value: number;
  tone: string;
  label: string;
}

/** One bar split into parts (promises kept, broken, pending), with a legend. */
export function stackedBar(segments: readonly Segment[]): SafeHtml {
  const total = segments.reduce((sum, segment) => sum + segment.value, 0);
  let x = 0;
  const rects = segments.map((segment) => {
    const width = total > 0 ? (segment.value / total) * 100 : 0;
    const rect = html`<rect class="bar-fill tone-${segment.tone}" x="${x.toFixed(2)}" y="0" width="${width.toFixed(2)}" height="10"></rect>`;
    x += width;
    return rect;
  });
  return html`<svg class="bar stacked" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="bar-track" x="0" y="0" width="100" height="10"></rect>
      ${rects}
    </svg>
    <ul class="legend" aria-hidden="true">${segments.map(
      (segment) => html`<li><span class="swatch tone-${segment.tone}"></span>${segment.label}</li>`,
    )}</ul>`;
}
