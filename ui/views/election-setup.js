// Setting up an election (#/elections/new?meeting=ID, #/elections/ID/setup): body, title,
// seats, ballot form, write-in lines, majority base, tie rule, the electorate (another
// election whose elected vote in this one), and the candidates — picked from the members or
// pasted as a list (one "姓名" or "姓名，单位" a line). The core puts them in surname stroke
// order and answers with the checks, shown as warnings; only a draft's setup changes.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { codeLabel } from '../components/format.js';
import { createMemberPicker } from '../components/member-picker.js';
import { t } from '../i18n/index.js';

const BODIES = ['council', 'executive_council', 'supervisors', 'officers'];
const FORMS = ['per_candidate', 'mark_up_to_n'];
const BASES = ['returned', 'valid', 'present', 'entitled'];
const TIE_RULES = ['run_off', 'unfilled'];
const TITLES = {
  council: '理事会理事选举', executive_council: '常务理事会常务理事选举', supervisors: '监事选举', officers: '会长、副会长、秘书长选举',
};

function select(id, codes, prefix, value) {
  return el('select', { id, className: 'input' }, codes.map((code) => el('option', {
    attrs: { value: code }, props: { selected: code === value }, text: codeLabel(prefix, code),
  })));
}

function field(label, control, hint) {
  return el('label', { className: 'form-field' }, [
    el('span', { className: 'form-label', text: label }),
    control,
    hint ? el('span', { className: 'form-hint muted', text: hint }) : null,
  ]);
}

/** Reads "姓名" / "姓名，单位" / "姓名,单位" / "姓名<Tab>单位" lines into candidates. */
export function parsePasted(text) {
  return text.split(/[\r\n]+/).map((line) => line.trim()).filter(Boolean).map((line) => {
    const [name, ...rest] = line.split(/[,，\t]/);
    const unit = rest.join('，').trim();
    return { member: null, name: name.trim(), unit: unit || null };
  }).filter((c) => c.name);
}

/** Renders the setup form: options {meetingId} for a new election or {electionId}. */
export function renderSetup(ctx, { meetingId, electionId }) {
  const root = el('section', { id: 'election-setup', className: 'view-elections' }, el('p', { className: 'loading', text: t('common.loading') }));
  (async () => {
    try {
      const existing = electionId ? await api.getElection(electionId) : null;
      const meeting = existing ? existing.meeting : meetingId;
      const meetings = await api.listMeetings();
      const lists = await Promise.all(meetings.map((m) => api.listElections(m.id)));
      // An electorate is another election's first round.
      const electorates = lists.flat().filter((e) => e.round === 1 && e.id !== electionId);
      if (!ctx.isCurrent()) return;
      replace(root, form(meeting, meetings.find((m) => m.id === meeting), existing, electorates));
      root.dataset.ready = 'true';
    } catch (err) {
      showError(err);
    }
  })();

  function form(meeting, meetingRow, existing, electorates) {
    let candidates = existing ? existing.candidates.map((c) => ({ member: c.member, name: c.name, unit: c.unit })) : [];
    const body = select('setup-body', BODIES, 'election_body', existing ? existing.body : 'council');
    const title = el('input', { id: 'setup-title', className: 'input', attrs: { type: 'text', maxlength: '60' }, props: { value: existing ? existing.title : TITLES.council } });
    body.addEventListener('change', () => {
      if (!existing && Object.values(TITLES).includes(title.value)) title.value = TITLES[body.value];
    });
    const seats = el('input', { id: 'setup-seats', className: 'input input-narrow', attrs: { type: 'number', min: '1', step: '1' }, props: { value: String(existing ? existing.seats : 1) } });
    const form_ = select('setup-form', FORMS, 'ballot_form', existing ? existing.ballot_form : 'per_candidate');
    const lines = el('input', { id: 'setup-write-ins', className: 'input input-narrow', attrs: { type: 'number', min: '0', max: '20', step: '1' }, props: { value: String(existing ? existing.write_in_lines : 0) } });
    const base = select('setup-base', BASES, 'election_base', existing ? existing.base : 'returned');
    const tie = select('setup-tie', TIE_RULES, 'tie_rule', existing ? existing.tie_rule : 'run_off');
    const electorate = el('select', { id: 'setup-electorate', className: 'input' }, [
      el('option', { attrs: { value: '' }, text: t('setup.electorate_meeting') }),
      ...electorates.map((e) => el('option', {
        attrs: { value: String(e.id) }, props: { selected: existing && existing.electorate === e.id }, text: t('setup.electorate_of', { title: e.title }),
      })),
    ]);
    const list = el('ol', { id: 'setup-candidates', className: 'candidate-list' });
    const count = el('span', { id: 'setup-count', className: 'muted' });
    const warnings = el('div', { id: 'setup-warnings' });
    const drawList = () => {
      count.textContent = t('setup.candidate_count', { count: candidates.length, seats: Number(seats.value) || 0 });
      replace(list, candidates.map((c, i) => el('li', { dataset: { name: c.name } }, [
        el('span', { className: 'candidate-name', text: c.name }),
        c.unit ? el('span', { className: 'muted', text: ` ${c.unit}` }) : null,
        el('button', {
          className: 'btn btn-quiet', attrs: { type: 'button', 'aria-label': t('setup.remove', { name: c.name }) }, text: '×',
          on: { click: () => { candidates.splice(i, 1); drawList(); } },
        }),
      ])));
    };
    seats.addEventListener('input', drawList);
    const picker = createMemberPicker({
      id: 'setup-member',
      placeholder: t('setup.pick_member'),
      onPick: (hit) => {
        if (!candidates.some((c) => c.name === hit.name)) candidates.push({ member: hit.id, name: hit.name, unit: hit.employer || null });
        picker.clear();
        drawList();
        picker.focus();
      },
    });
    const pasted = el('textarea', { id: 'setup-paste', className: 'input', attrs: { rows: '4', placeholder: t('setup.paste_hint') } });
    const addPasted = el('button', { id: 'setup-add-pasted', className: 'btn', attrs: { type: 'button' }, text: t('setup.add_pasted') });
    addPasted.addEventListener('click', () => {
      for (const c of parsePasted(pasted.value)) if (!candidates.some((x) => x.name === c.name)) candidates.push(c);
      pasted.value = '';
      drawList();
    });
    const save = el('button', { id: 'setup-save', className: 'btn btn-primary btn-large', attrs: { type: 'button' }, text: t('setup.save') });
    save.addEventListener('click', () => whileBusy(save, async () => {
      const setup = {
        body: body.value,
        title: title.value,
        seats: Math.max(0, Math.floor(Number(seats.value) || 0)),
        write_in_lines: Math.max(0, Math.floor(Number(lines.value) || 0)),
        ballot_form: form_.value,
        base: base.value,
        tie_rule: tie.value,
        electorate: electorate.value ? Number(electorate.value) : null,
      };
      try {
        const saved = existing
          ? await api.updateElection(existing.id, setup, candidates)
          : await api.createElection(meeting, setup, candidates);
        ctx.app.navigate(`#/elections/${saved.id}`);
      } catch (err) {
        showError(err);
      }
    }));
    drawList();
    return [
      el('div', { className: 'view-header' }, [
        el('h2', { className: 'view-title', text: existing ? t('setup.edit_title') : t('setup.new_title') }),
        el('a', { className: 'panel-link', attrs: { href: existing ? `#/elections/${existing.id}` : '#/elections' }, text: t('common.cancel') }),
      ]),
      meetingRow ? el('p', { className: 'lead', text: meetingRow.title }) : null,
      el('section', { className: 'panel form-grid' }, [
        field(t('setup.body'), body),
        field(t('setup.title'), title),
        field(t('setup.seats'), seats),
        field(t('setup.form'), form_),
        field(t('setup.write_ins'), lines, t('setup.write_ins_hint')),
        field(t('setup.base'), base, t('setup.base_hint')),
        field(t('setup.tie'), tie),
        field(t('setup.electorate'), electorate, t('setup.electorate_hint')),
      ]),
      el('section', { className: 'panel' }, [
        el('div', { className: 'panel-header' }, [el('h3', { className: 'panel-title', text: t('setup.candidates') }), count]),
        el('p', { className: 'muted', text: t('setup.order_hint') }),
        picker.element,
        el('div', { className: 'setup-paste' }, [pasted, addPasted]),
        list,
      ]),
      warnings,
      el('div', { className: 'actions' }, [save]),
    ];
  }
  return root;
}
