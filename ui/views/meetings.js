// Meetings: the list of meetings (with a new meeting made here), and each meeting's workspace
// (#/meetings/ID/TAB, see meeting-workspace.js).
import * as api from '../api.js';
import { el, replace } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { formatCount, formatDateTime, codeLabel, isUpcoming, orEmpty } from '../components/format.js';
import { t } from '../i18n/index.js';
import { renderWorkspace } from './meeting-workspace.js';
import { meetingForm } from './meeting-form.js';

// Last list shown, so a language switch re-renders at once.
let listCache = null;

/** #/meetings lists meetings; #/meetings/ID[/TAB] is one meeting's workspace. */
export function render(ctx) {
  const [id, tab] = ctx.params;
  return id === undefined ? renderList(ctx) : renderWorkspace(ctx, id, tab);
}

function meetingHref(meeting) {
  return `#/meetings/${encodeURIComponent(meeting.id)}`;
}

function renderList(ctx) {
  const body = el('div', { className: 'view-fill-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const create = el('button', { id: 'new-meeting', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('meetings.new') });
  create.addEventListener('click', () => meetingForm({ onSaved: (m) => ctx.app.navigate(`#/meetings/${m.id}/overview`) }));
  const root = el('section', { id: 'meetings', className: 'view-fill' }, [
    el('div', { className: 'view-header view-header-row' }, [el('h2', { className: 'view-title', text: t('meetings.title') }), create]),
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
      { key: 'status', label: t('workspace.status'), render: (m) => codeLabel('meeting_status', m.status) },
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
