// A paper tally sheet's totals (#/elections/ID/sheet): the ballot figures and, per listed
// candidate, 同意 / 不同意 / 弃权 as counted on paper, plus written-in names. Each row shows
// at once whether it adds up to the valid ballots; the core checks the whole sheet again
// (no candidate above the marked ballots, the agrees within seats × ballots) before storing.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError, describeError } from '../components/errors.js';
import { t } from '../i18n/index.js';
import { resultPanel } from './election-result.js';

function numberInput(label, dataset) {
  return el('input', {
    className: 'input input-count',
    attrs: { type: 'number', min: '0', step: '1', inputmode: 'numeric', 'aria-label': label },
    dataset,
    props: { value: '0' },
  });
}

const count = (input) => Math.max(0, Math.floor(Number(input.value) || 0));

/** Renders the tally-sheet form of election `electionId`. */
export function renderSheet(ctx, electionId) {
  const root = el('section', { id: 'tally-sheet', className: 'view-elections', dataset: { election: electionId } },
    el('p', { className: 'loading', text: t('common.loading') }));
  (async () => {
    try {
      const setup = await api.getElection(electionId);
      if (!ctx.isCurrent()) return;
      replace(root, form(setup));
      root.dataset.ready = 'true';
    } catch (err) {
      showError(err);
    }
  })();

  function form(setup) {
    const returned = numberInput(t('results.returned'), { figure: 'returned' });
    const invalid = numberInput(t('results.invalid'), { figure: 'invalid' });
    const blank = numberInput(t('results.blank'), { figure: 'blank' });
    const valid = el('output', { id: 'sheet-valid', className: 'sheet-valid' });
    // A mark-up-to-N ballot's sheet counts only the marks (同意); an unmarked name is an
    // abstention, as on a keyed ballot, so the other two columns follow from the valid ballots.
    const marksOnly = setup.ballot_form === 'mark_up_to_n';
    const columns = marksOnly ? ['agree'] : ['agree', 'disagree', 'abstain'];
    const rows = setup.candidates.map((c) => {
      const cells = columns.map((k) => numberInput(`${c.name} ${t(`results.col_${k}`)}`, { column: k }));
      const sum = el('td', { className: 'num sheet-sum' });
      const tr = el('tr', { dataset: { position: c.position } }, [
        el('td', { className: 'num', text: String(c.position) }),
        el('td', { text: c.name }),
        ...cells.map((i) => el('td', {}, i)),
        sum,
      ]);
      return { tr, cells, sum };
    });
    const writeIns = [];
    const writeInBody = el('tbody');
    const addWriteIn = () => {
      const name = el('input', { className: 'input', attrs: { type: 'text', maxlength: '40', 'aria-label': t('keying.write_in') } });
      const votes = numberInput(t('results.col_agree'), { column: 'agree' });
      writeIns.push({ name, votes });
      writeInBody.append(el('tr', {}, [el('td', {}, name), el('td', {}, votes)]));
    };
    for (let i = 0; i < Math.max(1, setup.write_in_lines); i += 1) if (setup.write_in_lines) addWriteIn();
    const message = el('div', { id: 'sheet-message', attrs: { role: 'status' } });
    const outcome = el('div', { id: 'sheet-result' });

    function check() {
      const v = count(returned) - count(invalid);
      valid.textContent = t('sheet.valid', { count: Math.max(0, v) });
      for (const r of rows) {
        const total = r.cells.reduce((s, i) => s + count(i), 0);
        r.sum.textContent = String(total);
        r.tr.classList.toggle('sheet-off', marksOnly ? total > v - count(blank) : total !== v);
      }
    }
    const table = el('table', { id: 'sheet-table', className: 'table sheet-table' }, [
      el('thead', {}, el('tr', {}, ['sheet.col_no', 'results.col_name', ...columns.map((k) => `results.col_${k}`), 'sheet.col_sum'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, rows.map((r) => r.tr)),
    ]);
    table.addEventListener('input', check);
    for (const i of [returned, invalid, blank]) i.addEventListener('input', check);
    const save = el('button', { id: 'sheet-save', className: 'btn btn-primary btn-large', attrs: { type: 'button' }, text: t('sheet.save') });
    save.addEventListener('click', () => whileBusy(save, async () => {
      const sheet = {
        returned: count(returned), invalid: count(invalid), blank: count(blank),
        listed: rows.map((r) => (marksOnly
          ? { agree: count(r.cells[0]), disagree: 0, abstain: Math.max(0, count(returned) - count(invalid) - count(r.cells[0])) }
          : { agree: count(r.cells[0]), disagree: count(r.cells[1]), abstain: count(r.cells[2]) })),
        write_ins: writeIns.map((w) => [w.name.value.trim(), count(w.votes)]).filter(([n, v]) => n && v > 0),
      };
      try {
        const result = await api.enterTallySheet(setup.id, sheet);
        replace(message, el('p', { className: 'ok-text', text: t('sheet.saved') }));
        replace(outcome, resultPanel(result));
      } catch (err) {
        const { sentence } = describeError(err);
        const who = err.params && err.params.candidate ? `（${err.params.candidate}）` : '';
        replace(message, el('p', { className: 'warn-text', text: `${sentence}${who}` }));
      }
    }));
    check();
    return [
      el('div', { className: 'view-header' }, [
        el('h2', { className: 'view-title', text: `${setup.title} · ${t('sheet.title')}` }),
        el('a', { className: 'panel-link', attrs: { href: `#/elections/${setup.id}` }, text: t('elections.back_to_election') }),
      ]),
      el('p', { className: 'lead', text: t('sheet.intro') }),
      el('section', { className: 'panel' }, [
        el('div', { className: 'actions' }, [
          el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('results.returned') }), returned]),
          el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('results.invalid') }), invalid]),
          el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('results.blank') }), blank]),
          valid,
        ]),
        table,
        setup.write_in_lines ? el('table', { className: 'table' }, [
          el('thead', {}, el('tr', {}, [el('th', { text: t('keying.write_in') }), el('th', { text: t('results.col_agree') })])),
          writeInBody,
        ]) : null,
        setup.write_in_lines ? el('button', { className: 'btn btn-quiet', attrs: { type: 'button' }, text: t('sheet.add_write_in'), on: { click: addWriteIn } }) : null,
        el('div', { className: 'actions' }, [save]),
        message,
      ]),
      outcome,
    ];
  }
  return root;
}
