// Review queue: imported rows that match a record but differ from it, or may be the same person.
// A person compares them field by field and merges, adds the row as a new member, or dismisses it.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { formatDateTime, formatCount, codeLabel, orEmpty } from '../components/format.js';
import { FIELD_NAMES, fieldLabel, isBlank } from '../components/member-fields.js';
import { compareTable, defaultChoices, sameValue, sensitive, valueOrNull } from '../components/member-compare.js';
import { t } from '../i18n/index.js';
import * as duplicatesTab from './member-duplicates.js';

// Open items as last loaded, the one open on the right, and the choices made per item: all kept
// across a language switch.
let items = null;
let selectedId = null;
const choices = new Map();
// Records whose phone and ID number were revealed here (the look is audited), by member id.
const revealed = new Map();

const memberHref = (id) => `#/members/${encodeURIComponent(id)}`;

const TABS = [
  { tab: 'imports', href: '#/members/review', key: 'review.tab.imports' },
  { tab: 'duplicates', href: '#/members/review?tab=duplicates', key: 'review.tab.duplicates' },
];

/** The view's title, tabs and the tab's introduction. */
function viewHeader(tab, count) {
  return el('div', { className: 'view-header' }, [
    el('a', { className: 'back-link', attrs: { href: '#/members' }, text: t('member.back') }),
    el('h2', { className: 'view-title' }, [t('review.title'), count]),
    el('nav', { id: 'review-tabs', className: 'view-tabs', attrs: { 'aria-label': t('review.tabs_label') } }, TABS.map((entry) => el('a', {
      id: `review-tab-${entry.tab}`,
      className: ['view-tab', entry.tab === tab && 'active'],
      attrs: { href: entry.href, 'aria-current': entry.tab === tab ? 'page' : null },
      text: t(entry.key),
    }))),
    el('p', { className: 'muted', text: t(tab === 'duplicates' ? 'duplicates.intro' : 'review.intro') }),
  ]);
}

/** Renders the review view: the import review queue, or (?tab=duplicates) the register's probable duplicates. */
export function render(ctx) {
  if (ctx.query && ctx.query.get('tab') === 'duplicates') {
    const total = el('span', { id: 'duplicates-total', className: 'muted' });
    return duplicatesTab.render(ctx, { header: viewHeader('duplicates', total), count: total });
  }
  const count = el('span', { id: 'review-total', className: 'muted' });
  const list = el('div', { id: 'review-list-box', className: 'review-list' }, el('p', { className: 'loading', text: t('common.loading') }));
  const detail = el('div', { id: 'review-detail', className: 'review-detail' });
  const root = el('section', { id: 'member-review', className: 'view-review', dataset: { tab: 'imports' } }, [
    viewHeader('imports', count),
    el('div', { className: 'review-split' }, [list, detail]),
  ]);

  const load = () => api.listReviews().then((found) => {
    items = Array.isArray(found) ? found.map(normalise) : [];
    if (!items.some((i) => i.id === selectedId)) selectedId = items.length ? items[0].id : null;
    if (ctx.isCurrent()) fill();
  });

  function fill() {
    count.textContent = t('review.count', { count: formatCount(items.length, 'entries') });
    replace(list, createTable([
      {
        key: 'name',
        label: t('review.col.name'),
        className: 'col-name',
        render: (item) => orEmpty(item.incoming && item.incoming.name),
      },
      { key: 'kind', label: t('review.col.kind'), render: (item) => codeLabel('review_kind', item.kind) },
      { key: 'row', label: t('review.col.row'), className: 'col-row', render: (item) => t('import.row_n', { row: item.row }) },
    ], {
      id: 'review-items',
      rows: items,
      emptyText: t('review.empty'),
      onRowClick: (item) => {
        selectedId = item.id;
        fill();
      },
      rowAttrs: (item) => ({ className: ['review-item', item.id === selectedId && 'selected'].filter(Boolean).join(' '), dataset: { reviewId: item.id } }),
    }).element);
    const item = items.find((i) => i.id === selectedId);
    replace(detail, item ? comparison(item) : el('div', { className: 'panel muted', text: items.length ? t('review.pick') : t('review.all_done') }));
    root.dataset.ready = 'true';
  }

  function comparison(item) {
    const incoming = item.incoming || {};
    const shown = item.existing ? withRevealed(item.existing) : null;
    const chosen = choicesFor(item);
    const table = compareTable({
      id: 'review-compare',
      left: shown
        ? {
          key: 'existing',
          record: shown,
          header: [
            t('review.existing'), ' ',
            el('a', { attrs: { href: memberHref(shown.id) }, text: t('review.existing_link', { id: shown.id }) }),
          ],
        }
        : null,
      right: { key: 'incoming', record: incoming, header: t('review.incoming', { row: item.row }) },
      chosen,
      highlight: conflictFields(item),
    });

    const merge = el('button', {
      id: 'review-merge',
      className: 'btn btn-primary',
      attrs: { type: 'button', title: shown ? null : t('review.no_existing') },
      props: { disabled: !shown },
      text: t('review.merge'),
    });
    const insert = el('button', { id: 'review-insert', className: 'btn', attrs: { type: 'button' }, text: t('review.insert') });
    // Damaged text (李?, a replacement mark) is corrected here before anything is written.
    const mending = damagedFields(item).map((name) => {
      const input = el('input', {
        className: 'input',
        attrs: { type: 'text', name, 'aria-label': fieldLabel(name) },
        props: { value: incoming[name] == null ? '' : String(incoming[name]) },
      });
      return { name, input };
    });
    /** The incoming row with the corrections typed into the mending form. */
    const mended = () => {
      const fields = {};
      for (const name of FIELD_NAMES) fields[name] = valueOrNull(incoming[name]);
      for (const { name, input } of mending) fields[name] = valueOrNull(input.value.trim());
      if (!fields.status) fields.status = 'active';
      return fields;
    };
    const dismiss = el('button', { id: 'review-dismiss', className: 'btn btn-danger-outline', attrs: { type: 'button' }, text: t('review.dismiss') });
    const reveal = el('button', {
      id: 'review-reveal',
      className: 'btn btn-quiet btn-small',
      attrs: { type: 'button', title: t('member.reveal_hint') },
      text: t('member.reveal'),
      hidden: !shown || shown.masked === false || (isBlank(shown.phone) && isBlank(shown.id_number)),
    });
    reveal.addEventListener('click', () => whileBusy(reveal, async () => {
      try {
        await revealExisting(item);
        fill();
      } catch (err) {
        showError(err);
      }
    }));

    merge.addEventListener('click', () => whileBusy(merge, async () => {
      try {
        // The record's full phone and ID number are needed where its value is kept: a masked
        // value must never be written back over the real one.
        const needsFull = item.existing.masked !== false && ['phone', 'id_number']
          .some((name) => chosen[name] === 'existing' && !isBlank(item.existing[name]));
        const full = needsFull ? await revealExisting(item) : withRevealed(item.existing);
        const fields = {};
        const row = mended();
        for (const name of FIELD_NAMES) {
          fields[name] = chosen[name] === 'incoming' ? row[name] : valueOrNull(full[name]);
        }
        if (!fields.status) fields.status = 'active';
        await resolve(item, 'merge', fields);
      } catch (err) {
        showError(err);
      }
    }));
    insert.addEventListener('click', () => whileBusy(insert, async () => {
      const ok = await confirmDialog({
        title: t('review.insert_confirm_title'),
        message: t('review.insert_confirm', { name: orEmpty(incoming.name) }),
        confirmText: t('review.insert'),
      });
      if (!ok) return;
      try {
        await resolve(item, 'insert', mending.length ? mended() : undefined);
      } catch (err) {
        showError(err);
      }
    }));
    dismiss.addEventListener('click', () => whileBusy(dismiss, async () => {
      try {
        await resolve(item, 'dismiss');
      } catch (err) {
        showError(err);
      }
    }));

    const ambiguous = ambiguousMembers(item);
    return el('div', { className: 'panel review-panel', dataset: { reviewId: item.id } }, [
      el('h3', { id: 'review-reason', className: 'panel-title', text: reasonText(item) }),
      el('p', { className: 'muted review-source' }, [
        t('review.source', { source: orEmpty(item.source), row: item.row }),
        ' · ',
        formatDateTime(item.created_at),
      ]),
      ambiguous.length
        ? el('p', { className: 'review-ambiguous' }, [
          t('review.ambiguous_members'), ' ',
          ambiguous.map((id, i) => [i ? t('import.list_sep') : null, el('a', { attrs: { href: memberHref(id) }, text: t('review.existing_link', { id }) })]),
        ])
        : null,
      shown ? el('p', { className: 'field-hint', text: t('review.choose_hint') }) : el('p', { className: 'field-hint', text: t('review.no_existing') }),
      table,
      mending.length
        ? el('div', { id: 'review-mend', className: 'review-mend' }, [
          el('p', { className: 'field-hint', text: t('review.mend_hint') }),
          ...mending.map(({ name, input }) => el('label', { className: 'field' }, [
            el('span', { className: 'field-label', text: fieldLabel(name) }),
            input,
          ])),
        ])
        : null,
      el('div', { className: 'actions review-actions' }, [merge, insert, dismiss, reveal]),
      revealed.has(shown && shown.id) ? el('p', { className: 'note note-audit', text: t('member.revealed_note') }) : null,
    ]);
  }

  async function revealExisting(item) {
    const id = item.existing.id;
    if (!revealed.has(id)) revealed.set(id, await api.revealMember(id));
    return withRevealed(item.existing);
  }

  async function resolve(item, action, fields) {
    await api.resolveReview(item.id, action, fields);
    choices.delete(item.id);
    const at = items.findIndex((i) => i.id === item.id);
    // The next item in the queue opens, so a run of reviews needs no extra clicks.
    const next = items[at + 1] || items[at - 1] || null;
    selectedId = next ? next.id : null;
    await load();
  }

  if (ctx.reason === 'locale' && items) {
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

/** API.md's item; the core's own names (source_name, row_number, reason_kind, reason) are read too. */
function normalise(item) {
  return {
    ...item,
    source: item.source ?? item.source_name,
    row: typeof item.row === 'number' ? item.row : item.row_number,
    kind: item.kind ?? item.reason_kind,
    detail: item.detail ?? item.reason,
    incoming: item.incoming || {},
  };
}

/** The record with its full phone and ID number, once revealed here. */
function withRevealed(existing) {
  const full = revealed.get(existing.id);
  return full ? { ...existing, phone: full.phone, id_number: full.id_number, masked: false } : existing;
}

/** Per field, which side to keep: the record's value, or the incoming one where the record is empty. */
function choicesFor(item) {
  if (choices.has(item.id)) return choices.get(item.id);
  const chosen = defaultChoices(item.existing, 'existing', 'incoming');
  choices.set(item.id, chosen);
  return chosen;
}

/** detail may be an object or JSON text; absent or unreadable is an empty object. */
function detailOf(item) {
  const raw = item.detail;
  if (raw && typeof raw === 'object') return raw;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      return JSON.parse(raw);
    } catch {
      return {};
    }
  }
  return {};
}

/** The fields a conflict is about: from the detail when it names them, else those that differ. */
function conflictFields(item) {
  const detail = detailOf(item);
  const named = [];
  if (Array.isArray(detail.conflicts)) for (const c of detail.conflicts) if (c && c.field) named.push(c.field);
  if (detail.field) named.push(detail.field);
  if (item.field) named.push(item.field);
  if (named.length || item.kind !== 'conflict' || !item.existing) return [...new Set(named)];
  return FIELD_NAMES.filter((name) => !isBlank(item.existing[name]) && !isBlank((item.incoming || {})[name])
    && !sameValue(item.existing[name], item.incoming[name]) && !(item.existing.masked !== false && sensitive(name)));
}

function ambiguousMembers(item) {
  const detail = detailOf(item);
  return Array.isArray(detail.members) ? detail.members.filter((id) => id !== null && id !== undefined) : [];
}

/** The fields a damaged_text item names, to be corrected before the row is written. */
function damagedFields(item) {
  if (item.kind !== 'damaged_text' || !item.detail || !Array.isArray(item.detail.fields)) return [];
  return item.detail.fields.map((f) => f.field).filter((name) => FIELD_NAMES.includes(name));
}

function reasonText(item) {
  if (item.kind === 'conflict') {
    const fields = conflictFields(item);
    if (fields.length) return t('review.reason.conflict_fields', { fields: fields.map(fieldLabel).join(t('import.list_sep')) });
  }
  const text = codeLabel('review.reason', item.kind);
  // An unknown kind shows the backend's own detail text rather than a bare code.
  return text === String(item.kind) && typeof item.detail === 'string' && item.detail ? item.detail : text;
}
