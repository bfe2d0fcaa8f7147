// Meetings: the list of meetings, and one meeting's attendees with counts by category and a filter.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { createDocumentPanel, reprintBadge } from '../components/document-panel.js';
import {
  formatNumber, formatCount, formatDateTime, codeLabel, isUpcoming, orEmpty,
} from '../components/format.js';
import { t } from '../i18n/index.js';

const CATEGORIES = ['delegate', 'observer', 'guest', 'staff'];

// Last data shown, so a language switch re-renders at once; the filter text survives it too.
let listCache = null;
let detailCache = null;
const filterText = new Map();
// Attendees whose badge was reissued since the app started, per meeting: their rows say so.
const reissuedBadges = new Map();

function reissuedIn(meetingId) {
  const key = String(meetingId);
  if (!reissuedBadges.has(key)) reissuedBadges.set(key, new Set());
  return reissuedBadges.get(key);
}

/** #/meetings lists meetings; #/meetings/ID shows one meeting's attendees. */
export function render(ctx) {
  const [id] = ctx.params;
  return id === undefined ? renderList(ctx) : renderDetail(ctx, id);
}

function meetingHref(meeting) {
  return `#/meetings/${encodeURIComponent(meeting.id)}`;
}

function renderList(ctx) {
  const body = el('div', { className: 'view-fill-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'meetings', className: 'view-fill' }, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t('meetings.title') })),
    body,
  ]);

  const fill = (meetings) => {
    replace(body, createTable([
      {
        key: 'title',
        label: t('meeting.col.title'),
        sortable: true,
        render: (m) => [
          el('a', { attrs: { href: meetingHref(m) }, text: orEmpty(m.title) }),
          m.expanded ? el('span', { className: 'tag', text: t('meeting.expanded') }) : null,
          isUpcoming(m.starts_at) ? el('span', { className: 'tag tag-accent', text: t('meeting.upcoming') }) : null,
        ],
      },
      { key: 'kind', label: t('meeting.col.kind'), render: (m) => codeLabel('meeting.kind', m.kind) },
      {
        key: 'starts_at',
        label: t('meeting.col.starts_at'),
        sortable: true,
        // RFC 3339 strings with different offsets do not sort as text; compare the instants.
        value: (m) => { const ms = Date.parse(m.starts_at); return Number.isNaN(ms) ? null : ms; },
        render: (m) => formatDateTime(m.starts_at),
      },
      { key: 'venue', label: t('meeting.col.venue'), sortable: true },
      {
        key: 'attendees', label: t('meeting.col.attendees'), numeric: true, sortable: true,
        render: (m) => formatCount(m.attendees),
      },
    ], {
      id: 'meetings-table',
      className: 'fill',
      rows: meetings,
      emptyText: t('meetings.empty'),
      onRowClick: (m) => ctx.app.navigate(meetingHref(m)),
    }).element);
    root.dataset.ready = 'true';
  };

  if (ctx.reason === 'locale' && listCache) {
    fill(listCache);
    return root;
  }
  api.listMeetings().then((meetings) => {
    listCache = meetings;
    if (ctx.isCurrent()) fill(meetings);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
    showError(err);
  });
  return root;
}

function renderDetail(ctx, rawId) {
  const meetingId = Number(rawId);
  const header = el('div', { className: 'view-header' }, [
    el('a', { id: 'back-to-meetings', className: 'back-link', attrs: { href: '#/meetings' }, text: t('meeting.back') }),
    el('h2', { className: 'view-title', text: t('meeting.title_loading') }),
  ]);
  const body = el('div', { className: 'view-fill-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'meeting', className: 'view-fill', dataset: { meetingId: rawId } }, [header, body]);

  if (!Number.isInteger(meetingId) || meetingId <= 0) {
    replace(body, notFound(rawId));
    return root;
  }

  const fill = (meeting, attendees) => {
    replace(header, [
      el('a', { id: 'back-to-meetings', className: 'back-link', attrs: { href: '#/meetings' }, text: t('meeting.back') }),
      el('h2', { id: 'meeting-title', className: 'view-title' }, [
        orEmpty(meeting.title),
        meeting.expanded ? el('span', { className: 'tag', text: t('meeting.expanded') }) : null,
      ]),
      el('p', { className: 'meeting-facts' }, [
        el('span', { id: 'meeting-kind', text: codeLabel('meeting.kind', meeting.kind) }),
        el('span', { id: 'meeting-date', text: formatDateTime(meeting.starts_at, { weekday: true }) }),
        el('span', { id: 'meeting-venue', text: orEmpty(meeting.venue) }),
      ]),
    ]);
    replace(body, [createDocumentPanel(meetingId), attendeesSection(meeting, attendees)]);
    root.dataset.ready = 'true';
  };

  if (ctx.reason === 'locale' && detailCache && detailCache.meetingId === meetingId) {
    fill(detailCache.meeting, detailCache.attendees);
    return root;
  }

  // There is no get_meeting command: the meeting's own facts come from list_meetings.
  Promise.all([api.listMeetings(), api.listAttendees(meetingId)]).then(([meetings, attendees]) => {
    if (!ctx.isCurrent()) return;
    const meeting = meetings.find((m) => Number(m.id) === meetingId);
    if (!meeting) {
      replace(body, notFound(rawId));
      return;
    }
    detailCache = { meetingId, meeting, attendees };
    fill(meeting, attendees);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    if (err && err.kind === 'not_found') {
      replace(body, notFound(rawId));
      return;
    }
    replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
    showError(err);
  });
  return root;
}

function notFound(rawId) {
  return el('div', { id: 'meeting-not-found', className: 'panel' }, [
    el('p', { className: 'lead', text: t('meeting.not_found', { id: rawId }) }),
    el('a', { attrs: { href: '#/meetings' }, text: t('meeting.back') }),
  ]);
}

/** Normalised for matching: full-width letters and digits fold to ASCII, case is ignored. */
function fold(text) {
  return String(text || '').normalize('NFKC').toLowerCase();
}

function attendeesSection(meeting, attendees) {
  const key = String(meeting.id);
  const reissued = reissuedIn(meeting.id);
  const counts = { total: attendees.length, voting: 0, checked_in: 0 };
  for (const category of CATEGORIES) counts[category] = 0;
  for (const a of attendees) {
    if (CATEGORIES.includes(a.category)) counts[a.category] += 1;
    if (a.voting) counts.voting += 1;
    if (a.checked_in_at) counts.checked_in += 1;
  }
  const chip = (id, label, value, extraClass) => el('div', { className: ['count-chip', extraClass] }, [
    el('span', { className: 'count-label', text: label }),
    el('span', { id: `count-${id}`, className: 'count-value', text: formatCount(value) }),
  ]);
  const summary = el('div', { id: 'attendee-counts', className: 'count-row' }, [
    ...CATEGORIES.map((c) => chip(c, codeLabel('category', c), counts[c], `count-${c}`)),
    el('span', { className: 'count-sep', attrs: { 'aria-hidden': 'true' } }),
    chip('total', t('meeting.count.total'), counts.total, 'count-strong'),
    chip('voting', t('meeting.count.voting'), counts.voting),
    chip('checked-in', t('meeting.count.checked_in'), counts.checked_in),
  ]);

  const table = createTable([
    { key: 'name', label: t('attendee.col.name'), sortable: true, className: 'col-name' },
    { key: 'unit', label: t('attendee.col.unit'), sortable: true },
    {
      key: 'category',
      label: t('attendee.col.category'),
      sortable: true,
      // Sort by the credential's protocol order, not alphabetically by its code.
      value: (a) => { const i = CATEGORIES.indexOf(a.category); return i < 0 ? CATEGORIES.length : i; },
      render: (a) => el('span', { className: ['cat', `cat-${a.category}`], text: codeLabel('category', a.category) }),
    },
    { key: 'group', label: t('attendee.col.group'), sortable: true },
    { key: 'seat', label: t('attendee.col.seat'), sortable: true, className: 'col-seat' },
    {
      key: 'voting',
      label: t('attendee.col.voting'),
      sortable: true,
      className: 'col-status',
      value: (a) => Boolean(a.voting),
      render: (a) => el('span', { className: a.voting ? 'yes' : 'no', text: a.voting ? t('common.yes') : t('common.no') }),
    },
    {
      key: 'checked_in_at',
      label: t('attendee.col.checked_in'),
      sortable: true,
      className: 'col-status',
      value: (a) => { const ms = Date.parse(a.checked_in_at); return Number.isNaN(ms) ? null : ms; },
      render: (a) => (a.checked_in_at
        ? el('span', { className: 'checked-in', text: formatDateTime(a.checked_in_at) })
        : el('span', { className: 'muted', text: t('attendee.not_checked_in') })),
    },
    {
      key: 'badge_token',
      label: t('attendee.col.badge_token'),
      className: 'col-token',
      render: (a) => [
        el('span', { className: 'badge-token', text: orEmpty(a.badge_token) }),
        reissued.has(a.id) ? el('span', { className: 'tag tag-accent', text: t('attendee.reissued_tag') }) : null,
      ],
    },
    {
      key: 'actions',
      label: t('attendee.col.actions'),
      className: 'col-actions',
      render: (a) => el('span', { className: 'row-actions' }, [
        el('button', {
          className: 'btn btn-small reprint-badge',
          attrs: { type: 'button', title: t('attendee.reprint_hint') },
          dataset: { attendeeId: a.id },
          text: t('attendee.reprint'),
          on: { click: (event) => whileBusy(event.currentTarget, () => reprintBadge(meeting.id, a)) },
        }),
        el('button', {
          className: 'btn btn-small btn-quiet reissue-badge',
          attrs: { type: 'button', title: t('attendee.reissue_hint') },
          dataset: { attendeeId: a.id },
          text: t('attendee.reissue'),
          on: { click: (event) => whileBusy(event.currentTarget, () => reissue(a)) },
        }),
      ]),
    },
  ], {
    id: 'attendees-table',
    className: 'fill',
    emptyText: attendees.length ? t('attendee.no_match') : t('attendee.empty'),
    rowAttrs: (a) => ({ dataset: { attendeeId: a.id } }),
  });

  const shownCount = el('span', { id: 'attendee-shown', className: 'muted' });
  const input = el('input', {
    id: 'attendee-filter',
    className: 'input filter-input',
    attrs: {
      type: 'search',
      placeholder: t('attendee.filter_placeholder'),
      'aria-label': t('attendee.filter_placeholder'),
      autocomplete: 'off',
      spellcheck: 'false',
    },
    props: { value: filterText.get(key) || '' },
  });

  const applyFilter = () => {
    filterText.set(key, input.value);
    const terms = fold(input.value).split(/\s+/).filter(Boolean);
    // Every term must appear in the name, the unit or the badge number, so "王 经管" narrows to
    // 王… of 经管学院 and a scanned badge finds its holder.
    const rows = terms.length === 0 ? attendees : attendees.filter((a) => {
      const haystack = `${fold(a.name)}\n${fold(a.unit)}\n${fold(a.badge_token)}`;
      return terms.every((term) => haystack.includes(term));
    });
    table.setRows(rows);
    shownCount.textContent = t('attendee.shown', { shown: formatNumber(rows.length), total: formatCount(attendees.length) });
  };
  input.addEventListener('input', applyFilter);
  applyFilter();

  // The old badge stops working at the door, so this asks first; then the new one can be printed.
  async function reissue(attendee) {
    const ok = await confirmDialog({
      title: t('attendee.reissue_title'),
      message: t('attendee.reissue_confirm', { name: attendee.name }),
      confirmText: t('attendee.reissue'),
      danger: true,
    });
    if (!ok) return;
    let token;
    try {
      token = await api.reissueBadge(attendee.id);
    } catch (err) {
      showError(err);
      return;
    }
    // The row objects are the cached list's, so the new number survives a language switch too.
    attendee.badge_token = token;
    reissued.add(attendee.id);
    applyFilter();
    const print = await confirmDialog({
      title: t('attendee.reissued_title'),
      message: t('attendee.reissued', { name: attendee.name, token }),
      confirmText: t('attendee.reprint'),
    });
    if (print) await reprintBadge(meeting.id, attendee);
  }

  return el('div', { className: 'attendees' }, [
    summary,
    el('div', { className: 'toolbar' }, [input, shownCount]),
    table.element,
  ]);
}
