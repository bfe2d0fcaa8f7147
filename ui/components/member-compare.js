// Two versions of a member's record side by side, field by field, with a radio per differing field
// choosing the value to keep. Used by the review queue (record vs imported row) and by the
// register's probable duplicates (record vs record).
import { el } from './dom.js';
import { t } from '../i18n/index.js';
import { MEMBER_FIELDS, FIELD_NAMES, fieldLabel, displayValue, isBlank } from './member-fields.js';

/** Whether a field is masked unless revealed (phone, ID number). */
export const sensitive = (name) => Boolean(MEMBER_FIELDS.find((f) => f.name === name && f.sensitive));

/** A value as written back: empty strings and undefined become null. */
export function valueOrNull(value) {
  return value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
}

/** Whether two values count as the same (both empty, or equal once trimmed). */
export function sameValue(a, b) {
  if (isBlank(a) && isBlank(b)) return true;
  return String(a ?? '').trim() === String(b ?? '').trim();
}

/**
 * Per field, which side to keep: the left record's value, or the right one's where the left is empty.
 * left may be null (nothing to compare with: every field takes the right side).
 */
export function defaultChoices(left, leftKey, rightKey) {
  const chosen = {};
  for (const name of FIELD_NAMES) {
    chosen[name] = left && !isBlank(left[name]) ? leftKey : rightKey;
  }
  return chosen;
}

/**
 * The comparison table.
 * options: {id, prefix (for the radios' ids and names), left: {key, header, record} or null,
 *   right: {key, header, record}, chosen: {field: side key} (changed in place), highlight: [field]}
 * header is a node, a string or an array of them. Rows carry data-field; cells side-<key>.
 */
export function compareTable({ id, prefix = 'keep', left, right, chosen, highlight = [] }) {
  const rows = FIELD_NAMES.map((name) => {
    const a = left ? left.record[name] : null;
    const b = right.record[name];
    const same = !left || sameValue(a, b);
    const radio = (side, value) => {
      const radioId = `${prefix}-${name}-${side.key}`;
      const input = el('input', {
        id: radioId,
        className: 'keep-radio',
        attrs: { type: 'radio', name: `${prefix}-${name}`, value: side.key },
        props: { checked: chosen[name] === side.key },
      });
      input.addEventListener('change', () => {
        chosen[name] = side.key;
        const keepsRight = side.key === right.key;
        tr.classList.toggle('keeps-right', keepsRight);
        tr.classList.toggle(`keeps-${right.key}`, keepsRight);
      });
      return el('label', { className: 'keep-choice', attrs: { for: radioId } }, [
        input,
        el('span', { className: sensitive(name) ? 'sensitive' : null, text: displayValue(name, value) }),
      ]);
    };
    const cell = (side, position, value) => el('td', { className: [`side-${side.key}`, `side-${position}`] }, same
      ? el('span', { className: isBlank(value) ? 'muted' : null, text: displayValue(name, value) })
      : radio(side, value));
    const keepsRight = !same && chosen[name] === right.key;
    const tr = el('tr', {
      className: ['compare-row', !same && 'differs', highlight.includes(name) && 'conflict',
        keepsRight && 'keeps-right', keepsRight && `keeps-${right.key}`],
      dataset: { field: name },
    }, [
      el('th', { attrs: { scope: 'row' }, text: fieldLabel(name) }),
      left ? cell(left, 'left', a) : null,
      cell(right, 'right', b),
    ]);
    return tr;
  });

  return el('div', { className: 'table-wrap' }, el('table', { id, className: 'data-table compare-table' }, [
    el('thead', {}, el('tr', {}, [
      el('th', { attrs: { scope: 'col' }, text: t('review.col.field') }),
      left ? el('th', { attrs: { scope: 'col' } }, left.header) : null,
      el('th', { attrs: { scope: 'col' } }, right.header),
    ])),
    el('tbody', {}, rows),
  ]));
}
