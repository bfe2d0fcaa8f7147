// The attendees tab: the list with counts that filter when clicked, a filter by name, pinyin,
// initials, unit or badge number, by delegation; each attendee changed, withdrawn,
// substituted, their badge reprinted or reissued; people invited by council term, branch,
// one by one or from a spreadsheet; guests added; branch quotas.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError, describeError } from '../components/errors.js';
import { confirmDialog, field, formDialog } from '../components/dialog.js';
import { reprintBadge } from '../components/document-panel.js';
import { createMemberPicker } from '../components/member-picker.js';
import { termLabel } from '../components/member-fields.js';
import { formatNumber, formatCount, formatDateTime, codeLabel, orEmpty } from '../components/format.js';
import { t } from '../i18n/index.js';

const CATEGORIES = ['delegate', 'observer', 'guest', 'staff'];
const RSVPS = ['pending', 'accepted', 'declined'];

// The filter survives a language switch and a reload of the tab.
const filters = new Map();
// Whether each meeting's invitation panel is open, and the last invitation's report (shown
// again after the list reloads with the people added).
const invitePanelOpen = new Map();
const lastReport = new Map();
// Attendees whose badge was reissued since the app started, per meeting: their rows say so.
const reissuedBadges = new Map();

function reissuedIn(meetingId) {
  const key = String(meetingId);
  if (!reissuedBadges.has(key)) reissuedBadges.set(key, new Set());
  return reissuedBadges.get(key);
}

function filterOf(meetingId) {
  const key = String(meetingId);
  if (!filters.has(key)) filters.set(key, { text: '', chip: null, group: '' });
  return filters.get(key);
}

/** Normalised for matching: full-width letters and digits fold to ASCII, case is ignored. */
function fold(text) {
  return String(text || '').normalize('NFKC').toLowerCase();
}

/** Fills the attendees tab of `meeting` through `fill`. */
export function attendeesTab(meeting, fill) {
  const reload = () => attendeesTab(meeting, fill);
  Promise.all([api.meetingAttendees(meeting.id), api.listTerms().catch(() => []), api.listBranches().catch(() => [])])
    .then(([attendees, terms, branches]) => {
      // The header's count follows the list as people are invited or withdrawn.
      const count = document.getElementById('meeting-attendees');
      if (count) count.textContent = formatCount(attendees.length);
      fill([
        invitePanel(meeting, terms, branches, reload),
        listSection(meeting, attendees, reload),
      ]);
    })
    .catch((err) => {
      showError(err);
      fill(el('p', { className: 'muted', text: t('common.load_failed') }));
    });
}

/** A batch's report as one line: added, already there (who), and rejected rows. */
function reportLine(report) {
  const parts = [t('invite.added', { added: report.added })];
  if (report.already) {
    const names = report.already_invited.slice(0, 5).map((a) => `${a.name}（${codeLabel('category', a.category)}${a.group ? ` · ${a.group}` : ''}）`).join('、');
    parts.push(t('invite.already', { count: report.already, names }));
  }
  if (report.rejected && report.rejected.length) {
    parts.push(t('invite.rejected', { count: report.rejected.length, rows: report.rejected.slice(0, 8).map((r) => t('invite.row', { row: r.row, reason: r.reason })).join('；') }));
  }
  return parts.join(' ');
}

function invitePanel(meeting, terms, branches, reload) {
  const shown = lastReport.get(String(meeting.id));
  const status = el('p', { id: 'invite-status', className: shown ? shown.className : 'status-line', attrs: { role: 'status', 'aria-live': 'polite' }, text: shown ? shown.text : '' });
  const category = el('select', { id: 'invite-category', className: 'input input-narrow', attrs: { 'aria-label': t('attendee.col.category') } },
    CATEGORIES.map((c) => el('option', { attrs: { value: c }, text: codeLabel('category', c) })));
  const group = el('input', { id: 'invite-group', className: 'input', attrs: { type: 'text', maxlength: '60', placeholder: t('invite.group_placeholder'), 'aria-label': t('attendee.col.group') } });
  const options = () => ({ category: category.value, group: group.value.trim() || null });
  const done = (report, warn = false) => {
    if (!report) return;
    status.className = ['status-line', warn || report.already || (report.rejected && report.rejected.length) ? 'warn-text' : 'ok-text'].join(' ');
    status.textContent = reportLine(report);
    lastReport.set(String(meeting.id), { text: status.textContent, className: status.className });
    if (report.added) setTimeout(reload, 0);
  };
  const run = (button, action) => whileBusy(button, async () => {
    try {
      done(await action());
    } catch (err) {
      const { sentence } = describeError(err);
      status.className = 'status-line warn-text';
      status.textContent = sentence;
    }
  });

  const term = el('select', { id: 'invite-term', className: 'input', attrs: { 'aria-label': t('invite.term') } },
    terms.map((tm) => el('option', { attrs: { value: String(tm.id) }, text: termLabel(tm.number) })));
  const byTerm = el('button', { id: 'invite-term-go', className: 'btn', attrs: { type: 'button', disabled: terms.length ? null : '' }, text: t('invite.by_term') });
  byTerm.addEventListener('click', () => run(byTerm, () => api.inviteTerm(meeting.id, Number(term.value), options())));

  const branch = el('select', { id: 'invite-branch', className: 'input', attrs: { 'aria-label': t('invite.branch') } },
    branches.map((b) => el('option', { attrs: { value: String(b.id) }, text: b.name })));
  const byBranch = el('button', { id: 'invite-branch-go', className: 'btn', attrs: { type: 'button', disabled: branches.length ? null : '' }, text: t('invite.by_branch') });
  byBranch.addEventListener('click', () => run(byBranch, () => api.inviteBranch(meeting.id, Number(branch.value), options())));

  const picker = createMemberPicker({
    id: 'invite-member',
    placeholder: t('invite.member_placeholder'),
    onPick: (hit) => {
      api.inviteMembers(meeting.id, [hit.id], options()).then((report) => {
        picker.clear();
        done(report);
      }).catch((err) => {
        status.className = 'status-line warn-text';
        status.textContent = describeError(err).sentence;
      });
    },
  });

  const fromFile = el('button', { id: 'invite-file', className: 'btn', attrs: { type: 'button' }, text: t('invite.from_file') });
  fromFile.addEventListener('click', () => run(fromFile, () => api.inviteFromFile(meeting.id, false, options(), t('invite.from_file'))));
  const guestsFile = el('button', { id: 'invite-guests-file', className: 'btn', attrs: { type: 'button' }, text: t('invite.guests_file') });
  guestsFile.addEventListener('click', () => run(guestsFile, () => api.inviteFromFile(meeting.id, true, { ...options(), category: category.value === 'delegate' ? 'guest' : category.value }, t('invite.guests_file'))));
  const guest = el('button', { id: 'add-guest', className: 'btn', attrs: { type: 'button' }, text: t('invite.add_guest') });
  guest.addEventListener('click', () => guestDialog(meeting).then((id) => { if (id) reload(); }));

  const quotaBranch = el('select', { id: 'quota-branch', className: 'input', attrs: { 'aria-label': t('invite.branch') } },
    branches.map((b) => el('option', { attrs: { value: String(b.id) }, text: b.name })));
  const quota = el('input', { id: 'quota-value', className: 'input input-narrow', attrs: { type: 'number', min: '0', max: '1000', 'aria-label': t('invite.quota') } });
  const setQuota = el('button', { id: 'quota-set', className: 'btn', attrs: { type: 'button' }, text: t('invite.set_quota') });
  setQuota.addEventListener('click', () => whileBusy(setQuota, async () => {
    try {
      const lines = await api.setQuota(meeting.id, Number(quotaBranch.value), quota.value === '' ? null : Number(quota.value));
      const over = lines.filter((l) => l.over);
      status.className = `status-line ${over.length ? 'warn-text' : 'ok-text'}`;
      status.textContent = over.length
        ? over.map((l) => t('workspace.quota_over', { branch: l.branch, delegates: l.delegates, quota: l.quota })).join('；')
        : t('invite.quota_saved');
    } catch (err) {
      showError(err);
    }
  }));

  // Open while the list is empty, and as the user left it across reloads of the tab.
  const key = String(meeting.id);
  const open = invitePanelOpen.has(key) ? invitePanelOpen.get(key) : meeting.attendees === 0;
  const panel = el('details', { id: 'invite-panel', className: 'panel invite-panel', attrs: { open: open || null } }, [
    el('summary', { className: 'panel-title', text: t('invite.title') }),
    el('div', { className: 'form-row' }, [field(t('attendee.col.category'), category), field(t('attendee.col.group'), group)]),
    el('div', { className: 'actions' }, [term, byTerm, branch, byBranch]),
    el('div', { className: 'actions' }, [picker.element, fromFile, guestsFile, guest]),
    el('div', { className: 'actions' }, [el('span', { className: 'form-label', text: t('invite.quota') }), quotaBranch, quota, setQuota]),
    status,
  ]);
  panel.addEventListener('toggle', () => invitePanelOpen.set(key, panel.open));
  return panel;
}

/** The add-a-guest dialog; resolves the new attendee's id or null. */
function guestDialog(meeting) {
  const name = el('input', { id: 'guest-name', className: 'input', attrs: { type: 'text', maxlength: '60', required: '' } });
  const unit = el('input', { id: 'guest-unit', className: 'input', attrs: { type: 'text', maxlength: '60' } });
  const title = el('input', { id: 'guest-title', className: 'input', attrs: { type: 'text', maxlength: '60' } });
  const group = el('input', { id: 'guest-group', className: 'input', attrs: { type: 'text', maxlength: '60' } });
  const category = el('select', { id: 'guest-category', className: 'input' },
    CATEGORIES.map((c) => el('option', { attrs: { value: c }, props: { selected: c === 'guest' }, text: codeLabel('category', c) })));
  return formDialog({
    id: 'guest-form',
    title: t('invite.add_guest'),
    content: [
      field(t('attendee.col.name'), name),
      field(t('attendee.col.unit'), unit),
      field(t('attendee.col.job_title'), title),
      el('div', { className: 'form-row' }, [field(t('attendee.col.category'), category), field(t('attendee.col.group'), group)]),
    ],
    submit: () => api.addGuest(meeting.id, {
      name: name.value, unit: unit.value || null, job_title: title.value || null,
      category: category.value, group: group.value || null, protocol_order: null,
    }),
  });
}

/** The change-an-attendee dialog. */
function editDialog(attendee) {
  const category = el('select', { id: 'edit-category', className: 'input' },
    CATEGORIES.map((c) => el('option', { attrs: { value: c }, props: { selected: c === attendee.category }, text: codeLabel('category', c) })));
  const voting = el('input', { id: 'edit-voting', attrs: { type: 'checkbox' }, props: { checked: Boolean(attendee.voting) } });
  const group = el('input', { id: 'edit-group', className: 'input', attrs: { type: 'text', maxlength: '60' }, props: { value: attendee.group || '' } });
  const unit = el('input', { id: 'edit-unit', className: 'input', attrs: { type: 'text', maxlength: '60' }, props: { value: attendee.unit || '' } });
  const title = el('input', { id: 'edit-title', className: 'input', attrs: { type: 'text', maxlength: '60' }, props: { value: attendee.job_title || '' } });
  const rank = el('input', { id: 'edit-rank', className: 'input input-narrow', attrs: { type: 'number', min: '1', max: '999' }, props: { value: attendee.protocol_order ?? '' } });
  const rsvp = el('select', { id: 'edit-rsvp', className: 'input' },
    RSVPS.map((r) => el('option', { attrs: { value: r }, props: { selected: r === attendee.rsvp }, text: codeLabel('rsvp', r) })));
  return formDialog({
    id: 'attendee-form',
    title: t('attendee.edit_title', { name: attendee.name }),
    content: [
      el('div', { className: 'form-row' }, [
        field(t('attendee.col.category'), category),
        el('label', { className: 'check' }, [voting, el('span', { text: t('attendee.col.voting') })]),
      ]),
      field(t('attendee.col.group'), group),
      field(t('attendee.col.unit'), unit),
      el('div', { className: 'form-row' }, [field(t('attendee.col.job_title'), title), field(t('attendee.rank'), rank)]),
      field(t('attendee.col.rsvp'), rsvp),
    ],
    submit: () => api.updateAttendee(attendee.id, {
      category: category.value, voting: voting.checked, group: group.value || null, unit: unit.value || null,
      job_title: title.value || null, protocol_order: rank.value ? Number(rank.value) : null, rsvp: rsvp.value,
    }),
  });
}

/** 代表替换: a member (picked) or a guest (typed) takes over the delegate's vote and seat. */
function substituteDialog(attendee) {
  let picked = null;
  const picker = createMemberPicker({ id: 'substitute-member', onPick: (hit) => { picked = hit; } });
  const name = el('input', { id: 'substitute-name', className: 'input', attrs: { type: 'text', maxlength: '60' } });
  const unit = el('input', { id: 'substitute-unit', className: 'input', attrs: { type: 'text', maxlength: '60' } });
  return formDialog({
    id: 'substitute-form',
    title: t('attendee.substitute_title', { name: attendee.name }),
    content: [
      el('p', { className: 'dialog-message', text: t('attendee.substitute_hint') }),
      field(t('attendee.substitute_member'), picker.element),
      el('div', { className: 'form-row' }, [field(t('attendee.substitute_guest'), name), field(t('attendee.col.unit'), unit)]),
    ],
    submitText: t('attendee.substitute'),
    submit: () => api.substituteDelegate(
      attendee.id,
      picked ? picked.id : null,
      picked ? null : { name: name.value, unit: unit.value || null, job_title: null, category: 'delegate', group: attendee.group, protocol_order: null },
    ),
  });
}

function listSection(meeting, attendees, reload) {
  const reissued = reissuedIn(meeting.id);
  const filter = filterOf(meeting.id);
  const counts = { total: attendees.length, voting: 0, checked_in: 0 };
  for (const category of CATEGORIES) counts[category] = 0;
  for (const a of attendees) {
    if (CATEGORIES.includes(a.category)) counts[a.category] += 1;
    if (a.voting) counts.voting += 1;
    if (a.checked_in_at) counts.checked_in += 1;
  }
  const chips = [];
  const chip = (id, label, value, extraClass) => {
    const node = el('button', {
      className: ['count-chip', extraClass, filter.chip === id && 'active'],
      attrs: { type: 'button', 'aria-pressed': filter.chip === id ? 'true' : 'false', title: t('attendee.chip_hint') },
      dataset: { chip: id },
    }, [
      el('span', { className: 'count-label', text: label }),
      el('span', { id: `count-${id}`, className: 'count-value', text: formatCount(value) }),
    ]);
    node.addEventListener('click', () => {
      filter.chip = filter.chip === id || id === 'total' ? null : id;
      for (const c of chips) {
        const on = c.dataset.chip === filter.chip;
        c.classList.toggle('active', on);
        c.setAttribute('aria-pressed', on ? 'true' : 'false');
      }
      applyFilter();
    });
    chips.push(node);
    return node;
  };
  const summary = el('div', { id: 'attendee-counts', className: 'count-row' }, [
    ...CATEGORIES.map((c) => chip(c, codeLabel('category', c), counts[c], `count-${c}`)),
    el('span', { className: 'count-sep', attrs: { 'aria-hidden': 'true' } }),
    chip('total', t('meeting.count.total'), counts.total, 'count-strong'),
    chip('voting', t('meeting.count.voting'), counts.voting),
    chip('checked-in', t('meeting.count.checked_in'), counts.checked_in),
  ]);

  const groups = [...new Set(attendees.map((a) => a.group).filter(Boolean))];
  const groupSelect = el('select', { id: 'attendee-group-filter', className: 'input', attrs: { 'aria-label': t('attendee.col.group') } }, [
    el('option', { attrs: { value: '' }, text: t('attendee.all_groups') }),
    ...groups.map((g) => el('option', { attrs: { value: g }, props: { selected: g === filter.group }, text: g })),
  ]);

  // A row's action closes its menu first, so an open menu never covers the rows below.
  const act = (label, className, handler) => el('button', {
    className: ['btn btn-small', className], attrs: { type: 'button' }, text: label,
    on: {
      click: (event) => {
        const menu = event.currentTarget.closest('details');
        if (menu) menu.open = false;
        return whileBusy(event.currentTarget, handler);
      },
    },
  });
  const table = createTable([
    { key: 'name', label: t('attendee.col.name'), sortable: true, className: 'col-name' },
    { key: 'unit', label: t('attendee.col.unit'), sortable: true },
    {
      key: 'category',
      label: t('attendee.col.category'),
      sortable: true,
      value: (a) => { const i = CATEGORIES.indexOf(a.category); return i < 0 ? CATEGORIES.length : i; },
      // The credential with the vote and the delegation under it: one column at 1024 wide.
      render: (a) => [
        el('span', { className: ['cat', `cat-${a.category}`], text: codeLabel('category', a.category) }),
        a.voting ? el('span', { className: 'tag vote-tag', text: t('meeting.count.voting') }) : null,
        a.group ? el('div', { className: 'muted cell-sub', text: a.group }) : null,
      ],
    },
    { key: 'seat', label: t('attendee.col.seat'), sortable: true, className: 'col-seat' },
    {
      key: 'checked_in_at', label: t('attendee.col.status'), sortable: true, className: 'col-status',
      value: (a) => { const ms = Date.parse(a.checked_in_at); return Number.isNaN(ms) ? null : ms; },
      render: (a) => [
        a.checked_in_at
          ? el('span', { className: 'checked-in', text: formatDateTime(a.checked_in_at) })
          : el('span', { className: 'muted', text: t('attendee.not_checked_in') }),
        el('div', { className: 'muted cell-sub', text: codeLabel('rsvp', a.rsvp) }),
      ],
    },
    {
      key: 'badge_token', label: t('attendee.col.badge_token'), className: 'col-token',
      render: (a) => [
        el('span', { className: 'badge-token', text: orEmpty(a.badge_token) }),
        reissued.has(a.id) ? el('span', { className: 'tag tag-accent', text: t('attendee.reissued_tag') }) : null,
      ],
    },
    {
      key: 'actions', label: t('agenda.col.actions'), className: 'col-actions',
      // One "操作" menu a row, so the list fits 1024 wide.
      render: (a) => el('details', {
        className: 'row-menu',
        dataset: { attendeeId: a.id },
        // One menu open at a time.
        on: {
          toggle: (event) => {
            if (!event.currentTarget.open) return;
            for (const other of document.querySelectorAll('#attendees-table details.row-menu[open]')) {
              if (other !== event.currentTarget) other.open = false;
            }
          },
        },
      }, [
        el('summary', { className: 'btn btn-small', text: t('attendee.actions') }),
        el('div', { className: 'row-menu-items' }, [
          act(t('attendee.edit'), 'edit-attendee', async () => { if (await editDialog(a)) reload(); }),
          a.category === 'delegate' ? act(t('attendee.substitute'), 'substitute-attendee', async () => { if (await substituteDialog(a)) reload(); }) : null,
          act(t('attendee.reprint'), 'reprint-badge', () => reprintBadge(meeting.id, a)),
          act(t('attendee.reissue'), 'btn-quiet reissue-badge', () => reissue(a)),
          act(t('attendee.withdraw'), 'btn-danger-quiet withdraw-attendee', () => withdraw(a)),
        ]),
      ]),
    },
  ], {
    id: 'attendees-table',
    className: 'fill',
    emptyText: attendees.length ? t('attendee.no_match') : t('attendee.empty'),
    rowAttrs: (a) => ({ dataset: { attendeeId: a.id } }),
  });

  const shownCount = el('span', { id: 'attendee-shown', className: 'muted' });
  const input = el('input', {
    id: 'attendee-filter',
    className: 'input filter-input',
    attrs: { type: 'search', placeholder: t('attendee.filter_placeholder'), 'aria-label': t('attendee.filter_placeholder'), autocomplete: 'off', spellcheck: 'false' },
    props: { value: filter.text },
  });

  const chipMatches = (a) => {
    switch (filter.chip) {
      case null: return true;
      case 'voting': return Boolean(a.voting);
      case 'checked-in': return Boolean(a.checked_in_at);
      default: return a.category === filter.chip;
    }
  };
  function applyFilter() {
    filter.text = input.value;
    filter.group = groupSelect.value;
    const terms = fold(input.value).split(/\s+/).filter(Boolean);
    // Every term must appear in the name, its pinyin (full or initials), the unit or the badge
    // number, as the member search matches: "ldz" finds 刘东志, "王 经管" narrows to 王… of 经管学院.
    const rows = attendees.filter((a) => {
      if (!chipMatches(a)) return false;
      if (filter.group && a.group !== filter.group) return false;
      if (terms.length === 0) return true;
      const haystack = `${fold(a.name)}\n${a.pinyin}\n${a.initials}\n${fold(a.unit)}\n${fold(a.badge_token)}`;
      return terms.every((term) => haystack.includes(term));
    });
    table.setRows(rows);
    shownCount.textContent = t('attendee.shown', { shown: formatNumber(rows.length), total: formatCount(attendees.length) });
  }
  input.addEventListener('input', applyFilter);
  groupSelect.addEventListener('change', applyFilter);
  applyFilter();

  // The old badge stops working at the door, so this asks first; then the new one can be printed.
  async function reissue(attendee) {
    const ok = await confirmDialog({
      title: t('attendee.reissue_title'),
      message: t('attendee.reissue_confirm', { name: attendee.name }),
      confirmText: t('attendee.reissue'),
      danger: true,
    });
    if (!ok) return;
    let token;
    try {
      token = await api.reissueBadge(attendee.id);
    } catch (err) {
      showError(err);
      return;
    }
    attendee.badge_token = token;
    reissued.add(attendee.id);
    applyFilter();
    const print = await confirmDialog({
      title: t('attendee.reissued_title'),
      message: t('attendee.reissued', { name: attendee.name, token }),
      confirmText: t('attendee.reprint'),
    });
    if (print) await reprintBadge(meeting.id, attendee);
  }

  async function withdraw(attendee) {
    const ok = await confirmDialog({
      title: t('attendee.withdraw'),
      message: t('attendee.withdraw_confirm', { name: attendee.name }),
      confirmText: t('attendee.withdraw'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.withdrawAttendee(attendee.id);
      reload();
    } catch (err) {
      showError(err);
    }
  }

  return el('div', { className: 'attendees' }, [
    summary,
    el('div', { className: 'toolbar' }, [input, groupSelect, shownCount]),
    table.element,
  ]);
}
