// Council terms (届): each term's officers, council and supervisors, grouped by office in protocol order.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { createMemberPicker } from '../components/member-picker.js';
import { formatCount, formatDay, codeLabel, orEmpty } from '../components/format.js';
import { OFFICES, termLabel } from '../components/member-fields.js';
import { t } from '../i18n/index.js';

// Terms, the chosen term and its positions, kept across a language switch.
let terms = null;
let selectedId = null;
let positions = null; // {termId, rows}

/** Renders the council terms page; #/council?term=N opens term id N. */
export function render(ctx) {
  const fromQuery = Number(ctx.query && ctx.query.get('term'));
  if (ctx.reason !== 'locale' && Number.isInteger(fromQuery) && fromQuery > 0) selectedId = fromQuery;

  const termsBox = el('div', {}, el('p', { className: 'loading', text: t('common.loading') }));
  const main = el('div', { className: 'council-main' });
  const root = el('section', { id: 'council', className: 'view-council' }, [
    el('div', { className: 'view-header' }, [
      el('a', { className: 'back-link', attrs: { href: '#/members' }, text: t('member.back') }),
      el('h2', { className: 'view-title', text: t('council.title') }),
      el('p', { className: 'muted', text: t('council.intro') }),
    ]),
    el('div', { className: 'split' }, [
      el('aside', { className: 'panel split-side' }, [el('h3', { className: 'panel-title', text: t('council.terms') }), termsBox]),
      main,
    ]),
  ]);

  function fill() {
    replace(termsBox, terms.length === 0
      ? el('p', { className: 'muted', text: t('council.no_terms') })
      : el('ul', { id: 'term-list', className: 'tree' }, terms.map((term) => el('li', {}, el('button', {
        className: ['branch-node', 'term-node', term.id === selectedId && 'selected'],
        attrs: { type: 'button', 'aria-pressed': term.id === selectedId ? 'true' : 'false' },
        dataset: { termId: term.id },
        on: { click: () => select(term.id) },
      }, [
        el('span', { className: 'branch-node-name', text: termLabel(term.number) }),
        el('span', { className: 'branch-node-meta muted' }, [
          [term.starts_on ? formatDay(term.starts_on) : null, term.ends_on ? formatDay(term.ends_on) : null]
            .filter(Boolean).join(' – ') || null,
          term.positions !== undefined ? ` · ${t('council.positions_n', { n: term.positions })}` : null,
        ]),
      ])))));
    drawMain();
    root.dataset.ready = 'true';
  }

  function select(id) {
    selectedId = id;
    positions = null;
    fill();
    const node = termsBox.querySelector(`.term-node[data-term-id="${id}"]`);
    if (node) node.focus();
    loadPositions(id);
  }

  const loadTerms = () => api.listTerms().then((list) => {
    terms = Array.isArray(list) ? list : [];
    if (!terms.some((term) => term.id === selectedId)) selectedId = terms.length ? terms[0].id : null;
    if (ctx.isCurrent()) fill();
  });

  function loadPositions(termId) {
    return api.termPositions(termId).then((rows) => {
      if (selectedId !== termId) return;
      positions = { termId, rows: Array.isArray(rows) ? rows : [] };
      if (ctx.isCurrent()) drawMain();
    }).catch((err) => {
      if (ctx.isCurrent()) showError(err);
    });
  }

  function drawMain() {
    const term = (terms || []).find((x) => x.id === selectedId);
    if (!term) {
      replace(main, el('div', { className: 'panel muted', text: t('council.pick') }));
      return;
    }
    const rows = positions && positions.termId === term.id ? positions.rows : null;

    const picker = createMemberPicker({ id: 'position-search', placeholder: t('council.add_placeholder') });
    const office = el('select', { id: 'position-office', className: 'input', attrs: { 'aria-label': t('council.office') } },
      OFFICES.map((o) => el('option', { attrs: { value: o }, props: { selected: o === 'council' }, text: codeLabel('office', o) })));
    const add = el('button', { id: 'position-add', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('council.add') });
    add.addEventListener('click', () => whileBusy(add, async () => {
      const hit = picker.value;
      if (!hit) {
        picker.focus();
        return;
      }
      if (await change(term.id, hit.id, office.value, true)) picker.clear();
    }));

    let groups;
    if (rows === null) groups = el('p', { className: 'loading', text: t('common.loading') });
    else {
      // Offices in protocol order; an office the list does not know goes last, as it came.
      const known = OFFICES.filter((o) => rows.some((r) => r.office === o));
      const unknown = [...new Set(rows.map((r) => r.office).filter((o) => !OFFICES.includes(o)))];
      groups = rows.length === 0
        ? el('p', { className: 'muted', text: t('council.no_positions') })
        : el('div', { id: 'term-positions', className: 'office-groups' }, [...known, ...unknown].map((o) => {
          const holders = rows.filter((r) => r.office === o);
          return el('section', { className: 'office-group', dataset: { office: o } }, [
            el('h4', { className: 'office-title' }, [
              codeLabel('office', o),
              el('span', { className: 'muted title-count', text: formatCount(holders.length) }),
            ]),
            el('ul', { className: 'holder-list' }, holders.map((h) => el('li', { className: 'position-row', dataset: { memberId: h.member_id, office: o } }, [
              el('a', { attrs: { href: `#/members/${encodeURIComponent(h.member_id)}` }, text: orEmpty(h.name) }),
              el('button', {
                className: 'btn btn-quiet btn-small position-remove',
                attrs: { type: 'button', title: t('council.remove_hint', { name: h.name, office: codeLabel('office', o) }), 'aria-label': t('council.remove_hint', { name: h.name, office: codeLabel('office', o) }) },
                text: '×',
                on: {
                  click: (event) => whileBusy(event.currentTarget, async () => {
                    const ok = await confirmDialog({
                      title: t('council.remove_confirm_title'),
                      message: t('council.remove_confirm', { name: h.name, office: codeLabel('office', o), term: termLabel(term.number) }),
                      confirmText: t('council.remove'),
                      danger: true,
                    });
                    if (ok) await change(term.id, h.member_id, o, false);
                  }),
                },
              }),
            ]))),
          ]);
        }));
    }

    replace(main, el('section', { id: 'term-detail', className: 'panel', dataset: { termId: term.id } }, [
      el('h3', { id: 'term-title', className: 'panel-title' }, [
        termLabel(term.number),
        rows ? el('span', { className: 'muted title-count', text: t('council.positions_n', { n: rows.length }) }) : null,
      ]),
      el('div', { className: 'inline-form add-row' }, [picker.element, office, add]),
      groups,
    ]));
  }

  async function change(termId, memberId, office, held) {
    try {
      await api.setPosition(termId, memberId, office, held);
      await Promise.all([loadTerms(), loadPositions(termId)]);
      return true;
    } catch (err) {
      showError(err);
      return false;
    }
  }

  if (ctx.reason === 'locale' && terms) {
    fill();
    return root;
  }
  loadTerms().then(() => {
    if (selectedId !== null && ctx.isCurrent()) loadPositions(selectedId);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(termsBox, el('p', { className: 'muted', text: t('common.load_failed') }));
    root.dataset.ready = 'true';
    showError(err);
  });
  return root;
}
