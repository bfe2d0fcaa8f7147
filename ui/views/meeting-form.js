// The meeting's particulars as a form (new meeting, edit) and "copy as a template". Times are
// typed as the association's wall clock (a date-and-time field); the backend reads them in the
// association's zone, so a laptop on another zone still says 09:00.
import * as api from '../api.js';
import { el } from '../components/dom.js';
import { field, formDialog } from '../components/dialog.js';
import { codeLabel } from '../components/format.js';
import { termLabel } from '../components/member-fields.js';
import { t } from '../i18n/index.js';

const KINDS = ['general_assembly', 'council', 'executive_council'];

/** "2026-12-19T09:00" from the backend's "2026-12-19T09:00:00+08:00" (its wall clock). */
export function wallClockInput(value) {
  return value ? String(value).slice(0, 16) : '';
}

const input = (id, type, value, extra = {}) => el('input', {
  id, className: 'input', attrs: { type, ...extra }, props: { value: value ?? '' },
});

/** Opens the particulars form: `meeting` to edit one, none for a new meeting. Resolves the saved meeting or null. */
export async function meetingForm({ meeting = null, onSaved = () => {} } = {}) {
  const terms = await api.listTerms().catch(() => []);
  const title = input('mf-title', 'text', meeting && meeting.title, { maxlength: '80', required: '' });
  const kind = el('select', { id: 'mf-kind', className: 'input' },
    KINDS.map((k) => el('option', { attrs: { value: k }, props: { selected: meeting ? meeting.kind === k : k === 'general_assembly' }, text: codeLabel('meeting.kind', k) })));
  const expanded = el('input', { id: 'mf-expanded', attrs: { type: 'checkbox' }, props: { checked: Boolean(meeting && meeting.expanded) } });
  const term = el('select', { id: 'mf-term', className: 'input' }, [
    el('option', { attrs: { value: '' }, text: t('meeting_form.no_term') }),
    ...terms.map((tm) => el('option', { attrs: { value: String(tm.id) }, props: { selected: meeting && meeting.term_id === tm.id }, text: termLabel(tm.number) })),
  ]);
  const starts = input('mf-starts', 'datetime-local', wallClockInput(meeting && meeting.starts_at), { required: '' });
  const ends = input('mf-ends', 'datetime-local', wallClockInput(meeting && meeting.ends_at));
  const venue = input('mf-venue', 'text', meeting && meeting.venue, { maxlength: '60' });
  const own = meeting && meeting.quorum;
  const numerator = input('mf-quorum-n', 'number', own ? own[0] : '', { min: '1', max: '100' });
  const denominator = input('mf-quorum-d', 'number', own ? own[1] : '', { min: '1', max: '100' });
  const notes = el('textarea', { id: 'mf-notes', className: 'input', attrs: { rows: '3', maxlength: '20000' }, props: { value: (meeting && meeting.notes) || '' } });
  const saved = await formDialog({
    id: 'meeting-form',
    title: meeting ? t('meeting_form.edit_title') : t('meeting_form.new_title'),
    wide: true,
    content: [
      field(t('meeting_form.title'), title),
      el('div', { className: 'form-row' }, [
        field(t('meeting_form.kind'), kind),
        field(t('meeting_form.term'), term),
        el('label', { className: 'check' }, [expanded, el('span', { text: t('meeting.expanded') })]),
      ]),
      el('div', { className: 'form-row' }, [
        field(t('meeting_form.starts_at'), starts, t('meeting_form.zone_hint')),
        field(t('meeting_form.ends_at'), ends),
      ]),
      field(t('meeting_form.venue'), venue),
      el('div', { className: 'form-row' }, [
        field(t('meeting_form.quorum'), el('span', { className: 'fraction' }, [numerator, ' / ', denominator]), t('meeting_form.quorum_hint')),
      ]),
      field(t('meeting_form.notes'), notes),
    ],
    submit: () => {
      const n = numerator.value.trim();
      const d = denominator.value.trim();
      const form = {
        title: title.value,
        kind: kind.value,
        expanded: expanded.checked,
        term: term.value ? Number(term.value) : null,
        starts_at: starts.value,
        ends_at: ends.value || null,
        venue: venue.value || null,
        notes: notes.value || null,
        quorum: n && d ? [Number(n), Number(d)] : null,
      };
      return meeting ? api.updateMeeting(meeting.id, form) : api.createMeeting(form);
    },
  });
  if (saved) onSaved(saved);
  return saved;
}

/** "Copy as a template": a new title and start; the agenda, motions, hall and quotas come along. */
export async function copyForm({ meeting, onCopied = () => {} }) {
  const title = input('mc-title', 'text', meeting.title, { maxlength: '80', required: '' });
  const starts = input('mc-starts', 'datetime-local', '', { required: '' });
  const made = await formDialog({
    id: 'meeting-copy',
    title: t('meeting_form.copy_title'),
    content: [
      el('p', { className: 'dialog-message', text: t('meeting_form.copy_hint') }),
      field(t('meeting_form.title'), title),
      field(t('meeting_form.starts_at'), starts, t('meeting_form.zone_hint')),
    ],
    submitText: t('workspace.copy'),
    submit: () => api.copyMeeting(meeting.id, { title: title.value, starts_at: starts.value }),
  });
  if (made) onCopied(made);
  return made;
}
