// A modal confirmation built on <dialog>, because the webview's window.confirm is not dependable.
import { el } from './dom.js';
import { t } from '../i18n/index.js';
import { describeError } from './errors.js';

/** Resolves true when the user confirms, false when they cancel or press Escape. */
export function confirmDialog({ title, message, confirmText, danger = false }) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const confirmButton = el('button', {
      className: ['btn', danger ? 'btn-danger' : 'btn-primary'],
      attrs: { type: 'button' },
      text: confirmText || t('common.ok'),
      on: { click: () => finish(true) },
    });
    const dialog = el('dialog', { className: 'dialog', attrs: { 'aria-labelledby': 'dialog-title' } }, [
      el('h2', { id: 'dialog-title', className: 'dialog-title', text: title }),
      el('p', { className: 'dialog-message', text: message }),
      el('div', { className: 'dialog-actions' }, [
        el('button', {
          className: 'btn',
          attrs: { type: 'button' },
          text: t('common.cancel'),
          on: { click: () => finish(false) },
        }),
        confirmButton,
      ]),
    ]);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
      // Cancel has the focus first: restoring over the live database should take a deliberate click.
      dialog.querySelector('.dialog-actions .btn').focus();
    } else {
      dialog.remove();
      settled = true;
      resolve(window.confirm(`${title}\n\n${message}`));
    }
  });
}

/**
 * A modal form: `content` (the fields), a status line, Cancel and `submitText`. On submit,
 * `submit()` runs; its result resolves the dialog, and an error it throws is phrased in the
 * dialog itself (the page's error region sits under the modal) and the form stays open.
 * Resolves null when cancelled.
 */
export function formDialog({ id, title, content, submitText, submit, wide = false }) {
  return new Promise((resolve) => {
    let settled = false;
    const status = el('p', { id: `${id}-status`, className: 'status-line warn-text', attrs: { role: 'status', 'aria-live': 'polite' } });
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const save = el('button', { id: `${id}-save`, className: 'btn btn-primary', attrs: { type: 'submit' }, text: submitText || t('common.save') });
    const form = el('form', { className: 'dialog-form', attrs: { method: 'dialog' } }, [
      ...[].concat(content),
      status,
      el('div', { className: 'dialog-actions' }, [
        el('button', { id: `${id}-cancel`, className: 'btn', attrs: { type: 'button' }, text: t('common.cancel'), on: { click: () => finish(null) } }),
        save,
      ]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (save.disabled) return;
      save.disabled = true;
      status.textContent = '';
      Promise.resolve()
        .then(submit)
        .then((result) => finish(result === undefined ? true : result))
        .catch((err) => {
          const { sentence, detail } = describeError(err);
          status.textContent = detail ? `${sentence} ${detail}` : sentence;
        })
        .finally(() => { save.disabled = false; });
    });
    const dialog = el('dialog', { id, className: ['dialog', wide && 'dialog-wide'], attrs: { 'aria-labelledby': `${id}-title` } }, [
      el('h2', { id: `${id}-title`, className: 'dialog-title', text: title }),
      form,
    ]);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  });
}

/** A labelled form field around `control`. */
export function field(label, control, hint) {
  return el('label', { className: 'form-field' }, [
    el('span', { className: 'form-label', text: label }),
    control,
    hint ? el('span', { className: 'form-hint muted', text: hint }) : null,
  ]);
}
