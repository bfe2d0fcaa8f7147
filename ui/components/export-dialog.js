// The export dialog: which columns, and (administrators only) whether phone and ID numbers go out unmasked.
import * as api from '../api.js';
import { el, replace, setProgress, whileBusy } from './dom.js';
import { describeError } from './errors.js';
import { formatNumber } from './format.js';
import { EXPORT_COLUMNS, exportedByDefault, fieldLabel } from './member-fields.js';
import { t } from '../i18n/index.js';

/**
 * Opens the dialog for the members the current search finds.
 * options: {query (as search_members, limit ignored), isAdmin, summary (what the query is, in words)}.
 * Resolves when the dialog closes.
 */
export function openExportDialog({ query, isAdmin, summary }) {
  return new Promise((resolve) => {
    const boxes = EXPORT_COLUMNS.map((column) => el('input', {
      id: `export-col-${column}`,
      className: 'export-col',
      attrs: { type: 'checkbox', value: column },
      // ID numbers stay out unless someone ticks them on purpose.
      props: { checked: exportedByDefault(column) },
    }));
    const columnsGrid = el('div', { id: 'export-columns', className: 'check-grid' }, EXPORT_COLUMNS.map((column, i) =>
      el('label', { className: 'check', attrs: { for: `export-col-${column}` } }, [boxes[i], el('span', { text: fieldLabel(column) })])));

    const setAll = (checked) => {
      for (const box of boxes) box.checked = checked;
      status.textContent = '';
    };
    const unmasked = el('input', { id: 'export-unmasked', attrs: { type: 'checkbox' }, props: { checked: false } });
    const status = el('p', { id: 'export-status', className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
    const run = el('button', { id: 'export-run', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('export.run') });
    // Shown while the file is being written: a bar and a cancel (nothing is written when cancelled).
    const bar = el('progress', { id: 'export-progress', className: 'progress', attrs: { max: '100' } });
    const stop = el('button', { id: 'export-cancel', className: 'btn btn-danger-outline', attrs: { type: 'button' }, text: t('export.cancel') });
    const progressRow = el('div', { id: 'export-running', className: 'progress-row', attrs: { hidden: '' } }, [bar, stop]);
    let jobId = null;
    stop.addEventListener('click', () => whileBusy(stop, async () => {
      if (!jobId) return;
      try {
        await api.cancelJob(jobId);
      } catch (err) {
        const { sentence } = describeError(err);
        say(sentence, true);
      }
    }));
    const close = el('button', { id: 'export-close', className: 'btn', attrs: { type: 'button' }, text: t('common.close') });

    const dialog = el('dialog', { id: 'export-dialog', className: 'dialog dialog-wide', attrs: { 'aria-labelledby': 'export-title' } }, [
      el('h2', { id: 'export-title', className: 'dialog-title', text: t('export.title') }),
      el('p', { className: 'dialog-message', text: summary || t('export.all') }),
      el('div', { className: 'export-columns-head' }, [
        el('span', { className: 'field-label', text: t('export.columns') }),
        el('button', { className: 'btn btn-small', attrs: { type: 'button' }, text: t('export.select_all'), on: { click: () => setAll(true) } }),
        el('button', { className: 'btn btn-small', attrs: { type: 'button' }, text: t('export.select_none'), on: { click: () => setAll(false) } }),
      ]),
      columnsGrid,
      isAdmin
        ? el('label', { className: 'check check-warning', attrs: { for: 'export-unmasked' } }, [unmasked, el('span', { text: t('export.unmasked') })])
        : null,
      el('p', { className: 'field-hint', text: isAdmin ? t('export.masked_hint') : t('export.masked_hint_staff') }),
      el('p', { className: 'field-hint', text: t('export.file_type_hint') }),
      status,
      progressRow,
      el('div', { className: 'dialog-actions' }, [close, run]),
    ]);

    const say = (text, isError = false) => {
      replace(status, text);
      status.classList.toggle('status-error', isError);
    };

    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve();
    };
    close.addEventListener('click', finish);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (!run.disabled) finish();
    });

    run.addEventListener('click', () => {
      const columns = boxes.filter((b) => b.checked).map((b) => b.value);
      if (columns.length === 0) {
        say(t('export.no_columns'), true);
        return;
      }
      say('');
      whileBusy(run, async () => {
        close.disabled = true;
        jobId = api.newJobId('export');
        const job = jobId;
        const unlisten = await api.followJob(job, (p) => {
          progressRow.hidden = false;
          const total = setProgress(bar, p);
          replace(status, t('export.progress', { done: formatNumber(p.done || 0), total: formatNumber(total) }));
        });
        try {
          const result = await api.exportMembers(query, columns, Boolean(isAdmin && unmasked.checked), t('export.dialog_title'), job);
          // null: the save dialog was cancelled; the choices stay for another try.
          if (!result) return;
          say([
            el('strong', { id: 'export-done', text: t('export.done', { rows: formatNumber(result.rows) }) }),
            el('br'),
            el('span', { id: 'export-path', className: 'path', text: result.path }),
            el('br'),
            el('span', { className: 'muted', text: result.masked === false ? t('export.done_unmasked') : t('export.done_masked') }),
          ]);
        } catch (err) {
          if (err && err.kind === 'cancelled') {
            say(t('export.cancelled'));
            return;
          }
          // The error region sits under the modal, so the sentence is shown in the dialog itself.
          const { sentence, detail } = describeError(err);
          say(detail ? `${sentence} ${detail}` : sentence, true);
        } finally {
          unlisten();
          jobId = null;
          progressRow.hidden = true;
          close.disabled = false;
        }
      });
    });

    document.body.appendChild(dialog);
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    run.focus();
  });
}
