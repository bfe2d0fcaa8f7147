// Horizontal bar charts: a label, an SVG bar (its length is the rect's width attribute) and a value.
import { el } from './dom.js';
import { t } from '../i18n/index.js';

const SVG = 'http://www.w3.org/2000/svg';
// The bar's drawing box: 100 units wide, so a width attribute is a percentage of the track.
const TRACK = 100;
const HEIGHT = 10;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/**
 * rows: [{label, value, text, title?}] — value is the bar's size, text what is written beside it.
 * options: {id, max (default: the largest value), emptyText, className, mark}; mark: {value,
 * label} draws a line across every bar at that value (an election's threshold).
 */
export function barChart(rows, { id, max, emptyText, className, mark } = {}) {
  const top = max !== undefined ? Number(max) : Math.max(0, ...rows.map((r) => Number(r.value) || 0));
  if (rows.length === 0) {
    return el('div', { id, className: ['bar-chart', className] }, el('p', { className: 'muted', text: emptyText || t('table.empty') }));
  }
  return el('div', { id, className: ['bar-chart', className], attrs: { role: 'list' } }, rows.map((row) => {
    const value = Number(row.value) || 0;
    const width = top > 0 ? Math.max(0, Math.min(TRACK, (value / top) * TRACK)) : 0;
    const bar = svg('svg', {
      class: 'bar-svg',
      viewBox: `0 0 ${TRACK} ${HEIGHT}`,
      preserveAspectRatio: 'none',
      'aria-hidden': 'true',
      focusable: 'false',
    });
    bar.appendChild(svg('rect', { class: 'bar-track', x: 0, y: 0, width: TRACK, height: HEIGHT }));
    // A sliver stays visible for a non-zero value, so "a few" never looks like "none".
    bar.appendChild(svg('rect', { class: 'bar-fill', x: 0, y: 0, width: value > 0 ? Math.max(width, 0.6).toFixed(2) : 0, height: HEIGHT }));
    if (mark && top > 0) {
      const x = Math.max(0, Math.min(TRACK, (Number(mark.value) / top) * TRACK)).toFixed(2);
      bar.appendChild(svg('line', { class: 'bar-mark', x1: x, x2: x, y1: 0, y2: HEIGHT, 'vector-effect': 'non-scaling-stroke' }));
    }
    return el('div', { className: ['bar-row', row.className], attrs: { role: 'listitem' } }, [
      el('span', { className: 'bar-label', attrs: { title: row.title || row.label }, text: row.label }),
      el('span', { className: 'bar-track-box' }, bar),
      el('span', { className: 'bar-value', text: row.text }),
    ]);
  }));
}
