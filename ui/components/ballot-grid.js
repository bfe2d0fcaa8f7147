// The ballot drawn as it is on paper: the candidates in ballot order, in the paper's grid of
// columns, each with the number a clerk keys, the name and the box — showing what was keyed
// (○ agree, × disagree, 弃 abstain, nothing for an empty box).
import { el, replace } from './dom.js';
import { t } from '../i18n/index.js';

const SYMBOL = { agree: '○', disagree: '×', abstain: '弃', empty: '' };

/**
 * candidates: [{position, name}] in ballot order; columns: the paper's grid width.
 * Returns {element, draw(marks, changed?)} — marks one of agree|disagree|abstain|empty per
 * candidate; `changed` (a set of indexes) outlines the cells keyed since the ballot began.
 */
export function createBallotGrid({ id, candidates, columns }) {
  const cells = candidates.map((c) => {
    const box = el('span', { className: 'ballot-box', attrs: { 'aria-hidden': 'true' } });
    const cell = el('div', {
      className: 'ballot-cell',
      attrs: { role: 'listitem' },
      dataset: { position: c.position, mark: 'empty' },
    }, [
      el('span', { className: 'ballot-num', text: c.position }),
      el('span', { className: 'ballot-name', text: c.name }),
      box,
    ]);
    return { cell, box, name: c.name };
  });
  const grid = el('div', {
    id,
    className: 'ballot-grid',
    attrs: { role: 'list', 'aria-label': t('keying.grid_label') },
    dataset: { columns },
  }, cells.map((c) => c.cell));
  // A column count is layout data, not style from content: set through the CSSOM, never a
  // style attribute (the CSP forbids those).
  grid.style.setProperty('--ballot-columns', String(columns));

  function draw(marks, changed = new Set()) {
    cells.forEach((c, i) => {
      const mark = marks[i] || 'empty';
      c.cell.dataset.mark = mark;
      c.cell.classList.toggle('ballot-changed', changed.has(i));
      c.box.textContent = SYMBOL[mark];
      c.cell.setAttribute('aria-label', `${c.cell.dataset.position} ${c.name} ${t(`keying.mark.${mark}`)}`);
    });
  }
  draw([]);
  return { element: grid, draw };
}

/** A short summary of a keyed ballot for lists: "全部同意，除 3 处" / "空白票". */
export function ballotSummary(ballot) {
  if (ballot.blank) return t('keying.summary_blank');
  const counts = { agree: 0, disagree: 0, abstain: 0, empty: 0 };
  for (const m of ballot.marks) counts[m] = (counts[m] || 0) + 1;
  const parts = [t('keying.summary_counts', counts)];
  if (ballot.write_ins.length) parts.push(t('keying.summary_write_ins', { names: ballot.write_ins.join('、') }));
  if (ballot.over_marked) parts.push(t('keying.over_marked'));
  return parts.join(' · ');
}

/** Redraws a list of keyed ballots into `node`; onPick(ballot) loads one for correction. */
export function drawKeyedList(node, ballots, onPick) {
  replace(node, ballots.length === 0
    ? el('p', { className: 'muted', text: t('keying.none_yet') })
    : el('ol', { className: 'keyed-list' }, ballots.slice().reverse().map((b) => el('li', {}, el('button', {
      className: ['btn btn-quiet keyed-item', b.over_marked && 'keyed-invalid'],
      attrs: { type: 'button' },
      dataset: { number: b.number },
      on: { click: () => onPick(b) },
    }, [
      el('strong', { className: 'keyed-number', text: t('keying.number_short', { number: b.number }) }),
      el('span', { className: 'keyed-summary', text: ballotSummary(b) }),
    ])))));
}
