// Audit log: who did what and when, newest first, with the fields each change touched.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { formatDateTime, formatCount, codeLabel, orEmpty } from '../components/format.js';
import { t } from '../i18n/index.js';

const LIMITS = [100, 200, 500, 1000];
const DEFAULT_LIMIT = 200;

// Last data shown, so a language switch re-renders at once; the chosen limit is kept too.
let cache = null;
let limit = DEFAULT_LIMIT;

/** Renders the audit log. */
export function render(ctx) {
  const body = el('div', { className: 'view-fill-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const countLine = el('span', { id: 'audit-count', className: 'muted' });
  const limitSelect = el('select', { id: 'audit-limit', className: 'input', attrs: { 'aria-label': t('audit.limit') } },
    LIMITS.map((n) => el('option', {
      attrs: { value: String(n) },
      props: { selected: n === limit },
      text: t('audit.limit_option', { n }),
    })));
  const refresh = el('button', { id: 'audit-refresh', className: 'btn', attrs: { type: 'button' }, text: t('common.refresh') });
  const root = el('section', { id: 'audit', className: 'view-fill' }, [
    el('div', { className: 'view-header' }, [
      el('h2', { className: 'view-title', text: t('audit.title') }),
      el('p', { className: 'muted', text: t('audit.intro') }),
    ]),
    el('div', { className: 'toolbar' }, [
      el('label', { className: 'field-label', attrs: { for: 'audit-limit' }, text: t('audit.limit') }),
      limitSelect, refresh, countLine,
    ]),
    body,
  ]);

  const fill = (entries) => {
    countLine.textContent = t('audit.count', { count: formatCount(entries.length, 'entries') });
    replace(body, createTable([
      { key: 'at', label: t('audit.col.at'), className: 'col-time', render: (e) => formatDateTime(e.at) },
      { key: 'staff', label: t('audit.col.staff'), render: (e) => staffName(e) },
      { key: 'action', label: t('audit.col.action'), render: (e) => codeLabel('audit.action', e.action) },
      {
        key: 'entity',
        label: t('audit.col.entity'),
        render: (e) => (e.entity_id === null || e.entity_id === undefined
          ? codeLabel('entity', e.entity)
          : t('audit.entity_ref', { entity: codeLabel('entity', e.entity), id: e.entity_id })),
      },
      {
        key: 'changes',
        label: t('audit.col.changes'),
        className: 'col-changes',
        render: (e) => [changes(e.before, e.after), e.note ? el('div', { className: 'change-note', text: e.note }) : null],
      },
    ], {
      id: 'audit-table',
      className: 'fill',
      rows: entries,
      emptyText: t('audit.empty'),
    }).element);
    root.dataset.ready = 'true';
  };

  const load = () => api.listAudit(limit).then((entries) => {
    cache = entries;
    if (ctx.isCurrent()) fill(entries);
  });

  limitSelect.addEventListener('change', () => {
    limit = Number(limitSelect.value) || DEFAULT_LIMIT;
    whileBusy(limitSelect, () => load().catch(showError));
  });
  refresh.addEventListener('click', () => whileBusy(refresh, () => load().catch(showError)));

  if (ctx.reason === 'locale' && cache) {
    fill(cache);
    return root;
  }
  load().catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
    showError(err);
  });
  return root;
}

/** The backend sends staff_name; API.md's `staff` (a name or {id, name}) is read too. */
function staffName(entry) {
  if (entry.staff_name) return entry.staff_name;
  const staff = entry.staff;
  if (staff && typeof staff === 'object') return orEmpty(staff.name);
  return orEmpty(staff);
}

/** before/after may be objects, JSON text or plain values; JSON text is read as the object it encodes. */
function decode(value) {
  if (typeof value !== 'string') return value === undefined ? null : value;
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

function show(value) {
  if (value === null || value === undefined) return t('common.empty');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One line per field that changed: "field: old → new"; a creation or deletion lists the fields it had. */
function changes(rawBefore, rawAfter) {
  const before = decode(rawBefore);
  const after = decode(rawAfter);
  if (before === null && after === null) return null;
  const lines = [];
  if (isRecord(before) || isRecord(after)) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    for (const key of keys) {
      const was = show(b[key]);
      const now = show(a[key]);
      if (before === null) lines.push(el('div', { className: 'change' }, [el('span', { className: 'change-key', text: key }), `: ${now}`]));
      else if (after === null) lines.push(el('div', { className: 'change' }, [el('span', { className: 'change-key', text: key }), `: ${was}`]));
      else if (was !== now) {
        lines.push(el('div', { className: 'change' }, [
          el('span', { className: 'change-key', text: key }),
          `: ${was} `,
          el('span', { className: 'change-arrow', text: '→' }),
          ` ${now}`,
        ]));
      }
    }
  } else {
    lines.push(el('div', { className: 'change' }, [
      show(before), ' ', el('span', { className: 'change-arrow', text: '→' }), ' ', show(after),
    ]));
  }
  const tag = before === null ? t('audit.created') : after === null ? t('audit.deleted') : null;
  if (!tag && lines.length === 0) return el('span', { className: 'muted', text: t('audit.no_change') });
  return el('div', { className: 'changes' }, [tag ? el('span', { className: 'tag', text: tag }) : null, lines]);
}
