// The seating tab: the hall's sections (name, rows, seats a row; front row first), automatic
// seating in protocol and surname stroke order, one seat set by hand, and the hall drawn as a
// grid of seats tinted by credential (the printed 座位图 is on the documents tab).
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError, describeError } from '../components/errors.js';
import { confirmDialog, field } from '../components/dialog.js';
import { codeLabel } from '../components/format.js';
import { t } from '../i18n/index.js';

/** Fills the seating tab of `meeting` through `fill`. */
export function seatingTab(meeting, fill) {
  const reload = () => seatingTab(meeting, fill);
  Promise.all([api.seatingPlan(meeting.id).catch((err) => {
    // No hall yet: an empty plan, the editor offers one.
    if (err && err.params && err.params.field === 'hall') return { hall: [], seats: [] };
    throw err;
  }), api.meetingAttendees(meeting.id)])
    .then(([plan, attendees]) => fill([hallEditor(meeting, plan, reload), seatForm(meeting, plan, attendees, reload), planView(plan, attendees)]))
    .catch((err) => {
      showError(err);
      fill(el('p', { className: 'muted', text: t('common.load_failed') }));
    });
}

function hallEditor(meeting, plan, reload) {
  const rows = el('tbody');
  const status = el('p', { id: 'hall-status', className: 'status-line', attrs: { role: 'status' } });
  const addRow = (section = { name: '', rows: 10, seats: 20 }) => {
    const num = (value, max) => el('input', { className: 'input input-narrow', attrs: { type: 'number', min: '1', max: String(max) }, props: { value: String(value) } });
    const tr = el('tr', { className: 'hall-section' }, [
      el('td', {}, el('input', { className: 'input hall-name', attrs: { type: 'text', maxlength: '20', 'aria-label': t('seating.section') }, props: { value: section.name } })),
      el('td', {}, num(section.rows, 100)),
      el('td', {}, num(section.seats, 200)),
      el('td', {}, el('button', { className: 'btn btn-small btn-danger-quiet', attrs: { type: 'button' }, text: t('seating.remove_section'), on: { click: () => tr.remove() } })),
    ]);
    rows.append(tr);
  };
  for (const section of plan.hall) addRow(section);
  if (plan.hall.length === 0) addRow({ name: 'A区', rows: 10, seats: 20 });
  const sections = () => [...rows.querySelectorAll('tr')].map((tr) => {
    const inputs = tr.querySelectorAll('input');
    return { name: inputs[0].value.trim(), rows: Number(inputs[1].value), seats: Number(inputs[2].value) };
  });
  const add = el('button', { id: 'hall-add', className: 'btn', attrs: { type: 'button' }, text: t('seating.add_section') });
  add.addEventListener('click', () => addRow({ name: '', rows: 10, seats: 20 }));
  const save = el('button', { id: 'hall-save', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('seating.save_hall') });
  save.addEventListener('click', () => whileBusy(save, async () => {
    try {
      const lost = await api.setHall(meeting.id, sections());
      status.className = `status-line ${lost.length ? 'warn-text' : 'ok-text'}`;
      status.textContent = lost.length ? t('seating.lost', { count: lost.length, names: lost.slice(0, 8).map((u) => u.name).join('、') }) : t('seating.hall_saved');
      setTimeout(reload, lost.length ? 1500 : 0);
    } catch (err) {
      status.className = 'status-line warn-text';
      status.textContent = describeError(err).sentence;
    }
  }));
  const auto = el('button', { id: 'auto-seat', className: 'btn', attrs: { type: 'button', disabled: plan.hall.length ? null : '' }, text: t('seating.auto') });
  auto.addEventListener('click', () => whileBusy(auto, async () => {
    const go = await confirmDialog({ title: t('seating.auto'), message: t('seating.auto_confirm'), confirmText: t('seating.auto') });
    if (!go) return;
    try {
      const done = await api.autoSeat(meeting.id);
      status.className = `status-line ${done.unseated.length ? 'warn-text' : 'ok-text'}`;
      status.textContent = t(done.unseated.length ? 'seating.auto_short' : 'seating.auto_done', {
        seated: done.seated, count: done.unseated.length, names: done.unseated.slice(0, 8).map((u) => u.name).join('、'),
      });
      setTimeout(reload, 1200);
    } catch (err) {
      status.className = 'status-line warn-text';
      status.textContent = describeError(err).sentence;
    }
  }));
  const capacity = plan.hall.reduce((n, s) => n + s.rows * s.seats, 0);
  return el('section', { id: 'hall-editor', className: 'panel' }, [
    el('div', { className: 'panel-head' }, [el('h3', { className: 'panel-title', text: t('seating.hall') }), el('span', { className: 'muted', text: t('seating.capacity', { seats: capacity, seated: plan.seats.length }) })]),
    el('p', { className: 'muted', text: t('seating.hint') }),
    el('table', { id: 'hall-table', className: 'data-table hall-table' }, [
      el('thead', {}, el('tr', {}, ['seating.section', 'seating.rows', 'seating.seats', 'agenda.col.actions'].map((k) => el('th', { text: t(k) })))),
      rows,
    ]),
    el('div', { className: 'actions' }, [add, save, auto]),
    status,
  ]);
}

function seatForm(meeting, plan, attendees, reload) {
  if (plan.hall.length === 0) return null;
  const who = el('select', { id: 'seat-attendee', className: 'input', attrs: { 'aria-label': t('attendee.col.name') } },
    attendees.map((a) => el('option', { attrs: { value: String(a.id) }, text: `${a.name}${a.seat ? `（${a.seat}）` : ''}` })));
  const section = el('select', { id: 'seat-section', className: 'input' }, plan.hall.map((s) => el('option', { attrs: { value: s.name }, text: s.name })));
  const row = el('input', { id: 'seat-row', className: 'input input-narrow', attrs: { type: 'number', min: '1' } });
  const number = el('input', { id: 'seat-number', className: 'input input-narrow', attrs: { type: 'number', min: '1' } });
  const status = el('p', { id: 'seat-status', className: 'status-line', attrs: { role: 'status' } });
  const put = el('button', { id: 'seat-assign', className: 'btn', attrs: { type: 'button' }, text: t('seating.assign') });
  put.addEventListener('click', () => whileBusy(put, async () => {
    try {
      await api.assignSeat(Number(who.value), { section: section.value, row: Number(row.value), number: Number(number.value) });
      reload();
    } catch (err) {
      status.className = 'status-line warn-text';
      status.textContent = describeError(err).sentence;
    }
  }));
  const clear = el('button', { id: 'seat-clear', className: 'btn btn-danger-quiet', attrs: { type: 'button' }, text: t('seating.clear_one') });
  clear.addEventListener('click', () => whileBusy(clear, async () => {
    try {
      await api.assignSeat(Number(who.value), null);
      reload();
    } catch (err) {
      showError(err);
    }
  }));
  return el('section', { className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('seating.by_hand') }),
    el('div', { className: 'form-row' }, [field(t('attendee.col.name'), who), field(t('seating.section'), section), field(t('seating.row'), row), field(t('seating.number'), number)]),
    el('div', { className: 'actions' }, [put, clear]),
    status,
  ]);
}

/** The hall as a grid: each seat a cell with the sitter's surname, tinted by credential. */
function planView(plan, attendees) {
  if (plan.hall.length === 0) return null;
  const byId = new Map(attendees.map((a) => [a.id, a]));
  const at = new Map(plan.seats.map((s) => [`${s.section}|${s.row}|${s.number}`, s]));
  return el('section', { id: 'seat-plan', className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('seating.plan') }),
    el('div', { className: 'stage', text: t('seating.stage') }),
    el('div', { className: 'hall' }, plan.hall.map((section) => el('div', { className: 'hall-block' }, [
      el('div', { className: 'hall-block-name', text: section.name }),
      el('div', { className: 'seat-grid' }, Array.from({ length: section.rows }, (_, r) => el('div', { className: 'seat-row' },
        Array.from({ length: section.seats }, (_, n) => {
          const seat = at.get(`${section.name}|${r + 1}|${n + 1}`);
          const person = seat && byId.get(seat.attendee_id);
          return el('span', {
            className: ['seat', seat && `cat-${seat.category}`],
            attrs: { title: seat ? `${section.name} ${r + 1}排 ${n + 1}号 ${seat.name}${seat.group ? ` · ${seat.group}` : ''}` : `${section.name} ${r + 1}排 ${n + 1}号` },
            text: seat ? Array.from(seat.name)[0] : '',
            dataset: person ? { attendeeId: person.id } : {},
          });
        })))),
    ]))),
    el('p', { className: 'muted', text: ['delegate', 'observer', 'guest', 'staff'].map((c) => codeLabel('category', c)).join(' · ') }),
  ]);
}
