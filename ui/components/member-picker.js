// Picks one member by typing part of a name, pinyin initials or phone digits (search_members).
import * as api from '../api.js';
import { el, replace } from './dom.js';
import { showError } from './errors.js';
import { t } from '../i18n/index.js';
import { orEmpty } from './format.js';

const DEBOUNCE_MS = 150;
const SHOWN = 8;

/**
 * options: {id, placeholder, onPick(hit)}.
 * Returns {element, get value() → the picked hit or null, clear(), focus()}.
 */
export function createMemberPicker({ id, placeholder, onPick } = {}) {
  let timer = null;
  let seq = 0;
  let hits = [];
  let active = -1;
  let picked = null;

  const listId = `${id}-results`;
  const input = el('input', {
    id,
    className: 'input picker-input',
    attrs: {
      type: 'search',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: placeholder || t('picker.placeholder'),
      'aria-label': placeholder || t('picker.placeholder'),
      role: 'combobox',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'aria-autocomplete': 'list',
    },
  });
  const list = el('ul', { id: listId, className: 'picker-results', attrs: { role: 'listbox' }, hidden: true });
  const chosen = el('div', { className: 'picker-chosen', hidden: true });
  const element = el('div', { className: 'picker' }, [input, list, chosen]);

  const describe = (hit) => [hit.graduation_year, hit.college, hit.phone_masked].filter((v) => v !== null && v !== undefined && v !== '').join(' · ');

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    active = -1;
  }

  function show() {
    if (hits.length === 0) {
      replace(list, el('li', { className: 'picker-empty', text: t('picker.no_match') }));
    } else {
      replace(list, hits.map((hit, index) => el('li', {
        className: ['picker-option', index === active && 'active'],
        attrs: { role: 'option', 'aria-selected': index === active ? 'true' : 'false' },
        dataset: { memberId: hit.id },
        on: {
          // mousedown rather than click: the input's blur would close the list first.
          mousedown: (event) => {
            event.preventDefault();
            pick(hit);
          },
        },
      }, [
        el('span', { className: 'picker-name', text: orEmpty(hit.name) }),
        el('span', { className: 'picker-meta muted', text: describe(hit) }),
      ])));
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function pick(hit) {
    picked = hit;
    close();
    input.value = '';
    replace(chosen, [
      el('span', { className: 'picker-chosen-label', text: t('picker.chosen') }),
      el('strong', { text: orEmpty(hit.name) }),
      describe(hit) ? el('span', { className: 'muted', text: describe(hit) }) : null,
      el('button', {
        className: 'btn btn-quiet btn-small',
        attrs: { type: 'button', title: t('picker.clear'), 'aria-label': t('picker.clear') },
        text: '×',
        on: { click: () => clearPick(true) },
      }),
    ]);
    chosen.hidden = false;
    if (onPick) onPick(hit);
  }

  function clearPick(focus) {
    picked = null;
    chosen.hidden = true;
    replace(chosen, []);
    input.value = '';
    hits = [];
    close();
    if (focus) input.focus();
  }

  async function search() {
    timer = null;
    const text = input.value.trim();
    const mine = ++seq;
    if (!text) {
      hits = [];
      close();
      return;
    }
    try {
      const found = await api.searchMembers({ text, limit: SHOWN, offset: 0 });
      // Only the latest query's answer is shown.
      if (mine !== seq) return;
      hits = Array.isArray(found) ? found.slice(0, SHOWN) : [];
      active = hits.length ? 0 : -1;
      show();
    } catch (err) {
      if (mine === seq) showError(err);
    }
  }

  const onText = (event) => {
    // Half-composed pinyin is not searched; compositionend brings the chosen characters.
    if (event.isComposing) return;
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  };
  input.addEventListener('input', onText);
  input.addEventListener('compositionend', onText);
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.hidden || hits.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + hits.length) % hits.length;
      show();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!list.hidden && hits[active]) pick(hits[active]);
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => close());

  return {
    element,
    get value() {
      return picked;
    },
    clear: () => clearPick(false),
    focus: () => input.focus(),
  };
}
