// A modal confirmation built on <dialog>, because the webview's window.confirm is not dependable.
import { el } from './dom.js';
import { t } from '../i18n/index.js';

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
