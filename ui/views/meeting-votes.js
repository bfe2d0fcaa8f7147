// The votes tab: the quorum now (from check-in), each motion with its rule and base, a vote
// recorded with its method and counts (decided by the rule against the voting attendees
// present at that moment, never typed as "passed"), the lack of a quorum recorded by the
// chair, motions added.
import * as api from '../api.js';
import { el, whileBusy } from '../components/dom.js';
import { showError, describeError } from '../components/errors.js';
import { field, formDialog } from '../components/dialog.js';
import { codeLabel, formatDateTime } from '../components/format.js';
import { t } from '../i18n/index.js';

const KINDS = ['report', 'resolution', 'amendment'];

/** Fills the votes tab of `meeting` through `fill`. */
export function votesTab(meeting, fill) {
  const reload = () => votesTab(meeting, fill);
  Promise.all([api.listMotions(meeting.id), api.getAttendance(meeting.id), api.listAgenda(meeting.id)])
    .then(([motions, attendance, agenda]) => {
      const q = attendance.quorum;
      const add = el('button', { id: 'motion-add', className: 'btn', attrs: { type: 'button' }, text: t('votes.add') });
      add.addEventListener('click', () => motionDialog(meeting, agenda).then((m) => m && reload()));
      fill([
        el('section', { className: 'panel' }, [
          el('p', {
            id: 'votes-quorum',
            className: q.reached ? 'ok-text' : 'warn-text',
            text: t(q.reached ? 'votes.quorum_ok' : 'votes.quorum_missing', {
              present: attendance.voting_present, expected: attendance.voting_expected, needed: q.needed,
            }),
          }),
        ]),
        el('section', { className: 'panel' }, [
          el('div', { className: 'panel-head' }, [el('h3', { className: 'panel-title', text: t('workspace.tab.votes') }), add]),
          motions.length === 0
            ? el('p', { className: 'muted', text: t('votes.empty') })
            : el('div', { id: 'motions' }, motions.map((m) => motionCard(m, attendance, reload))),
        ]),
      ]);
    })
    .catch((err) => {
      showError(err);
      fill(el('p', { className: 'muted', text: t('common.load_failed') }));
    });
}

function outcomeText(m) {
  if (m.no_quorum) return t('votes.no_quorum_recorded', { present: m.base_count });
  if (m.passed === null || m.passed === undefined) return t('votes.not_voted');
  return t(m.passed ? 'votes.passed' : 'votes.failed', {
    yes: m.yes, no: m.no, abstain: m.abstain, base: m.base_count, needed: m.needed,
    method: codeLabel('vote_method', m.method),
  });
}

function motionCard(m, attendance, reload) {
  const num = (id, label) => {
    const input = el('input', { id, className: 'input input-narrow', attrs: { type: 'number', min: '0', step: '1', inputmode: 'numeric', 'aria-label': label } });
    return { input, node: field(label, input) };
  };
  const key = `m${m.id}`;
  const yes = num(`${key}-yes`, t('votes.yes'));
  const no = num(`${key}-no`, t('votes.no'));
  const abstain = num(`${key}-abstain`, t('votes.abstain'));
  const method = el('select', { id: `${key}-method`, className: 'input', attrs: { 'aria-label': t('votes.method') } },
    ['show_of_hands', 'ballot'].map((v) => el('option', { attrs: { value: v }, text: codeLabel('vote_method', v) })));
  const message = el('p', { className: 'status-line', attrs: { role: 'status' } });
  const record = el('button', { className: 'btn btn-primary record-vote', attrs: { type: 'button' }, text: m.passed === null && !m.no_quorum ? t('votes.record') : t('votes.record_again') });
  const outcome = el('p', { className: ['motion-outcome', m.passed ? 'ok-text' : (m.passed === false || m.no_quorum ? 'warn-text' : 'muted')], text: outcomeText(m) });
  record.addEventListener('click', () => whileBusy(record, async () => {
    const count = (i) => (i.input.value.trim() === '' ? NaN : Number(i.input.value));
    const vote = { method: method.value, yes: count(yes), no: count(no), abstain: count(abstain) };
    if (![vote.yes, vote.no, vote.abstain].every((n) => Number.isInteger(n) && n >= 0)) {
      message.className = 'status-line warn-text';
      message.textContent = t('votes.counts_needed');
      return;
    }
    try {
      const saved = await api.recordVote(m.id, vote);
      outcome.textContent = outcomeText(saved);
      outcome.className = ['motion-outcome', saved.passed ? 'ok-text' : 'warn-text'].join(' ');
      message.textContent = '';
      setTimeout(reload, 0);
    } catch (err) {
      message.className = 'status-line warn-text';
      message.textContent = describeError(err).sentence;
    }
  }));
  const lacked = attendance.quorum.reached ? null : el('button', { className: 'btn no-quorum', attrs: { type: 'button' }, text: t('votes.record_no_quorum') });
  if (lacked) {
    lacked.addEventListener('click', () => whileBusy(lacked, async () => {
      try {
        await api.recordNoQuorum(m.id);
        reload();
      } catch (err) {
        message.className = 'status-line warn-text';
        message.textContent = describeError(err).sentence;
      }
    }));
  }
  return el('article', { className: 'motion-card', dataset: { motionId: m.id } }, [
    el('h4', { className: 'motion-title', text: m.title }),
    el('p', { className: 'muted', text: t('votes.rule_line', {
      kind: codeLabel('motion_kind', m.kind), rule: codeLabel('majority', m.rule), base: codeLabel('motion_base', m.base),
    }) }),
    outcome,
    m.recorded_at ? el('p', { className: 'muted', text: t('votes.recorded_at', { at: formatDateTime(m.recorded_at) }) }) : null,
    el('div', { className: 'actions vote-form' }, [method, yes.node, no.node, abstain.node, record, lacked]),
    message,
  ]);
}

function motionDialog(meeting, agenda) {
  const title = el('input', { id: 'motion-title', className: 'input', attrs: { type: 'text', maxlength: '120', required: '' } });
  const kind = el('select', { id: 'motion-kind', className: 'input' }, KINDS.map((k) => el('option', { attrs: { value: k }, text: codeLabel('motion_kind', k) })));
  const item = el('select', { id: 'motion-item', className: 'input' }, [
    el('option', { attrs: { value: '' }, text: t('votes.no_item') }),
    ...agenda.map((a) => el('option', { attrs: { value: String(a.id) }, text: `${a.position}. ${a.title}` })),
  ]);
  const base = el('select', { id: 'motion-base', className: 'input' }, ['present_voting', 'entitled'].map((b) => el('option', { attrs: { value: b }, text: codeLabel('motion_base', b) })));
  return formDialog({
    id: 'motion-form',
    title: t('votes.add'),
    content: [
      field(t('votes.title'), title),
      el('div', { className: 'form-row' }, [field(t('votes.kind'), kind), field(t('votes.base'), base)]),
      field(t('votes.item'), item),
      el('p', { className: 'muted', text: t('votes.rule_hint') }),
    ],
    submit: () => api.createMotion(meeting.id, {
      title: title.value, kind: kind.value, agenda_item: item.value ? Number(item.value) : null, base: base.value, rule: null,
    }),
  });
}

