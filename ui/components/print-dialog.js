// The print dialog for a rendered document: which printer (the system default preselected), how many
// copies, then the job the print service took; optionally save and open as well (a badge reprint).
import * as api from '../api.js';
import { el, replace, whileBusy } from './dom.js';
import { describeError } from './errors.js';
import { formatCount, formatFileSize } from './format.js';
import { t } from '../i18n/index.js';

const MAX_COPIES = 999;

/** "15 页 · 72 KB" / "15 pages · 72 KB" for a rendered document. */
export function fileFacts(file) {
  return `${formatCount(file && file.pages, 'pages')} · ${formatFileSize(file && file.bytes)}`;
}

/** The copies typed, or null unless a whole number 1–999. */
function parseCopies(text) {
  const value = String(text).trim();
  if (!/^\d{1,3}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= MAX_COPIES ? n : null;
}

/**
 * Opens the dialog for file ({path, file_name, pages, bytes} from render_meeting_document).
 * options: {heading (what is printed, in words), offerFile (also show Save… and Open)}.
 * Resolves when the dialog closes.
 */
export function openPrintDialog(file, { heading, offerFile = false } = {}) {
  return new Promise((resolve) => {
    const printerSelect = el('select', {
      id: 'print-printer',
      className: 'input print-printer',
      attrs: { 'aria-label': t('print.printer') },
      props: { disabled: true },
    }, el('option', { attrs: { value: '' }, text: t('print.loading_printers') }));
    const copies = el('input', {
      id: 'print-copies',
      className: 'input input-number',
      attrs: { type: 'number', min: '1', max: String(MAX_COPIES), step: '1', inputmode: 'numeric', 'aria-label': t('print.copies') },
      props: { value: '1' },
    });
    const noPrinters = el('p', { id: 'print-no-printers', className: 'field-hint status-error', hidden: true, text: t('print.no_printers') });
    const status = el('p', { id: 'print-status', className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
    const run = el('button', {
      id: 'print-run', className: 'btn btn-primary', attrs: { type: 'button' }, props: { disabled: true }, text: t('print.run'),
    });
    const close = el('button', { id: 'print-close', className: 'btn', attrs: { type: 'button' }, text: t('common.close') });

    const say = (content, isError = false) => {
      replace(status, content);
      status.classList.toggle('status-error', isError);
      status.classList.toggle('status', !isError);
    };
    const sayError = (err) => {
      // The error region sits under the modal, so the sentence is shown in the dialog itself.
      const { sentence, detail } = describeError(err);
      say(detail ? `${sentence} ${detail}` : sentence, true);
    };

    const fileButtons = [];
    if (offerFile) {
      const save = el('button', { id: 'print-save', className: 'btn', attrs: { type: 'button' }, text: t('documents.save') });
      save.addEventListener('click', () => whileBusy(save, async () => {
        try {
          const saved = await api.saveDocument(file.path, file.file_name, t('documents.save_title'));
          if (saved && saved.path) say(t('documents.saved', { path: saved.path }));
        } catch (err) {
          sayError(err);
        }
      }));
      const open = el('button', { id: 'print-open', className: 'btn', attrs: { type: 'button' }, text: t('documents.open') });
      open.addEventListener('click', () => whileBusy(open, async () => {
        try {
          await api.openDocument(file.path);
          say(t('documents.opened'));
        } catch (err) {
          sayError(err);
        }
      }));
      fileButtons.push(save, open);
    }

    const dialog = el('dialog', { id: 'print-dialog', className: 'dialog print-dialog', attrs: { 'aria-labelledby': 'print-title' } }, [
      el('h2', { id: 'print-title', className: 'dialog-title', text: heading || t('print.title') }),
      el('p', { className: 'dialog-message print-file' }, [
        el('span', { id: 'print-file-name', className: 'print-file-name', text: file.file_name }),
        el('span', { className: 'muted', text: fileFacts(file) }),
      ]),
      el('div', { className: 'print-fields' }, [
        el('label', { className: 'field-label', attrs: { for: 'print-printer' }, text: t('print.printer') }),
        printerSelect,
        el('label', { className: 'field-label', attrs: { for: 'print-copies' }, text: t('print.copies') }),
        el('div', { className: 'inline-controls' }, [copies, el('span', { className: 'muted', text: t('print.copies_hint') })]),
      ]),
      noPrinters,
      status,
      el('div', { className: 'dialog-actions' }, [
        ...fileButtons,
        el('span', { className: 'dialog-actions-gap' }),
        close,
        run,
      ]),
    ]);

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
      if (!run.hasAttribute('aria-busy')) finish();
    });

    run.addEventListener('click', () => {
      const n = parseCopies(copies.value);
      if (n === null) {
        say(t('print.copies_invalid'), true);
        copies.focus();
        return;
      }
      say('');
      whileBusy(run, async () => {
        close.disabled = true;
        try {
          const printed = await api.printDocument(file.path, printerSelect.value || null, n);
          say(el('strong', { id: 'print-job', text: t('print.sent', { job: printed && printed.job ? printed.job : '' }) }));
        } catch (err) {
          sayError(err);
        } finally {
          close.disabled = false;
        }
      });
    });

    api.listPrinters().then((printers) => {
      const list = Array.isArray(printers) ? printers : [];
      if (list.length === 0) {
        replace(printerSelect, el('option', { attrs: { value: '' }, text: t('print.none') }));
        noPrinters.hidden = false;
        return;
      }
      // The default first, so it is the one chosen unless the user picks another.
      const ordered = [...list.filter((p) => p.is_default), ...list.filter((p) => !p.is_default)];
      replace(printerSelect, ordered.map((p) => el('option', {
        attrs: { value: p.name },
        props: { selected: Boolean(p.is_default) },
        text: p.is_default ? t('print.default_printer', { name: p.name }) : p.name,
      })));
      printerSelect.disabled = false;
      run.disabled = false;
      run.focus();
    }).catch((err) => {
      replace(printerSelect, el('option', { attrs: { value: '' }, text: t('print.none') }));
      sayError(err);
    });

    document.body.appendChild(dialog);
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    close.focus();
  });
}
