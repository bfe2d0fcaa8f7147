// The live view for a second screen facing the chair: present against expected by credential
// and by delegation, voting attendees against the quorum with the moment it was reached,
// arrivals over time, and who is still missing. Read-only; refreshed by the door's events and
// every few seconds.
import * as api from '../api.js';
import { el, replace } from '../components/dom.js';
import { describeError } from '../components/errors.js';
import { codeLabel, formatTime } from '../components/format.js';
import { t } from '../i18n/index.js';

const REFRESH_MS = 5000;
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, children = []) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.appendChild(child);
  return node;
}

/** Arrivals per slice as columns, with the running total as a line; labels every few slices. */
function arrivalsChart(a) {
  const slices = a.arrivals || [];
  const width = 640;
  const height = 200;
  const pad = { left: 36, right: 36, top: 10, bottom: 26 };
  if (!slices.length) return el('p', { className: 'muted live-empty', text: t('live.no_arrivals') });
  const maxArrived = Math.max(1, ...slices.map((s) => s.arrived));
  const maxPresent = Math.max(1, a.expected);
  const w = (width - pad.left - pad.right) / slices.length;
  const y = (v, max) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const every = Math.ceil(slices.length / 8);
  const parts = [];
  slices.forEach((s, i) => {
    const x = pad.left + i * w;
    const top = y(s.arrived, maxArrived);
    const bar = svg('rect', { x: x + 1, y: top, width: Math.max(1, w - 2), height: height - pad.bottom - top, class: 'live-bar' });
    bar.appendChild(svg('title', {}, [document.createTextNode(`${s.label} ${s.arrived}`)]));
    parts.push(bar);
    if (i % every === 0) {
      const label = svg('text', { x: x + w / 2, y: height - 8, 'text-anchor': 'middle', class: 'live-axis' });
      label.textContent = s.label;
      parts.push(label);
    }
  });
  const points = slices.map((s, i) => `${pad.left + i * w + w / 2},${y(s.present, maxPresent)}`).join(' ');
  parts.push(svg('polyline', { points, class: 'live-line', fill: 'none' }));
  const needed = svg('line', {
    x1: pad.left, x2: width - pad.right, y1: y(a.quorum.needed, maxPresent), y2: y(a.quorum.needed, maxPresent), class: 'live-quorum-line',
  });
  parts.push(needed);
  const maxLabel = svg('text', { x: 4, y: pad.top + 10, class: 'live-axis' });
  maxLabel.textContent = String(maxArrived);
  parts.push(maxLabel);
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'live-chart', role: 'img', 'aria-label': t('live.arrivals') }, parts);
}

function countTable(rows, labelOf, id) {
  return el('table', { id, className: 'table live-table' }, [
    el('thead', {}, el('tr', {}, [
      el('th', { text: '' }), el('th', { text: t('live.present') }), el('th', { text: t('live.expected') }), el('th', { text: t('live.rate') }),
    ])),
    el('tbody', {}, rows.map((r) => el('tr', {}, [
      el('td', { text: labelOf(r) }),
      el('td', { className: 'num', text: String(r.present) }),
      el('td', { className: 'num', text: String(r.expected) }),
      el('td', { className: 'num', text: r.expected ? `${Math.round((100 * r.present) / r.expected)}%` : '—' }),
    ]))),
  ]);
}

/** The live view of a meeting. opts: {meetingId, isCurrent(), onExit?}. */
export function renderLive({ meetingId, isCurrent, onExit }) {
  const body = el('div', { className: 'live-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const title = el('h2', { id: 'live-title', className: 'live-title', text: t('live.title') });
  const root = el('section', { id: 'live', className: 'live' }, [
    el('header', { className: 'live-header' }, [
      title,
      onExit ? el('button', { id: 'live-exit', className: 'btn btn-quiet', attrs: { type: 'button' }, text: t('door.exit'), on: { click: () => onExit() } }) : null,
    ]),
    body,
  ]);
  const alive = () => isCurrent() && root.isConnected;

  function draw(a) {
    title.textContent = a.title;
    const q = a.quorum;
    const share = a.voting_expected ? Math.min(100, (100 * a.voting_present) / a.voting_expected) : 0;
    const mark = a.voting_expected ? (100 * q.needed) / a.voting_expected : 0;
    replace(body, [
      el('div', { className: 'live-figures' }, [
        el('div', { className: 'live-figure' }, [
          el('span', { className: 'live-figure-label', text: t('live.present_all') }),
          el('span', { id: 'live-present', className: 'live-figure-value', text: `${a.present}` }),
          el('span', { className: 'live-figure-of', text: t('live.of', { count: a.expected }) }),
        ]),
        el('div', { className: 'live-figure' }, [
          el('span', { className: 'live-figure-label', text: t('live.voting_present') }),
          el('span', { id: 'live-voting', className: 'live-figure-value', text: `${a.voting_present}` }),
          el('span', { className: 'live-figure-of', text: t('live.of', { count: a.voting_expected }) }),
        ]),
        el('div', { id: 'live-quorum', className: ['live-figure', 'live-quorum', q.reached ? 'live-quorum-yes' : 'live-quorum-no'] }, [
          el('span', { className: 'live-figure-label', text: t('live.quorum', { numerator: q.numerator, denominator: q.denominator, needed: q.needed }) }),
          el('span', { className: 'live-figure-value live-quorum-state', text: q.reached ? t('live.quorum_reached', { time: formatTime(q.reached_at) }) : t('live.quorum_missing', { count: Math.max(0, q.needed - a.voting_present) }) }),
        ]),
      ]),
      // Voting attendees present against those entitled, the quorum marked: one SVG, since
      // the CSP allows no inline styles.
      svg('svg', { class: 'live-quorum-bar', viewBox: '0 0 100 6', preserveAspectRatio: 'none', role: 'img', 'aria-label': t('live.quorum_bar') }, [
        svg('rect', { class: 'live-quorum-track', x: 0, y: 0, width: 100, height: 6 }),
        svg('rect', { class: q.reached ? 'live-quorum-fill-yes' : 'live-quorum-fill-no', x: 0, y: 0, width: share.toFixed(2), height: 6 }),
        svg('rect', { class: 'live-quorum-mark', x: Math.max(0, mark - 0.2).toFixed(2), y: 0, width: 0.4, height: 6 }),
      ]),
      el('div', { className: 'live-grid' }, [
        el('div', { className: 'live-tables' }, [
          el('section', { className: 'panel' }, [el('h3', { className: 'panel-title', text: t('live.by_category') }), countTable(a.by_category, (r) => codeLabel('category', r.category), 'live-categories')]),
          el('section', { className: 'panel' }, [el('h3', { className: 'panel-title', text: t('live.by_group') }), countTable(a.by_group, (r) => r.group || t('live.no_group'), 'live-groups')]),
        ]),
        el('section', { className: 'panel live-arrivals' }, [el('h3', { className: 'panel-title', text: t('live.arrivals') }), arrivalsChart(a)]),
        el('section', { className: 'panel live-missing' }, [
          el('h3', { className: 'panel-title', text: t('live.missing', { count: a.missing.length }) }),
          el('ul', { id: 'live-missing', className: 'live-missing-list' }, a.missing.map((m) => el('li', {}, [
            el('span', { className: 'live-missing-name', text: m.name }),
            el('span', { className: 'muted', text: m.group || codeLabel('category', m.category) }),
          ]))),
        ]),
      ]),
      el('p', { className: 'muted live-as-of', text: t('live.as_of', { time: formatTime(a.as_of) }) }),
    ]);
    root.dataset.ready = 'true';
  }

  async function refresh() {
    if (!alive()) return;
    try {
      draw(await api.getAttendance(meetingId));
    } catch (err) {
      replace(body, el('p', { className: 'form-error', text: describeError(err).sentence }));
    }
  }

  const stopListening = api.listenToDoor(meetingId, () => refresh());
  const timer = setInterval(() => {
    if (alive()) refresh();
    else {
      clearInterval(timer);
      stopListening();
    }
  }, REFRESH_MS);
  refresh();
  return root;
}
