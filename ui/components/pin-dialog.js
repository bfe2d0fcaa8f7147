// Modal PIN entry on <dialog>: asking a profile's PIN before switching to it, or setting a new
// one (typed twice). The PIN goes to the caller and nowhere else: never stored, never logged.
import { el } from './dom.js';
import { describeError } from './errors.js';
import { t } from '../i18n/index.js';

// The backend's rule (staff::check_pin_format): 4 to 12 ASCII digits.
const PIN_PATTERN = /^[0-9]{4,12}$/;

function pinInput(id, label, autocomplete) {
  const input = el('input', {
    id,
    className: 'input input-pin',
    attrs: {
      type: 'password', inputmode: 'numeric', autocomplete, maxlength: '12',
      spellcheck: 'false', 'aria-label': label,
    },
  });
  return {
    input,
    field: el('div', { className: 'field' }, [
      el('label', { className: 'field-label', attrs: { for: id }, text: label }),
      input,
    ]),
  };
}

/**
 * Shows a PIN dialog and resolves null when cancelled.
 * mode 'ask': one PIN, resolves {pin}. mode 'set': a new PIN typed twice (and the old one when
 * withOld), resolves {pin, oldPin}. submit(values) runs before the dialog closes: if it throws,
 * the error is shown inside the dialog and the user may try again.
 */
export function pinDialog({ mode = 'ask', title, message, withOld = false, submit }) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const old = withOld ? pinInput('pin-old', t('pin.old'), 'current-password') : null;
    const first = pinInput('pin-new', mode === 'set' ? t('pin.new') : t('pin.label'), mode === 'set' ? 'new-password' : 'current-password');
    const again = mode === 'set' ? pinInput('pin-again', t('pin.again'), 'new-password') : null;
    const problem = el('p', { id: 'pin-problem', className: 'status status-error', attrs: { role: 'alert' } });
    const ok = el('button', { id: 'pin-ok', className: 'btn btn-primary', attrs: { type: 'submit' }, text: t('common.ok') });
    const cancel = el('button', {
      className: 'btn', attrs: { type: 'button' }, text: t('common.cancel'), on: { click: () => finish(null) },
    });
    const form = el('form', { className: 'form', attrs: { method: 'dialog', novalidate: true } }, [
      el('p', { className: 'dialog-message', text: message }),
      old ? old.field : null,
      first.field,
      again ? again.field : null,
      el('p', { className: 'field-hint', text: t('pin.hint') }),
      problem,
      el('div', { className: 'dialog-actions' }, [cancel, ok]),
    ]);
    const dialog = el('dialog', { id: 'pin-dialog', className: 'dialog', attrs: { 'aria-labelledby': 'pin-dialog-title' } }, [
      el('h2', { id: 'pin-dialog-title', className: 'dialog-title', text: title }),
      form,
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const pin = first.input.value;
      problem.textContent = '';
      if (mode === 'set' && !PIN_PATTERN.test(pin)) {
        problem.textContent = t('pin.invalid');
        first.input.focus();
        return;
      }
      if (again && again.input.value !== pin) {
        problem.textContent = t('pin.mismatch');
        again.input.focus();
        return;
      }
      const values = { pin, oldPin: old ? old.input.value : null };
      ok.disabled = true;
      try {
        if (submit) await submit(values);
        finish(values);
      } catch (err) {
        problem.textContent = describeError(err).sentence;
        (old && err && err.kind === 'wrong_pin' ? old.input : first.input).select();
      } finally {
        ok.disabled = false;
      }
    });
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (old ? old.input : first.input).focus();
  });
}
