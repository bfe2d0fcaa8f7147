// The agenda tab: items in order with their planned start (computed from the meeting's start
// and the durations), moved up and down, edited, removed; a report's text typed, pasted or
// imported from .txt/.docx, or its PDF attached.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError, describeError } from '../components/errors.js';
import { confirmDialog, field, formDialog } from '../components/dialog.js';
import { codeLabel, formatTime, formatNumber, orEmpty } from '../components/format.js';
import { t } from '../i18n/index.js';
import { wallClockInput } from './meeting-form.js';

const KINDS = ['speech', 'report', 'motion', 'election', 'other'];

/** Fills the agenda tab of `meeting` through `fill`. */
export function agendaTab(meeting, fill) {
  const list = el('div', { id: 'agenda-list' });
  const notice = el('div', { id: 'agenda-notice', attrs: { role: 'status' } });
  const load = () => api.listAgenda(meeting.id).then((items) => {
    replace(list, itemsTable(items));
  }).catch(showError);

  function itemsTable(items) {
    if (items.length === 0) return el('p', { id: 'agenda-empty', className: 'muted', text: t('agenda.empty') });
    const move = (index, delta) => {
      const ids = items.map((i) => i.id);
      const [moved] = ids.splice(index, 1);
      ids.splice(index + delta, 0, moved);
      return api.reorderAgenda(meeting.id, ids).then(load).catch(showError);
    };
    return el('table', { id: 'agenda-table', className: 'data-table agenda-table' }, [
      el('thead', {}, el('tr', {}, ['agenda.col.no', 'agenda.col.start', 'agenda.col.title', 'agenda.col.kind', 'agenda.col.presenter', 'agenda.col.minutes', 'agenda.col.report', 'agenda.col.actions']
        .map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, items.map((item, index) => el('tr', { dataset: { itemId: item.id, position: item.position } }, [
        el('td', { className: 'num', text: String(item.position) }),
        el('td', { className: 'agenda-start', text: item.starts_at ? formatTime(item.starts_at) : t('common.empty') }),
        el('td', { className: 'agenda-title', text: item.title }),
        el('td', { text: codeLabel('agenda_kind', item.kind) }),
        el('td', { text: orEmpty(item.presenter) }),
        el('td', { className: 'num', text: item.duration_min ? String(item.duration_min) : t('common.empty') }),
        el('td', { className: 'agenda-report' }, [
          item.text_chars ? el('span', { className: 'tag', text: t('agenda.text_chars', { chars: formatNumber(item.text_chars) }) }) : null,
          item.attachment_name ? el('span', { className: 'tag tag-accent', text: item.attachment_name }) : null,
        ]),
        el('td', { className: 'row-actions' }, [
          el('button', { className: 'btn btn-small move-up', attrs: { type: 'button', title: t('agenda.up'), disabled: index === 0 ? '' : null }, text: '↑', on: { click: (e) => whileBusy(e.currentTarget, () => move(index, -1)) } }),
          el('button', { className: 'btn btn-small move-down', attrs: { type: 'button', title: t('agenda.down'), disabled: index === items.length - 1 ? '' : null }, text: '↓', on: { click: (e) => whileBusy(e.currentTarget, () => move(index, 1)) } }),
          el('button', { className: 'btn btn-small edit-item', attrs: { type: 'button' }, text: t('agenda.edit'), on: { click: () => itemForm(item).then((saved) => saved && load()) } }),
          el('button', { className: 'btn btn-small edit-report', attrs: { type: 'button' }, text: t('agenda.report'), on: { click: () => openReport(item) } }),
          el('button', {
            className: 'btn btn-small btn-danger-quiet delete-item', attrs: { type: 'button' }, text: t('agenda.delete'),
            on: {
              click: (e) => whileBusy(e.currentTarget, async () => {
                const go = await confirmDialog({ title: t('agenda.delete'), message: t('agenda.delete_confirm', { title: item.title }), confirmText: t('agenda.delete'), danger: true });
                if (!go) return;
                try {
                  await api.deleteAgendaItem(item.id);
                  await load();
                } catch (err) {
                  showError(err);
                }
              }),
            },
          }),
        ]),
      ]))),
    ]);
  }

  async function itemForm(item = null) {
    const title = el('input', { id: 'ai-title', className: 'input', attrs: { type: 'text', maxlength: '100', required: '' }, props: { value: item ? item.title : '' } });
    const kind = el('select', { id: 'ai-kind', className: 'input' },
      KINDS.map((k) => el('option', { attrs: { value: k }, props: { selected: item ? item.kind === k : k === 'report' }, text: codeLabel('agenda_kind', k) })));
    const presenter = el('input', { id: 'ai-presenter', className: 'input', attrs: { type: 'text', maxlength: '60' }, props: { value: (item && item.presenter) || '' } });
    const minutes = el('input', { id: 'ai-minutes', className: 'input input-narrow', attrs: { type: 'number', min: '1', max: '600' }, props: { value: item && item.duration_min ? String(item.duration_min) : '' } });
    const fixed = el('input', { id: 'ai-fixed', className: 'input', attrs: { type: 'datetime-local' }, props: { value: wallClockInput(item && item.fixed_start) } });
    return formDialog({
      id: 'agenda-item-form',
      title: item ? t('agenda.edit_title') : t('agenda.add_title'),
      content: [
        field(t('agenda.col.title'), title),
        el('div', { className: 'form-row' }, [field(t('agenda.col.kind'), kind), field(t('agenda.col.minutes'), minutes)]),
        field(t('agenda.col.presenter'), presenter),
        field(t('agenda.fixed_start'), fixed, t('agenda.fixed_start_hint')),
      ],
      submit: () => {
        const setup = {
          title: title.value,
          kind: kind.value,
          presenter: presenter.value || null,
          duration_min: minutes.value ? Number(minutes.value) : null,
          fixed_start: fixed.value || null,
        };
        return item ? api.updateAgendaItem(item.id, setup) : api.addAgendaItem(meeting.id, setup);
      },
    });
  }

  // The report's text in a dialog: typed or pasted (saved with the dialog), or imported from a
  // .txt/.docx file or replaced by an attached PDF at once.
  async function openReport(item) {
    let report;
    try {
      report = await api.getReportText(item.id);
    } catch (err) {
      showError(err);
      return;
    }
    const text = el('textarea', { id: 'report-text', className: 'input report-textarea', attrs: { rows: '12', spellcheck: 'false' }, props: { value: report.text } });
    const status = el('p', { id: 'report-status', className: 'muted', attrs: { role: 'status' } });
    const fromFile = el('button', { id: 'report-import', className: 'btn', attrs: { type: 'button' }, text: t('agenda.report_import') });
    fromFile.addEventListener('click', () => whileBusy(fromFile, async () => {
      try {
        const imported = await api.importReportText(item.id, t('agenda.report_import'));
        if (!imported) return;
        text.value = imported.text;
        status.textContent = t('agenda.report_saved', { blocks: imported.blocks.length });
      } catch (err) {
        status.textContent = describeError(err).sentence;
      }
    }));
    const attach = el('button', { id: 'report-attach', className: 'btn', attrs: { type: 'button' }, text: t('agenda.report_attach') });
    attach.addEventListener('click', () => whileBusy(attach, async () => {
      try {
        const updated = await api.attachReportPdf(item.id, t('agenda.report_attach'));
        if (updated) status.textContent = t('agenda.report_attached', { file: updated.attachment_name });
      } catch (err) {
        status.textContent = describeError(err).sentence;
      }
    }));
    const detach = item.attachment_name ? el('button', { id: 'report-detach', className: 'btn btn-danger-quiet', attrs: { type: 'button' }, text: t('agenda.report_detach', { file: item.attachment_name }) }) : null;
    if (detach) {
      detach.addEventListener('click', () => whileBusy(detach, async () => {
        try {
          await api.removeReportPdf(item.id);
          detach.remove();
        } catch (err) {
          status.textContent = describeError(err).sentence;
        }
      }));
    }
    const saved = await formDialog({
      id: 'report-form',
      title: t('agenda.report_title', { title: item.title }),
      wide: true,
      submitText: t('agenda.report_save'),
      content: [
        el('p', { className: 'muted', text: t('agenda.report_hint') }),
        text,
        el('div', { className: 'actions' }, [fromFile, attach, detach]),
        status,
      ],
      submit: () => api.setReportText(item.id, text.value),
    });
    // Imports and attachments are stored at once, so the list is reloaded even on cancel.
    await load();
    if (saved) replace(notice, el('p', { id: 'report-saved', className: 'ok-text', text: t('agenda.report_saved_for', { title: item.title, blocks: saved.blocks.length }) }));
  }

  const add = el('button', { id: 'agenda-add', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('agenda.add') });
  add.addEventListener('click', () => itemForm().then((saved) => saved && load()));
  load().then(() => fill([
    el('section', { className: 'panel' }, [
      el('div', { className: 'panel-head' }, [
        el('h3', { className: 'panel-title', text: t('workspace.tab.agenda') }),
        add,
      ]),
      el('p', { className: 'muted', text: t('agenda.hint') }),
      notice,
      list,
    ]),
  ]));
}
