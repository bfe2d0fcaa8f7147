// One meeting's workspace: its header (particulars, status, edit, copy as a template) and
// tabs — overview (readiness checklist, quorum, quotas), agenda, attendees, seating,
// documents, votes, elections. #/meetings/ID/TAB; the overview when no tab is named.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { createDocumentPanel } from '../components/document-panel.js';
import { codeLabel, formatCount, formatDateTime, orEmpty } from '../components/format.js';
import { t } from '../i18n/index.js';
import { agendaTab } from './meeting-agenda.js';
import { attendeesTab } from './meeting-attendees.js';
import { votesTab } from './meeting-votes.js';
import { seatingTab } from './meeting-seating.js';
import { meetingForm, copyForm } from './meeting-form.js';

export const TABS = ['overview', 'agenda', 'attendees', 'seating', 'documents', 'votes', 'elections'];
const STATUSES = ['planning', 'ready', 'in_session', 'closed'];

/** Renders the workspace of meeting `rawId` on tab `tab`. */
export function renderWorkspace(ctx, rawId, tab) {
  const meetingId = Number(rawId);
  const current = TABS.includes(tab) ? tab : 'overview';
  const header = el('div', { className: 'view-header' }, [
    el('a', { id: 'back-to-meetings', className: 'back-link', attrs: { href: '#/meetings' }, text: t('meeting.back') }),
    el('h2', { className: 'view-title', text: t('meeting.title_loading') }),
  ]);
  const body = el('div', { className: 'workspace-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'meeting', className: 'view-fill workspace', dataset: { meetingId: rawId, tab: current } }, [header, body]);
  if (!Number.isInteger(meetingId) || meetingId <= 0) {
    replace(body, notFound(rawId));
    return root;
  }

  const reload = () => ctx.app.navigate(`#/meetings/${meetingId}/${current}`);

  api.getMeeting(meetingId).then((meeting) => {
    if (!ctx.isCurrent()) return;
    replace(header, headerOf(ctx, meeting, reload));
    const tabs = el('nav', { id: 'meeting-tabs', className: 'tabs', attrs: { role: 'tablist', 'aria-label': t('workspace.tabs') } },
      TABS.map((name) => el('a', {
        id: `tab-${name}`,
        className: ['tab', name === current && 'active'],
        attrs: { href: `#/meetings/${meetingId}/${name}`, role: 'tab', 'aria-selected': name === current ? 'true' : 'false' },
        text: t(`workspace.tab.${name}`),
      })));
    const panel = el('div', { id: `panel-${current}`, className: 'tab-panel', attrs: { role: 'tabpanel' } });
    replace(body, [tabs, panel]);
    const done = () => { root.dataset.ready = 'true'; };
    const fill = (content) => {
      if (!ctx.isCurrent()) return;
      replace(panel, content);
      done();
    };
    switch (current) {
      case 'agenda': agendaTab(meeting, fill); break;
      case 'attendees': attendeesTab(meeting, fill); break;
      case 'votes': votesTab(meeting, fill); break;
      case 'documents': fill(createDocumentPanel(meetingId)); break;
      case 'seating': seatingTab(meeting, fill); break;
      case 'elections': electionsTab(meeting, fill); break;
      default: overviewTab(ctx, meeting, fill, reload);
    }
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

function headerOf(ctx, meeting, reload) {
  const status = el('select', { id: 'meeting-status', className: 'input input-narrow', attrs: { 'aria-label': t('workspace.status') } },
    STATUSES.map((s) => el('option', { attrs: { value: s }, props: { selected: s === meeting.status }, text: codeLabel('meeting_status', s) })));
  status.addEventListener('change', () => whileBusy(status, async () => {
    try {
      await api.setMeetingStatus(meeting.id, status.value);
      reload();
    } catch (err) {
      showError(err);
      status.value = meeting.status;
    }
  }));
  const edit = el('button', { id: 'edit-meeting', className: 'btn btn-small', attrs: { type: 'button' }, text: t('workspace.edit') });
  edit.addEventListener('click', () => meetingForm({ meeting, onSaved: reload }));
  const copy = el('button', { id: 'copy-meeting', className: 'btn btn-small', attrs: { type: 'button' }, text: t('workspace.copy') });
  copy.addEventListener('click', () => copyForm({ meeting, onCopied: (made) => ctx.app.navigate(`#/meetings/${made.id}/overview`) }));
  return [
    el('a', { id: 'back-to-meetings', className: 'back-link', attrs: { href: '#/meetings' }, text: t('meeting.back') }),
    el('div', { className: 'workspace-head' }, [
      el('h2', { id: 'meeting-title', className: 'view-title' }, [
        orEmpty(meeting.title),
        meeting.expanded ? el('span', { className: 'tag', text: t('meeting.expanded') }) : null,
      ]),
      el('div', { className: 'actions' }, [status, edit, copy]),
    ]),
    el('p', { className: 'meeting-facts' }, [
      el('span', { id: 'meeting-kind', text: codeLabel('meeting.kind', meeting.kind) }),
      el('span', { id: 'meeting-date', text: formatDateTime(meeting.starts_at, { weekday: true }) }),
      el('span', { id: 'meeting-venue', text: orEmpty(meeting.venue) }),
      el('span', { id: 'meeting-attendees', text: formatCount(meeting.attendees) }),
    ]),
  ];
}

function overviewTab(ctx, meeting, fill) {
  Promise.all([api.meetingReadiness(meeting.id), api.getAttendance(meeting.id), api.listQuotas(meeting.id)])
    .then(([readiness, attendance, quotas]) => {
      const items = readiness.map((r) => el('li', {
        className: ['check-item', r.done ? 'done' : 'todo'],
        dataset: { code: r.code, done: String(r.done) },
      }, [
        el('span', { className: 'check-mark', attrs: { 'aria-hidden': 'true' }, text: r.done ? '✓' : '○' }),
        el('span', { text: r.code === 'ballots_printed' && r.params && r.params.elections === 0 ? t('readiness.ballots_none') : t(`readiness.${r.code}`, r.params || {}) }),
        el('a', { className: 'panel-link', attrs: { href: `#/meetings/${meeting.id}/${readinessTab(r.code)}` }, text: t('readiness.go') }),
      ]));
      const over = quotas.filter((q) => q.over);
      const q = attendance.quorum;
      fill([
        el('section', { className: 'panel' }, [
          el('h3', { className: 'panel-title', text: t('readiness.title') }),
          el('ul', { id: 'readiness', className: 'checklist' }, items),
        ]),
        el('section', { className: 'panel' }, [
          el('h3', { className: 'panel-title', text: t('workspace.quorum') }),
          el('p', { id: 'overview-quorum', className: q.reached ? 'ok-text' : 'muted', text: t('workspace.quorum_line', {
            present: attendance.voting_present, expected: attendance.voting_expected, needed: q.needed,
            numerator: q.numerator, denominator: q.denominator,
          }) }),
        ]),
        el('section', { className: 'panel' }, [
          el('h3', { className: 'panel-title', text: t('workspace.quotas') }),
          quotas.length === 0
            ? el('p', { className: 'muted', text: t('workspace.no_quotas') })
            : el('ul', { id: 'quota-list', className: 'plain-list' }, quotas.map((line) => el('li', {
              className: line.over ? 'warn-text' : null,
              text: t(line.quota === null ? 'workspace.quota_none' : (line.over ? 'workspace.quota_over' : 'workspace.quota_ok'), {
                branch: line.branch, delegates: line.delegates, quota: line.quota,
              }),
            }))),
          over.length ? el('p', { id: 'quota-warning', className: 'warn-text', text: t('workspace.quota_warning', { count: over.length }) }) : null,
        ]),
        meeting.notes ? el('section', { className: 'panel' }, [
          el('h3', { className: 'panel-title', text: t('meeting_form.notes') }),
          el('p', { className: 'pre-wrap', text: meeting.notes }),
        ]) : null,
      ]);
    })
    .catch((err) => {
      showError(err);
      fill(el('p', { className: 'muted', text: t('common.load_failed') }));
    });
}

function readinessTab(code) {
  return {
    agenda_set: 'agenda',
    invitations_printed: 'documents',
    badges_printed: 'documents',
    ballots_printed: 'elections',
    quorum_threshold_set: 'attendees',
  }[code] || 'overview';
}

function electionsTab(meeting, fill) {
  api.listElections(meeting.id).then((list) => {
    fill(el('section', { className: 'panel' }, [
      el('div', { className: 'panel-head' }, [
        el('h3', { className: 'panel-title', text: t('workspace.tab.elections') }),
        el('a', { id: 'new-election-here', className: 'btn btn-small', attrs: { href: `#/elections/new?meeting=${meeting.id}` }, text: t('elections.new') }),
      ]),
      list.length === 0
        ? el('p', { className: 'muted', text: t('workspace.no_elections') })
        : el('ul', { id: 'meeting-elections', className: 'plain-list' }, list.map((e) => el('li', {}, [
          el('a', { attrs: { href: `#/elections/${e.id}` }, text: e.round > 1 ? `${e.title} · ${t('elections.round_n', { round: e.round })}` : e.title }),
          el('span', { className: 'muted', text: ` ${t('elections.seats_of', { seats: e.seats, candidates: e.candidates })} · ${codeLabel('election_status', e.status)}` }),
        ]))),
    ]));
  }).catch((err) => {
    showError(err);
    fill(el('p', { className: 'muted', text: t('common.load_failed') }));
  });
}

function notFound(rawId) {
  return el('div', { id: 'meeting-not-found', className: 'panel' }, [
    el('p', { className: 'lead', text: t('meeting.not_found', { id: rawId }) }),
    el('a', { attrs: { href: '#/meetings' }, text: t('meeting.back') }),
  ]);
}
