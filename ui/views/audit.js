// Audit log: who did what and when, newest first, with the fields each change touched.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { formatDateTime, formatCount, formatNumber, codeLabel, orEmpty } from '../components/format.js';
import { t, hasKey } from '../i18n/index.js';

const LIMITS = [100, 200, 500, 1000];
const DEFAULT_LIMIT = 200;
// The records the log speaks of, and the actions it records, for the filters.
const ENTITIES = ['member', 'branch', 'term', 'member_review', 'meeting', 'attendee', 'election', 'staff', 'settings', 'database', 'backup', 'demo'];
const ACTIONS = [
  'create', 'update', 'delete', 'view_unmasked', 'archive', 'unarchive', 'merge', 'import', 'export',
  'set_role', 'set_position', 'appoint', 'remove_position', 'resolve_review', 'save_settings',
  'create_staff', 'switch_staff', 'set_pin', 'backup', 'restore', 'check_in', 'undo_check_in', 'walk_in', 'reissue_badge', 'substitute_delegate',
];

// Last data shown, so a language switch re-renders at once; the chosen limit and filters are kept too.
let cache = null;
let limit = DEFAULT_LIMIT;
let filters = { entity: '', entityId: '', staffId: '', action: '' };
let staffList = null;

/** Renders the audit log; #/audit?entity=member&id=5 (also staff=, action=) opens it filtered. */
export function render(ctx) {
  if (ctx.reason !== 'locale') {
    // A new visit takes its filters from the address: a record's "history" link sets them.
    const q = ctx.query || new URLSearchParams();
    filters = {
      entity: q.get('entity') || '',
      entityId: q.get('id') || q.get('entity_id') || q.get('entityId') || '',
      staffId: q.get('staff') || '',
      action: q.get('action') || '',
    };
  }
  const body = el('div', { className: 'view-fill-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const countLine = el('span', { id: 'audit-count', className: 'muted' });
  const limitSelect = el('select', { id: 'audit-limit', className: 'input', attrs: { 'aria-label': t('audit.limit') } },
    LIMITS.map((n) => el('option', {
      attrs: { value: String(n) },
      props: { selected: n === limit },
      text: t('audit.limit_option', { n }),
    })));
  const refresh = el('button', { id: 'audit-refresh', className: 'btn', attrs: { type: 'button' }, text: t('common.refresh') });

  const option = (value, text, current) => el('option', { attrs: { value }, props: { selected: value === current }, text });
  const withCurrent = (codes, current) => (current && !codes.includes(current) ? [...codes, current] : codes);
  const entitySelect = el('select', { id: 'audit-entity', className: 'input', attrs: { 'aria-label': t('audit.filter.entity') } }, [
    option('', t('audit.filter.entity_all'), filters.entity),
    ...withCurrent(ENTITIES, filters.entity).map((e) => option(e, codeLabel('entity', e), filters.entity)),
  ]);
  const entityId = el('input', {
    id: 'audit-entity-id',
    className: 'input input-number',
    attrs: { type: 'number', min: '1', step: '1', placeholder: t('audit.filter.entity_id'), 'aria-label': t('audit.filter.entity_id') },
    props: { value: filters.entityId },
  });
  const staffSelect = el('select', { id: 'audit-staff', className: 'input', attrs: { 'aria-label': t('audit.filter.staff') } });
  const fillStaff = () => {
    const list = staffList || [];
    const known = list.some((s) => String(s.id) === filters.staffId);
    replace(staffSelect, [
      option('', t('audit.filter.staff_all'), filters.staffId),
      ...list.map((s) => option(String(s.id), s.name, filters.staffId)),
      filters.staffId && !known ? option(filters.staffId, t('audit.filter.staff_id', { id: filters.staffId }), filters.staffId) : null,
    ]);
  };
  fillStaff();
  const actionSelect = el('select', { id: 'audit-action', className: 'input', attrs: { 'aria-label': t('audit.filter.action') } }, [
    option('', t('audit.filter.action_all'), filters.action),
    ...withCurrent(ACTIONS, filters.action).map((a) => option(a, codeLabel('audit.action', a), filters.action)),
  ]);
  const clear = el('button', { id: 'audit-clear', className: 'btn btn-quiet btn-small', attrs: { type: 'button' }, text: t('audit.filter.clear') });
  const root = el('section', { id: 'audit', className: 'view-fill' }, [
    el('div', { className: 'view-header' }, [
      el('h2', { className: 'view-title', text: t('audit.title') }),
      el('p', { className: 'muted', text: t('audit.intro') }),
    ]),
    el('div', { id: 'audit-filters', className: 'toolbar' }, [
      el('span', { className: 'field-label', text: t('audit.filter.label') }),
      entitySelect, entityId, staffSelect, actionSelect, clear,
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
      { key: 'entity', label: t('audit.col.entity'), render: (e) => subjectText(e) },
      {
        key: 'changes',
        label: t('audit.col.changes'),
        className: 'col-changes',
        render: (e) => [
          Array.isArray(e.changes) ? phrasedChanges(e) : changes(e.before, e.after),
          e.note ? el('div', { className: 'change-note', text: noteText(e) }) : null,
        ],
      },
    ], {
      id: 'audit-table',
      className: 'fill',
      rows: entries,
      emptyText: filtered() ? t('audit.empty_filtered') : t('audit.empty'),
      rowAttrs: (e) => ({ className: 'audit-row', dataset: { auditId: e.id, entity: e.entity, entityId: e.entity_id } }),
    }).element);
    root.dataset.ready = 'true';
  };

  const filtered = () => Object.values(filters).some(Boolean);
  let loadSeq = 0;
  const load = () => {
    const mine = ++loadSeq;
    const id = Number(filters.entityId);
    const staffId = Number(filters.staffId);
    return api.listAudit(limit, {
      entity: filters.entity || null,
      entityId: Number.isInteger(id) && id > 0 ? id : null,
      staffId: Number.isInteger(staffId) && staffId > 0 ? staffId : null,
      action: filters.action || null,
    }).then((entries) => {
      // Filters changed quickly: only the latest answer is shown.
      if (mine !== loadSeq) return;
      cache = entries;
      if (ctx.isCurrent()) fill(entries);
    });
  };
  const reload = () => load().catch(showError);

  entitySelect.addEventListener('change', () => {
    filters.entity = entitySelect.value;
    reload();
  });
  let idTimer = null;
  entityId.addEventListener('input', () => {
    filters.entityId = entityId.value.trim();
    clearTimeout(idTimer);
    idTimer = setTimeout(reload, 300);
  });
  staffSelect.addEventListener('change', () => {
    filters.staffId = staffSelect.value;
    reload();
  });
  actionSelect.addEventListener('change', () => {
    filters.action = actionSelect.value;
    reload();
  });
  clear.addEventListener('click', () => {
    filters = { entity: '', entityId: '', staffId: '', action: '' };
    entitySelect.value = '';
    entityId.value = '';
    staffSelect.value = '';
    actionSelect.value = '';
    // The address no longer names a record either.
    if (window.location.hash.includes('?')) window.history.replaceState(null, '', '#/audit');
    reload();
  });
  if (staffList === null || ctx.reason !== 'locale') {
    api.listStaff().then((list) => {
      staffList = Array.isArray(list) ? list : [];
      if (ctx.isCurrent()) fillStaff();
    }).catch(() => {
      // Without the list the staff filter offers "all" only; the log itself still loads.
    });
  }

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

/** A changed field's name: its label where the tables know it (工作单位), with the code as a tooltip. */
function keyLabel(key) {
  const known = hasKey(`field.${key}`);
  return el('span', { className: 'change-key', attrs: { title: known ? key : null }, text: known ? t(`field.${key}`) : key });
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
      if (before === null) lines.push(el('div', { className: 'change' }, [keyLabel(key), `: ${now}`]));
      else if (after === null) lines.push(el('div', { className: 'change' }, [keyLabel(key), `: ${was}`]));
      else if (was !== now) {
        lines.push(el('div', { className: 'change' }, [
          keyLabel(key),
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

/** "校友：刘东志" where the backend named the record, else "校友 #17", else the kind of record. */
function subjectText(entry) {
  const entity = codeLabel('entity', entry.entity);
  if (entry.subject) return t('audit.entity_named', { entity, name: entry.subject });
  if (entry.entity_id === null || entry.entity_id === undefined) return entity;
  return t('audit.entity_ref', { entity, id: entry.entity_id });
}

/** An export's or a backup's note is the file written; said so. */
function noteText(entry) {
  return entry.action === 'export' || entry.action === 'backup' ? t('audit.note_file', { path: entry.note }) : entry.note;
}

// Fields whose values are codes, with the table that phrases them (per kind of record where
// one code means different things: a staff role is not a branch role).
const VALUE_TABLES = {
  gender: 'gender',
  status: 'member_status',
  office: 'office',
  majority: 'majority',
  category: 'category',
  resolution: 'resolution',
};

/** One value as a person reads it: yes/no, numbers with separators, codes by their names. */
function phraseValue(entry, field, value) {
  if (value === null || value === undefined || value === '') return t('common.empty');
  if (field === 'columns' && Array.isArray(value)) {
    return value.map((code) => codeLabel('field', code)).join(t('import.list_sep'));
  }
  if (field === 'active' && typeof value === 'boolean') return value ? t('staff.active') : t('staff.inactive');
  if (field === 'has_pin' && typeof value === 'boolean') return value ? t('staff.pin_set') : t('staff.pin_none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') {
    if (field === 'role') return codeLabel(entry.entity === 'branch' ? 'branch_role' : 'role', value);
    if (field === 'kind' && entry.entity === 'branch') return codeLabel('branch_kind', value);
    if (VALUE_TABLES[field]) return codeLabel(VALUE_TABLES[field], value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => phraseValue(entry, field, v)).join(t('import.list_sep'));
  return t('audit.complex_value');
}

/** The changes the backend listed: "field: before → after", or "field: value" for one side or context. */
function phrasedChanges(entry) {
  const lines = entry.changes.map((change) => {
    const label = keyLabel(change.field);
    const was = change.before;
    const now = change.after;
    const same = JSON.stringify(was) === JSON.stringify(now);
    const absent = (v) => v === null || v === undefined;
    if (same || absent(was)) return el('div', { className: 'change' }, [label, `: ${phraseValue(entry, change.field, now)}`]);
    if (absent(now)) return el('div', { className: 'change' }, [label, `: ${phraseValue(entry, change.field, was)}`]);
    return el('div', { className: 'change' }, [
      label,
      `: ${phraseValue(entry, change.field, was)} `,
      el('span', { className: 'change-arrow', text: '→' }),
      ` ${phraseValue(entry, change.field, now)}`,
    ]);
  });
  // Only a creation or deletion is tagged so: an export or import creates no record.
  const tag = entry.action === 'create' ? t('audit.created') : entry.action === 'delete' ? t('audit.deleted') : null;
  if (!tag && lines.length === 0) {
    return entry.before || entry.after ? el('span', { className: 'muted', text: t('audit.no_change') }) : null;
  }
  return el('div', { className: 'changes' }, [tag ? el('span', { className: 'tag', text: tag }) : null, lines]);
}
