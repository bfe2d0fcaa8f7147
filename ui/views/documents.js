// Documents: the printing desk — one meeting's sign-in sheet, badges and table cards (the same
// panel as on the meeting's page, so a render started in one place shows in the other) and the
// register's statistics report. Meeting packets, ballots and result sheets come with their areas.
import * as api from '../api.js';
import { el, replace } from '../components/dom.js';
import { statisticsReportButton } from '../components/statistics-report.js';
import { showError } from '../components/errors.js';
import { createDocumentPanel } from '../components/document-panel.js';
import { formatDateTime, formatCount, isUpcoming } from '../components/format.js';
import { t } from '../i18n/index.js';

// The meeting chosen last, and the meetings shown, so a language switch re-renders at once.
let chosenId = null;
let meetingsCache = null;
let savedPath = null;

/** The meeting to show first: the one chosen before, else the next upcoming, else the latest. */
function defaultMeeting(meetings) {
  const chosen = meetings.find((m) => String(m.id) === String(chosenId));
  if (chosen) return chosen;
  return meetings.find((m) => isUpcoming(m.starts_at)) || meetings[meetings.length - 1];
}

function meetingSection(meetings) {
  if (meetings.length === 0) {
    return el('p', { id: 'documents-no-meetings', className: 'muted', text: t('documents.no_meetings') });
  }
  const current = defaultMeeting(meetings);
  chosenId = current.id;
  const select = el('select', { id: 'documents-meeting', className: 'input', attrs: { 'aria-label': t('documents.meeting_label') } },
    meetings.map((m) => el('option', {
      attrs: { value: String(m.id) },
      text: `${m.title} · ${formatDateTime(m.starts_at)}`,
    })));
  select.value = String(current.id);
  const slot = el('div', { className: 'documents-slot' });
  const link = el('a', { id: 'documents-meeting-link', className: 'back-link' });
  const show = () => {
    const meeting = meetings.find((m) => String(m.id) === select.value) || current;
    chosenId = meeting.id;
    link.setAttribute('href', `#/meetings/${encodeURIComponent(meeting.id)}`);
    link.textContent = t('documents.meeting_link', { count: formatCount(meeting.attendees) });
    replace(slot, createDocumentPanel(meeting.id));
  };
  select.addEventListener('change', show);
  show();
  return el('div', { className: 'documents-meeting' }, [
    el('div', { className: 'documents-meeting-row' }, [
      el('label', { className: 'field-label', attrs: { for: 'documents-meeting' }, text: t('documents.meeting_label') }),
      select,
      link,
    ]),
    slot,
  ]);
}

function statisticsSection() {
  const { button, status } = statisticsReportButton({
    idPrefix: 'documents-stats',
    remembered: savedPath,
    onSaved: (path) => { savedPath = path; },
  });
  return el('section', { className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('documents.register_title') }),
    el('p', { className: 'lead', text: t('documents.register_hint') }),
    el('div', { className: 'actions' }, button),
    status,
  ]);
}

/** Renders the documents desk. */
export function render(ctx) {
  if (ctx.reason !== 'locale') savedPath = null;
  const meetingsBody = el('div', {}, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'documents-view', className: 'view-documents' }, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t('nav.documents') })),
    el('section', { className: 'panel' }, [
      el('h3', { className: 'panel-title', text: t('documents.meeting_title') }),
      meetingsBody,
    ]),
    statisticsSection(),
    el('p', { id: 'documents-later', className: 'lead', text: t('documents.later') }),
  ]);
  const fill = (meetings) => {
    meetingsCache = meetings;
    replace(meetingsBody, meetingSection(meetings));
    root.dataset.ready = 'true';
  };
  if (ctx.reason === 'locale' && meetingsCache) {
    fill(meetingsCache);
    return root;
  }
  api.listMeetings().then((meetings) => {
    if (ctx.isCurrent()) fill(meetings);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(meetingsBody, el('p', { className: 'muted', text: t('common.load_failed') }));
    showError(err);
  });
  return root;
}
