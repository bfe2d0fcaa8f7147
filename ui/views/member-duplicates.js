// The review view's second tab: records already on file that may be the same person (same name,
// graduation year and college). Compared field by field like the import review; an administrator
// merges a pair into one record with merge_members.
import * as api from '../api.js';
import { confirmDialog } from '../components/dialog.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { formatCount, formatDate, orEmpty } from '../components/format.js';
import { FIELD_NAMES } from '../components/member-fields.js';
import { compareTable, defaultChoices, valueOrNull } from '../components/member-compare.js';
import { t } from '../i18n/index.js';

const LIMIT = 200;

// Pairs as last loaded, the one open, and the choices made per pair: kept across a language switch.
let pairs = null;
let selectedKey = null;
const choices = new Map(); // pair key → {field: 'first' | 'second'}
const keepSides = new Map(); // pair key → 'first' | 'second' (the record that stays)
// Records whose phone and ID number were revealed here (the look is audited), by member id.
const revealed = new Map();
// The last merge done here, shown until the view is opened afresh: {keptId, mergedId, name}.
let lastMerge = null;

const memberHref = (id) => `#/members/${encodeURIComponent(id)}`;
const pairKey = (pair) => `${pair.first.id}:${pair.second.id}`;

/** The record with its full phone and ID number, once revealed here. */
function withRevealed(record) {
  const full = revealed.get(record.id);
  return full ? { ...record, phone: full.phone, id_number: full.id_number, masked: false } : record;
}

/**
 * Renders the duplicates tab into a view root: header is the view's header (title, tabs), count the
 * element in the title that shows how many pairs there are.
 */
export function render(ctx, { header, count }) {
  const staff = ctx.app && ctx.app.overview && ctx.app.overview.staff;
  const isAdmin = Boolean(staff && staff.role === 'admin');
  if (ctx.reason !== 'locale') lastMerge = null;

  const notice = el('div', { id: 'duplicate-notice' });
  const list = el('div', { id: 'duplicates-box', className: 'panel duplicates-list' }, el('p', { className: 'loading', text: t('common.loading') }));
  const detail = el('div', { id: 'duplicate-detail', className: 'duplicate-detail' });
  const root = el('section', { id: 'member-review', className: 'view-review', dataset: { tab: 'duplicates' } }, [
    header,
    notice,
    list,
    detail,
  ]);

  const load = () => api.listDuplicateMembers(LIMIT).then((found) => {
    pairs = Array.isArray(found) ? found.filter((p) => p && p.first && p.second) : [];
    if (!pairs.some((p) => pairKey(p) === selectedKey)) selectedKey = pairs.length ? pairKey(pairs[0]) : null;
    if (ctx.isCurrent()) fill();
  });

  function fill() {
    count.textContent = t('review.count', { count: formatCount(pairs.length, 'pairs') });
    replace(notice, lastMerge
      ? el('p', { id: 'duplicate-merged', className: 'note note-info', attrs: { role: 'status' } }, [
        t('duplicates.merged', { name: orEmpty(lastMerge.name), kept: lastMerge.keptId, merged: lastMerge.mergedId }),
        ' ',
        el('a', { id: 'duplicate-merged-link', attrs: { href: memberHref(lastMerge.keptId) }, text: t('duplicates.open_kept', { id: lastMerge.keptId }) }),
      ])
      : null);
    const record = (m) => el('div', { className: 'duplicate-record' }, [
      el('span', { className: 'duplicate-id', text: t('review.existing_link', { id: m.id }) }),
      el('span', { className: 'muted', text: t('duplicates.record_summary', { employer: orEmpty(m.employer), phone: orEmpty(m.phone) }) }),
    ]);
    replace(list, createTable([
      { key: 'name', label: t('review.col.name'), className: 'col-name', value: (p) => p.first.name, render: (p) => orEmpty(p.first.name) },
      { key: 'graduation_year', label: t('field.graduation_year'), value: (p) => p.first.graduation_year },
      { key: 'college', label: t('field.college'), value: (p) => p.first.college },
      { key: 'first', label: t('duplicates.col.first'), render: (p) => record(p.first) },
      { key: 'second', label: t('duplicates.col.second'), render: (p) => record(p.second) },
    ], {
      id: 'duplicates-list',
      rows: pairs,
      emptyText: t('duplicates.empty'),
      onRowClick: (pair) => {
        selectedKey = pairKey(pair);
        fill();
      },
      rowAttrs: (pair) => ({
        className: ['duplicate-pair', pairKey(pair) === selectedKey && 'selected'].filter(Boolean).join(' '),
        dataset: { firstId: pair.first.id, secondId: pair.second.id },
      }),
    }).element);
    const pair = pairs.find((p) => pairKey(p) === selectedKey);
    replace(detail, pair ? comparison(pair) : (pairs.length ? el('div', { className: 'panel muted', text: t('duplicates.pick') }) : null));
    root.dataset.ready = 'true';
  }

  function comparison(pair) {
    const key = pairKey(pair);
    const first = withRevealed(pair.first);
    const second = withRevealed(pair.second);
    if (!choices.has(key)) choices.set(key, defaultChoices(pair.first, 'first', 'second'));
    const chosen = choices.get(key);
    const side = (sideKey, m) => ({
      key: sideKey,
      record: m,
      header: [
        t(`duplicates.${sideKey}`), ' ',
        el('a', { attrs: { href: memberHref(m.id) }, text: t('review.existing_link', { id: m.id }) }),
      ],
    });
    const table = compareTable({ id: 'duplicate-compare', prefix: 'dup-keep', left: side('first', first), right: side('second', second), chosen });

    const keepRadio = (sideKey, m, other) => {
      const id = `duplicate-keep-${sideKey}`;
      const input = el('input', {
        id,
        className: 'keep-radio',
        attrs: { type: 'radio', name: 'duplicate-keep', value: sideKey },
        props: { checked: (keepSides.get(key) || 'first') === sideKey },
      });
      input.addEventListener('change', () => keepSides.set(key, sideKey));
      return el('label', { className: 'keep-choice', attrs: { for: id } }, [
        input,
        el('span', { text: t('duplicates.keep_option', { id: m.id, other: other.id, created: formatDate(m.created_at) }) }),
      ]);
    };

    const merge = el('button', {
      id: 'duplicate-merge',
      className: 'btn btn-primary',
      attrs: { type: 'button', title: isAdmin ? null : t('duplicates.admin_only'), 'aria-describedby': isAdmin ? null : 'duplicate-merge-hint' },
      props: { disabled: !isAdmin },
      text: t('duplicates.merge'),
    });
    merge.addEventListener('click', () => whileBusy(merge, async () => {
      try {
        await mergePair(pair);
      } catch (err) {
        showError(err);
        if (ctx.isCurrent()) fill();
      }
    }));

    const bothRevealed = revealed.has(pair.first.id) && revealed.has(pair.second.id);
    return el('div', { className: 'panel review-panel', dataset: { firstId: pair.first.id, secondId: pair.second.id } }, [
      el('h3', { id: 'duplicate-reason', className: 'panel-title', text: t('duplicates.reason', { name: orEmpty(pair.first.name) }) }),
      el('p', { className: 'field-hint', text: t('duplicates.choose_hint') }),
      table,
      el('fieldset', { id: 'duplicate-keep', className: 'duplicate-keep' }, [
        el('legend', { text: t('duplicates.keep_record') }),
        keepRadio('first', pair.first, pair.second),
        keepRadio('second', pair.second, pair.first),
      ]),
      el('p', { className: 'note note-audit', text: t('duplicates.reveal_note') }),
      el('div', { className: 'actions review-actions' }, [merge]),
      isAdmin ? null : el('p', { id: 'duplicate-merge-hint', className: 'field-hint', text: t('duplicates.admin_only') }),
      bothRevealed ? el('p', { className: 'note note-audit', text: t('member.revealed_note') }) : null,
    ]);
  }

  async function mergePair(pair) {
    const key = pairKey(pair);
    const chosen = choices.get(key) || defaultChoices(pair.first, 'first', 'second');
    const keepSide = keepSides.get(key) || 'first';
    const kept = keepSide === 'second' ? pair.second : pair.first;
    const merged = keepSide === 'second' ? pair.first : pair.second;
    // A merge archives one record and moves its branches and positions: not undone by a click.
    const ok = await confirmDialog({
      title: t('duplicates.confirm_title'),
      message: t('duplicates.confirm', { keep: kept.id, merge: merged.id, name: kept.name }),
      confirmText: t('duplicates.merge'),
      danger: true,
    });
    if (!ok) return null;
    // Both records in full (audited): a masked phone or ID number must never be written back.
    const full = {
      first: await api.revealMember(pair.first.id),
      second: await api.revealMember(pair.second.id),
    };
    revealed.set(pair.first.id, full.first);
    revealed.set(pair.second.id, full.second);
    if (!full.first || !full.second || full.first.masked === true || full.second.masked === true) {
      throw new api.AppError('internal', {}, 'reveal_member returned a masked record');
    }
    const fields = {};
    for (const name of FIELD_NAMES) fields[name] = valueOrNull(full[chosen[name] === 'second' ? 'second' : 'first'][name]);
    if (!fields.status) fields.status = 'active';
    const result = await api.mergeMembers(kept.id, merged.id, fields);
    choices.delete(key);
    keepSides.delete(key);
    // The kept record has changed and the other is archived: what was revealed here is out of date.
    revealed.delete(kept.id);
    revealed.delete(merged.id);
    const keptId = result && result.id !== undefined && result.id !== null ? result.id : kept.id;
    lastMerge = { keptId, mergedId: merged.id, name: (result && result.name) || fields.name };
    const at = pairs.findIndex((p) => pairKey(p) === key);
    const next = pairs[at + 1] || pairs[at - 1] || null;
    selectedKey = next ? pairKey(next) : null;
    await load();
  }

  if (ctx.reason === 'locale' && pairs) {
    fill();
    return root;
  }
  load().catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(list, el('p', { className: 'muted', text: t('common.load_failed') }));
    root.dataset.ready = 'true';
    showError(err);
  });
  return root;
}
