// Builds a data table from column definitions, with optional click-to-sort headers and row clicks.
import { el, append } from './dom.js';
import { t, getLocale } from '../i18n/index.js';

/**
 * columns: [{key, label, value?(row), render?(row) → Node|string, className?, numeric?, sortable?}]
 *   value gives the sortable/plain value (default row[key]); render gives the cell content (default value).
 * options: {rows, id, className, emptyText, caption, onRowClick(row, event), rowAttrs(row) → {className, dataset}}
 * Returns {element, table, setRows(rows)}; the element is a scroll wrapper so the header can stick.
 */
export function createTable(columns, options = {}) {
  const { id, className, emptyText, caption, onRowClick, rowAttrs } = options;
  let rows = options.rows || [];
  let sortKey = null;
  let sortDir = 1;
  const collator = new Intl.Collator(getLocale(), { numeric: true, sensitivity: 'base' });

  const valueOf = (column, row) => (column.value ? column.value(row) : row[column.key]);

  const headerCells = columns.map((column) => {
    const th = el('th', {
      className: [column.className, column.numeric && 'num'],
      attrs: { scope: 'col', 'data-key': column.key },
    });
    if (column.sortable) {
      th.setAttribute('aria-sort', 'none');
      append(th, el('button', {
        className: 'th-sort',
        attrs: { type: 'button', title: t('table.sort') },
        text: column.label,
        on: { click: () => sortBy(column.key) },
      }));
    } else {
      th.textContent = column.label;
    }
    return th;
  });

  const tbody = el('tbody');
  const table = el('table', { id, className: ['data-table', onRowClick && 'clickable'] }, [
    caption ? el('caption', { className: 'visually-hidden', text: caption }) : null,
    el('thead', {}, el('tr', {}, headerCells)),
    tbody,
  ]);
  const element = el('div', { className: ['table-wrap', className] }, table);

  function compare(a, b) {
    const emptyA = a === null || a === undefined || a === '';
    const emptyB = b === null || b === undefined || b === '';
    // Empty cells go last whichever way the column is sorted.
    if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
    if (typeof a === 'number' && typeof b === 'number') return (a - b) * sortDir;
    if (typeof a === 'boolean' && typeof b === 'boolean') return (Number(b) - Number(a)) * sortDir;
    return collator.compare(String(a), String(b)) * sortDir;
  }

  function sortBy(key) {
    if (sortKey === key) sortDir = -sortDir;
    else {
      sortKey = key;
      sortDir = 1;
    }
    for (const th of headerCells) {
      if (!th.hasAttribute('aria-sort')) continue;
      const active = th.dataset.key === sortKey;
      th.setAttribute('aria-sort', active ? (sortDir === 1 ? 'ascending' : 'descending') : 'none');
    }
    renderBody();
  }

  function renderBody() {
    let list = rows;
    if (sortKey) {
      const column = columns.find((c) => c.key === sortKey);
      // Array.prototype.sort is stable, so equal values keep the backend's order.
      list = [...rows].sort((a, b) => compare(valueOf(column, a), valueOf(column, b)));
    }
    if (list.length === 0) {
      tbody.replaceChildren(el('tr', { className: 'empty-row' },
        el('td', { attrs: { colspan: columns.length }, text: emptyText || t('table.empty') })));
      return;
    }
    const fragment = document.createDocumentFragment();
    for (const row of list) {
      const extra = rowAttrs ? rowAttrs(row) || {} : {};
      const tr = el('tr', { className: extra.className, dataset: extra.dataset });
      for (const column of columns) {
        const content = column.render ? column.render(row) : valueOf(column, row);
        tr.appendChild(el('td', { className: [column.className, column.numeric && 'num'] },
          content === null || content === undefined || content === '' ? t('common.empty') : content));
      }
      if (onRowClick) {
        tr.addEventListener('click', (event) => {
          // A link or button inside the row does its own thing.
          if (event.target.closest('a, button, input, select')) return;
          onRowClick(row, event);
        });
      }
      fragment.appendChild(tr);
    }
    tbody.replaceChildren(fragment);
  }

  renderBody();

  return {
    element,
    table,
    setRows(next) {
      rows = next || [];
      renderBody();
    },
  };
}
