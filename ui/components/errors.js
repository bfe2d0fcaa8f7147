// Turns an AppError into a sentence in the user's language and shows whatever a view does not handle.
import { el } from './dom.js';
import { t, hasKey, onLocaleChange } from '../i18n/index.js';
import { codeLabel } from './format.js';

// The kinds that API.md promises, plus `unreachable` from api.js itself.
const PHRASED = new Set([
  'not_a_database', 'foreign_database', 'newer_version', 'not_found', 'forbidden',
  'invalid_input', 'demo_not_empty', 'internal', 'unreachable',
  'duplicate_member', 'cancelled', 'unreadable_file', 'not_a_spreadsheet', 'empty_file',
  'no_header', 'write_failed', 'missing_glyphs', 'invalid_image',
  'invalid_mapping', 'records_changed', 'cannot_write_file',
  'no_attendees', 'print_unavailable', 'print_failed', 'open_failed',
  'wrong_pin', 'pin_required', 'pin_required_to_set', 'not_checked_in', 'door_open',
]);
// For these the plain message helps whoever reads the log or calls for support.
const SHOW_DETAIL = new Set(['internal', 'unreachable', 'unreadable_file', 'write_failed', 'open_failed']);
const MAX_SHOWN = 4;

const OWN_SENTENCE = new Set(['no_quorum', 'above_present', 'already_on_list', 'taken']);

/** {sentence, detail}: the sentence from kind + params, detail the backend's plain message where useful. */
export function describeError(err) {
  const kind = err && typeof err.kind === 'string' ? err.kind : null;
  const params = (err && err.params) || {};
  const message = err && err.message ? String(err.message) : '';
  if (!kind || !PHRASED.has(kind) || !hasKey(`error.${kind}`)) {
    return { sentence: message || t('error.unknown'), detail: '' };
  }
  const words = {
    ...params,
    entity: codeLabel('entity', asCode(params.entity)),
    action: codeLabel('action', asCode(params.action)),
    field: codeLabel('field', asCode(params.field)),
    reason: codeLabel('reason', asCode(params.reason)),
  };
  // Characters the font lacks arrive as one string; listed one by one they are easier to find.
  if (kind === 'missing_glyphs' && typeof params.chars === 'string') {
    words.chars = Array.from(params.chars).join(t('import.list_sep'));
  }
  // A refusal that names people or counts reads as its own sentence, not "field: reason".
  if (kind === 'invalid_input' && OWN_SENTENCE.has(params.reason)) {
    return {
      sentence: t(`error.${params.reason}`, {
        ...params,
        category: codeLabel('category', asCode(params.category)),
        group: params.group ? ` · ${params.group}` : '',
      }),
      detail: '',
    };
  }
  return {
    sentence: t(`error.${kind}`, words),
    detail: SHOW_DETAIL.has(kind) && message && message !== kind ? message : '',
  };
}

/** Params may be codes (`restore_database`) or short English phrases (`restore a backup`): fold both to a key. */
function asCode(value) {
  if (value === null || value === undefined) return value;
  return String(value).trim().toLowerCase().replace(/[\s-]+/g, '_');
}

const shown = [];

function region() {
  let node = document.getElementById('errors');
  if (!node) {
    node = el('div', { id: 'errors', className: 'errors', attrs: { 'aria-live': 'assertive' } });
    document.body.appendChild(node);
  }
  return node;
}

function buildToast(entry) {
  const { sentence, detail } = describeError(entry.err);
  return el('div', { className: 'error-toast', attrs: { role: 'alert' } }, [
    el('div', { className: 'error-text' }, [
      el('strong', { className: 'error-sentence', text: sentence }),
      detail ? el('div', { className: 'error-detail', text: detail }) : null,
    ]),
    el('button', {
      className: 'btn btn-quiet error-close',
      attrs: { type: 'button', 'aria-label': t('common.close'), title: t('common.close') },
      text: '×',
      on: { click: () => dismiss(entry) },
    }),
  ]);
}

function dismiss(entry) {
  const index = shown.indexOf(entry);
  if (index >= 0) shown.splice(index, 1);
  entry.node.remove();
}

/** Shows an error until the user closes it; the oldest goes when too many pile up. */
export function showError(err) {
  console.error(err);
  const entry = { err, node: null };
  entry.node = buildToast(entry);
  shown.push(entry);
  region().appendChild(entry.node);
  while (shown.length > MAX_SHOWN) dismiss(shown[0]);
}

/** Removes every shown error (e.g. after the database was switched). */
export function clearErrors() {
  while (shown.length) dismiss(shown[0]);
}

// Errors still on screen are rephrased when the language changes.
onLocaleChange(() => {
  for (const entry of shown) {
    const fresh = buildToast(entry);
    entry.node.replaceWith(fresh);
    entry.node = fresh;
  }
});
