// The elections area: #/elections lists each meeting's elections; #/elections/new?meeting=ID
// and #/elections/ID/setup set one up; #/elections/ID is an election's page (checks and the
// quorum before ballots go out, ballots issued, keying, the tally sheet, the result with its
// chart, the next round, the declared result and the documents); #/elections/ID/key?pass=N
// keys ballots and #/elections/ID/sheet a paper tally sheet's totals.
import * as api from '../api.js';
import { el, replace, setProgress, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { formatDateTime, codeLabel } from '../components/format.js';
import { confirmDialog } from '../components/dialog.js';
import { openPrintDialog } from '../components/print-dialog.js';
import { t } from '../i18n/index.js';
import { renderKeying } from './election-keying.js';
import { renderSetup } from './election-setup.js';
import { renderSheet } from './election-sheet.js';
import { resultPanel } from './election-result.js';

/** Renders the elections area for ctx.params. */
export function render(ctx) {
  const [first, sub] = ctx.params;
  if (first === 'new') return renderSetup(ctx, { meetingId: Number(ctx.query.get('meeting')) });
  const id = Number(first);
  if (!first || !Number.isInteger(id)) return electionList(ctx);
  if (sub === 'setup') return renderSetup(ctx, { electionId: id });
  if (sub === 'key') return renderKeying(ctx, id, ctx.query.get('pass') === '2' ? 2 : 1);
  if (sub === 'sheet') return renderSheet(ctx, id);
  return electionPage(ctx, id);
}

function electionList(ctx) {
  const list = el('div', { id: 'election-meetings' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'elections', className: 'view-elections' }, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t('nav.elections') })),
    el('p', { className: 'lead', text: t('elections.intro') }),
    list,
  ]);
  (async () => {
    try {
      const meetings = await api.listMeetings();
      const lists = await Promise.all(meetings.map((m) => api.listElections(m.id)));
      if (!ctx.isCurrent()) return;
      replace(list, meetings.length === 0
        ? el('p', { className: 'muted', text: t('checkin.no_meetings') })
        : meetings.map((m, i) => el('section', { className: 'panel election-meeting', dataset: { meeting: m.id } }, [
          el('div', { className: 'panel-header' }, [
            el('h3', { className: 'panel-title', text: m.title }),
            el('a', { className: 'btn', attrs: { href: `#/elections/new?meeting=${m.id}` }, dataset: { newElection: m.id }, text: t('elections.new') }),
          ]),
          el('p', { className: 'muted', text: [formatDateTime(m.starts_at), m.venue].filter(Boolean).join(' · ') }),
          lists[i].length === 0
            ? el('p', { className: 'muted', text: t('elections.none') })
            : el('table', { className: 'table election-table' }, [
              el('thead', {}, el('tr', {}, ['elections.col_title', 'elections.col_body', 'elections.col_seats', 'elections.col_kind', 'elections.col_round', 'elections.col_status']
                .map((k) => el('th', { text: t(k) })))),
              el('tbody', {}, lists[i].map((e) => el('tr', { dataset: { election: e.id } }, [
                el('td', {}, el('a', { attrs: { href: `#/elections/${e.id}` }, text: e.title })),
                el('td', { text: codeLabel('election_body', e.body) }),
                el('td', { text: t('elections.seats_of', { seats: e.seats, candidates: e.candidates }) }),
                el('td', { text: codeLabel('election_kind', e.kind) }),
                el('td', { text: t('elections.round_n', { round: e.round }) }),
                el('td', {}, el('span', { className: ['status-chip', `status-${e.status}`], text: codeLabel('election_status', e.status) })),
              ]))),
            ]),
        ])));
      root.dataset.ready = 'true';
    } catch (err) {
      showError(err);
    }
  })();
  return root;
}

/** The quorum and the checks, shown before ballots go out. */
function checksPanel(setup) {
  const q = setup.quorum_reached;
  const others = setup.warnings.filter((w) => w.code !== 'quorum_not_reached');
  return el('section', { id: 'election-checks', className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('elections.checks') }),
    el('p', { id: 'election-quorum', className: ['election-quorum', q ? 'ok-text' : 'warn-text'] },
      t(q ? 'elections.quorum_ok' : 'elections.quorum_missing', {
        present: setup.voting_present, expected: setup.voting_expected, needed: setup.quorum_needed,
      })),
    // The quorum has its own line above; the list holds the other checks.
    others.length === 0
      ? el('p', { className: 'muted', text: t('elections.no_warnings') })
      : el('ul', { id: 'election-warnings', className: 'warning-list' }, others.map((w) => el('li', {
        className: 'warn-text', dataset: { code: w.code },
        text: t(`elections.warning.${w.code}`, { ...w.params, names: Array.isArray(w.params.names) ? w.params.names.slice(0, 8).join('、') : '' }),
      }))),
  ]);
}

async function printElectionDocument(button, electionId, document, heading) {
  await whileBusy(button, async () => {
    try {
      const file = await api.renderElectionDocument(electionId, document, api.newJobId(document));
      await openPrintDialog(file, { heading, offerFile: true });
    } catch (err) {
      showError(err);
    }
  });
}

// The ballot papers: how many (default: the ballots issued, else the voting attendees on the
// list), and — hundreds of pages take seconds — a bar with a cancel while they are laid out.
function ballotPrinter(setup) {
  const fallback = setup.issued || setup.voting_expected || '';
  const count = el('input', {
    id: 'ballot-count', className: 'input input-narrow',
    attrs: { type: 'number', min: '1', max: '10000', inputmode: 'numeric', placeholder: String(fallback), 'aria-label': t('elections.ballot_count') },
  });
  const bar = el('progress', { id: 'ballots-progress', className: 'progress', attrs: { max: '100' } });
  const text = el('span', { className: 'muted' });
  const stop = el('button', { id: 'ballots-cancel', className: 'btn btn-danger-outline', attrs: { type: 'button' }, text: t('common.cancel') });
  const row = el('div', { id: 'ballots-running', className: 'progress-row', attrs: { hidden: '' } }, [bar, text, stop]);
  let jobId = null;
  stop.addEventListener('click', () => whileBusy(stop, async () => {
    if (!jobId) return;
    try {
      await api.cancelJob(jobId);
    } catch (err) {
      showError(err);
    }
  }));
  const button = el('button', { id: 'print-ballots', className: 'btn', attrs: { type: 'button' }, text: t('elections.doc.ballots') });
  button.addEventListener('click', () => whileBusy(button, async () => {
    const typed = count.value.trim();
    const wanted = typed === '' ? null : Number(typed);
    jobId = api.newJobId('ballots');
    const job = jobId;
    const unlisten = await api.followJob(job, (p) => {
      row.hidden = false;
      const total = setProgress(bar, p);
      text.textContent = t('elections.ballots_progress', { done: p.done || 0, total });
    });
    try {
      const file = await api.renderElectionDocument(setup.id, 'ballots', job, wanted);
      row.hidden = true;
      await openPrintDialog(file, { heading: t('elections.doc.ballots'), offerFile: true });
    } catch (err) {
      row.hidden = true;
      if (!(err && err.kind === 'cancelled')) showError(err);
    } finally {
      unlisten();
      jobId = null;
    }
  }));
  return [
    el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('elections.ballot_count') }), count]),
    button,
    row,
  ];
}

function docButton(id, electionId, document, label) {
  const button = el('button', { id, className: 'btn', attrs: { type: 'button' }, text: label });
  button.addEventListener('click', () => printElectionDocument(button, electionId, document, label));
  return button;
}

function electionPage(ctx, id) {
  const root = el('section', { id: 'election', className: 'view-elections', dataset: { election: id } },
    el('p', { className: 'loading', text: t('common.loading') }));
  async function load() {
    try {
      const setup = await api.getElection(id);
      let result = null;
      if (setup.issued !== null && setup.issued !== undefined && setup.returned) {
        result = await api.electionResult(id).catch((err) => { showError(err); return null; });
      }
      if (!ctx.isCurrent()) return;
      replace(root, page(setup, result));
      root.dataset.ready = 'true';
      root.dataset.status = setup.status;
    } catch (err) {
      showError(err);
    }
  }

  function page(setup, result) {
    const draft = setup.status === 'draft';
    const closed = setup.status === 'closed';
    const issuedInput = el('input', {
      id: 'issued-input', className: 'input input-narrow',
      attrs: { type: 'number', min: '0', step: '1', 'aria-label': t('elections.issued') },
      props: { value: String(setup.issued ?? setup.voting_present) },
    });
    const issueButton = el('button', { id: 'issue-ballots', className: 'btn btn-primary', attrs: { type: 'button' }, text: t(draft ? 'elections.issue' : 'elections.issue_again') });
    issueButton.addEventListener('click', () => whileBusy(issueButton, async () => {
      if (draft && !setup.quorum_reached) {
        const go = await confirmDialog({ title: t('elections.quorum_confirm_title'), message: t('elections.quorum_confirm', { present: setup.voting_present, needed: setup.quorum_needed }), confirmText: t('elections.issue') });
        if (!go) return;
      }
      try {
        await api.issueBallots(id, Number(issuedInput.value));
        await load();
      } catch (err) {
        showError(err);
      }
    }));
    const nextButton = el('button', { id: 'next-round', className: 'btn', attrs: { type: 'button' }, text: t('elections.next_round') });
    nextButton.addEventListener('click', () => whileBusy(nextButton, async () => {
      try {
        const next = await api.nextRound(id);
        ctx.app.navigate(`#/elections/${next.id}`);
      } catch (err) {
        showError(err);
      }
    }));
    const declareButton = el('button', { id: 'declare-result', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('elections.declare') });
    declareButton.addEventListener('click', () => whileBusy(declareButton, async () => {
      const go = await confirmDialog({ title: t('elections.declare'), message: t('elections.declare_confirm'), confirmText: t('elections.declare') });
      if (!go) return;
      try {
        const declared = await api.declareResult(id);
        await load();
        const seated = declared.electorates.map((e) => t('elections.seated', { voters: e.voters })).join('；');
        if (seated) root.prepend(el('p', { id: 'declared-note', className: 'ok-text', text: seated }));
      } catch (err) {
        showError(err);
      }
    }));
    const deleteButton = el('button', { id: 'delete-election', className: 'btn btn-danger-quiet', attrs: { type: 'button' }, text: t('elections.delete') });
    deleteButton.addEventListener('click', () => whileBusy(deleteButton, async () => {
      const go = await confirmDialog({ title: t('elections.delete'), message: t('elections.delete_confirm', { title: setup.title }), confirmText: t('elections.delete'), danger: true });
      if (!go) return;
      try {
        await api.deleteElection(id);
        ctx.app.navigate('#/elections');
      } catch (err) {
        showError(err);
      }
    }));
    const facts = [
      codeLabel('election_body', setup.body),
      t('elections.seats_of', { seats: setup.seats, candidates: setup.candidates.length }),
      codeLabel('election_kind', setup.kind),
      codeLabel('ballot_form', setup.ballot_form),
      t('elections.base_is', { base: codeLabel('election_base', setup.base) }),
      t('elections.tie_is', { rule: codeLabel('tie_rule', setup.tie_rule) }),
      setup.write_in_lines ? t('elections.write_in_lines', { count: setup.write_in_lines }) : null,
    ].filter(Boolean).join(' · ');
    const canCount = !draft && !closed;
    return [
      el('div', { className: 'view-header' }, [
        el('h2', { className: 'view-title', text: setup.round > 1 ? `${setup.title} · ${t('elections.round_n', { round: setup.round })}` : setup.title }),
        el('a', { className: 'panel-link', attrs: { href: '#/elections' }, text: t('elections.all') }),
      ]),
      el('p', { id: 'election-facts', className: 'lead' }, [
        el('span', { className: ['status-chip', `status-${setup.status}`], text: codeLabel('election_status', setup.status) }),
        ` ${facts}`,
      ]),
      checksPanel(setup),
      el('section', { className: 'panel' }, [
        el('h3', { className: 'panel-title', text: t('elections.paper') }),
        el('div', { className: 'actions' }, [
          draft ? el('a', { id: 'edit-election', className: 'btn', attrs: { href: `#/elections/${id}/setup` }, text: t('elections.edit') }) : null,
          ...ballotPrinter(setup),
          docButton('print-tally', id, 'tally', t('elections.doc.tally')),
          draft ? deleteButton : null,
        ]),
        closed ? null : el('div', { className: 'actions' }, [
          el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('elections.issued') }), issuedInput]),
          issueButton,
          el('span', { className: 'muted', text: t('elections.issued_hint', { present: setup.voting_present }) }),
        ]),
      ]),
      canCount ? el('section', { className: 'panel' }, [
        el('h3', { className: 'panel-title', text: t('elections.count') }),
        el('p', { className: 'muted', text: t('elections.count_hint', { returned: setup.returned ?? 0, issued: setup.issued }) }),
        el('div', { className: 'actions' }, [
          el('a', { id: 'key-pass-1', className: 'btn btn-primary btn-large', attrs: { href: `#/elections/${id}/key?pass=1` }, text: t('elections.key_pass_1') }),
          el('a', { id: 'key-pass-2', className: 'btn btn-large', attrs: { href: `#/elections/${id}/key?pass=2` }, text: t('elections.key_pass_2') }),
          el('a', { id: 'enter-sheet', className: 'btn btn-large', attrs: { href: `#/elections/${id}/sheet` }, text: t('elections.enter_sheet') }),
        ]),
      ]) : null,
      result ? resultPanel(result, id) : null,
      result ? el('section', { className: 'panel' }, [
        el('div', { className: 'actions' }, [
          docButton('print-results', id, 'results', t('elections.doc.results')),
          docButton('print-announcement', id, 'announcement', t('elections.doc.announcement')),
          !closed && result.unfilled > 0 ? nextButton : null,
          !closed && result.status === 'valid' ? declareButton : null,
        ]),
        setup.declared_at ? el('p', { className: 'ok-text', text: t('elections.declared_at', { time: formatDateTime(setup.declared_at) }) }) : null,
      ]) : null,
    ];
  }
  load();
  return root;
}
