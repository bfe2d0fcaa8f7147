// One member: the record (masked, with an audited "show in full"), branches and council positions,
// archive; and the form that edits a record (#/members/ID/edit) or adds one (#/members/new).
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { formatDateTime, codeLabel, orEmpty } from '../components/format.js';
import {
  MEMBER_FIELDS, FIELD_NAMES, GENDERS, STATUSES, emptyFields, fieldsOf, fieldLabel, displayValue, isBlank, termLabel,
} from '../components/member-fields.js';
import { t } from '../i18n/index.js';

// The record screen's groups of fields.
const GROUPS = [
  { key: 'identity', fields: ['name', 'gender', 'id_number', 'student_number'] },
  { key: 'study', fields: ['enrolment_year', 'graduation_year', 'college', 'major', 'degree', 'class_name'] },
  { key: 'contact', fields: ['phone', 'email', 'wechat', 'city'] },
  { key: 'work', fields: ['employer', 'job_title', 'status', 'notes'] },
];

// The record last shown (with its full phone and ID number once revealed on this visit), so a
// language switch neither refetches nor asks for (and audits) the full data again.
let detailCache = null;
// The form being edited: {key, id, draft, errors}; kept across a language switch.
let editor = null;

const memberHref = (id) => `#/members/${encodeURIComponent(id)}`;

/** #/members/ID shows a record, #/members/ID/edit edits it, #/members/new adds one. */
export function render(ctx) {
  const [first, second] = ctx.params;
  if (first === 'new') return renderEditor(ctx, null);
  const id = Number(first);
  if (!Number.isInteger(id) || id <= 0) return notFoundView(first);
  if (second === 'edit') return renderEditor(ctx, id);
  return renderRecord(ctx, id);
}

function backLink() {
  return el('a', { id: 'member-back', className: 'back-link', attrs: { href: '#/members' }, text: t('member.back') });
}

function notFound(rawId) {
  return el('div', { id: 'member-not-found', className: 'panel' }, [
    el('p', { className: 'lead', text: t('member.not_found', { id: rawId }) }),
    el('a', { attrs: { href: '#/members' }, text: t('member.back') }),
  ]);
}

function notFoundView(rawId) {
  return el('section', { id: 'member-detail', className: 'view-member', dataset: { ready: 'true' } }, [backLink(), notFound(rawId)]);
}

// ---------- The record ----------

function renderRecord(ctx, id) {
  const header = el('div', { className: 'view-header' }, [backLink(), el('h2', { className: 'view-title', text: t('member.title_loading') })]);
  const body = el('div', { className: 'member-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'member-detail', className: 'view-member', dataset: { memberId: id } }, [header, body]);

  const load = () => api.getMember(id).then((detail) => {
    detailCache = { id, detail, revealed: null };
    if (ctx.isCurrent()) fill();
  });

  function fill() {
    const { detail, revealed } = detailCache;
    // The masked record, with the full phone and ID number laid over it once revealed.
    const member = revealed ? { ...detail.member, phone: revealed.phone, id_number: revealed.id_number, masked: false } : detail.member;
    const isArchived = Boolean(member.archived_at);
    const hasSensitive = !isBlank(member.phone) || !isBlank(member.id_number);

    const edit = el('button', { id: 'member-edit', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('member.edit') });
    edit.addEventListener('click', () => ctx.app.navigate(`${memberHref(id)}/edit`));

    const reveal = el('button', {
      id: 'member-reveal',
      className: 'btn',
      attrs: { type: 'button', title: t('member.reveal_hint') },
      text: t('member.reveal'),
      hidden: !hasSensitive || !member.masked,
    });
    reveal.addEventListener('click', () => whileBusy(reveal, async () => {
      try {
        const full = await api.revealMember(id);
        if (!detailCache || detailCache.id !== id) return;
        detailCache.revealed = full;
        if (ctx.isCurrent()) fill();
      } catch (err) {
        showError(err);
      }
    }));

    const archive = el('button', {
      id: 'member-archive',
      className: ['btn', isArchived ? null : 'btn-danger-outline'],
      attrs: { type: 'button' },
      text: isArchived ? t('member.unarchive') : t('member.archive'),
    });
    archive.addEventListener('click', () => whileBusy(archive, async () => {
      const ok = await confirmDialog(isArchived
        ? { title: t('member.unarchive_confirm_title'), message: t('member.unarchive_confirm', { name: member.name }), confirmText: t('member.unarchive') }
        : { title: t('member.archive_confirm_title'), message: t('member.archive_confirm', { name: member.name }), confirmText: t('member.archive'), danger: true });
      if (!ok) return;
      try {
        await api.archiveMember(id, !isArchived);
        await load();
      } catch (err) {
        showError(err);
      }
    }));

    replace(header, [
      backLink(),
      el('h2', { id: 'member-name', className: 'view-title' }, [
        orEmpty(member.name),
        isArchived ? el('span', { id: 'member-archived', className: 'tag tag-warn', text: t('member.archived') }) : null,
        member.status && member.status !== 'active'
          ? el('span', { className: ['status-tag', `status-${member.status}`], text: codeLabel('member_status', member.status) })
          : null,
      ]),
      el('p', { className: 'member-summary muted' }, [member.college, member.graduation_year, member.degree]
        .filter((v) => !isBlank(v)).join(' · ') || null),
      el('div', { className: 'actions member-actions' }, [
        edit,
        reveal,
        archive,
        el('a', {
          id: 'member-audit-link',
          className: 'btn btn-quiet',
          attrs: { href: `#/audit?entity=member&id=${encodeURIComponent(id)}` },
          text: t('member.audit_link'),
        }),
      ]),
      revealed
        ? el('p', { id: 'member-reveal-note', className: 'note note-audit', attrs: { role: 'status' }, text: t('member.revealed_note') })
        : null,
      isArchived
        ? el('p', { className: 'note note-demo', text: t('member.archived_note', { at: formatDateTime(member.archived_at) }) })
        : null,
    ]);

    const groups = GROUPS.map((group) => el('section', { className: 'panel member-group' }, [
      el('h3', { className: 'panel-title', text: t(`member.group.${group.key}`) }),
      el('dl', { className: 'facts' }, group.fields.flatMap((name) => [
        el('dt', { text: fieldLabel(name) }),
        el('dd', {
          id: `value-${name}`,
          className: [name === 'notes' && 'notes-text', MEMBER_FIELDS.find((f) => f.name === name).sensitive && 'sensitive'],
          text: displayValue(name, member[name]),
        }),
      ])),
    ]));

    const branches = detail.branches || [];
    const positions = detail.positions || [];
    replace(body, [
      el('div', { className: 'member-groups' }, groups),
      el('div', { className: 'member-groups' }, [
        el('section', { id: 'member-branches', className: 'panel member-group' }, [
          el('h3', { className: 'panel-title', text: t('member.branches') }),
          branches.length
            ? el('ul', { className: 'plain-list' }, branches.map((b) => el('li', { dataset: { branchId: b.branch_id } }, [
              el('a', { attrs: { href: `#/branches?id=${encodeURIComponent(b.branch_id)}` }, text: orEmpty(b.branch_name) }),
              el('span', { className: 'tag', text: codeLabel('branch_role', b.role) }),
            ])))
            : el('p', { className: 'muted', text: t('member.no_branches') }),
        ]),
        el('section', { id: 'member-positions', className: 'panel member-group' }, [
          el('h3', { className: 'panel-title', text: t('member.positions') }),
          positions.length
            ? el('ul', { className: 'plain-list' }, positions.map((p) => el('li', {}, [
              el('span', { className: 'term-label', text: termLabel(p.term_number) }),
              el('span', { className: 'tag tag-accent', text: codeLabel('office', p.office) }),
            ])))
            : el('p', { className: 'muted', text: t('member.no_positions') }),
        ]),
      ]),
      el('p', { className: 'record-times muted' }, [
        t('member.created_at', { at: formatDateTime(member.created_at) }),
        ' · ',
        t('member.updated_at', { at: formatDateTime(member.updated_at) }),
      ]),
    ]);
    root.dataset.ready = 'true';
  }

  if (ctx.reason === 'locale' && detailCache && detailCache.id === id) {
    fill();
    return root;
  }
  // A new visit starts masked again.
  detailCache = null;
  load().catch((err) => {
    if (!ctx.isCurrent()) return;
    if (err && err.kind === 'not_found') replace(body, notFound(id));
    else {
      replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
      showError(err);
    }
    root.dataset.ready = 'true';
  });
  return root;
}

// ---------- The form ----------

function renderEditor(ctx, id) {
  const isNew = id === null;
  const key = isNew ? 'new' : `edit:${id}`;
  const back = isNew ? '#/members' : memberHref(id);
  const title = el('h2', { className: 'view-title', text: isNew ? t('member.new_title') : t('member.edit_title_loading') });
  const body = el('div', { className: 'member-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'member-editor', className: 'view-member' }, [
    el('div', { className: 'view-header' }, [
      el('a', { id: 'member-form-back', className: 'back-link', attrs: { href: back }, text: isNew ? t('member.back') : t('member.back_to_record') }),
      title,
      isNew ? null : el('p', { className: 'note note-audit', text: t('member.edit_reveal_note') }),
    ]),
    body,
  ]);

  const fill = () => {
    if (!isNew) title.textContent = t('member.edit_title', { name: orEmpty(editor.name) });
    replace(body, memberForm(ctx, id, back));
    root.dataset.ready = 'true';
  };

  if (ctx.reason === 'locale' && editor && editor.key === key) {
    fill();
    return root;
  }
  if (isNew) {
    editor = { key, id: null, name: '', draft: toDraft(emptyFields()), errors: {} };
    fill();
    return root;
  }
  editor = null;
  // The form shows phone and ID number in full so they can be corrected; the look is audited.
  api.revealMember(id).then((member) => {
    editor = { key, id, name: member.name, draft: toDraft(fieldsOf(member)), errors: {} };
    if (ctx.isCurrent()) fill();
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    if (err && err.kind === 'not_found') replace(body, notFound(id));
    else {
      replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
      showError(err);
    }
  });
  return root;
}

/** MemberFields → the strings the inputs hold. */
function toDraft(fields) {
  const draft = {};
  for (const name of FIELD_NAMES) draft[name] = fields[name] === null || fields[name] === undefined ? '' : String(fields[name]);
  if (!draft.status) draft.status = 'active';
  return draft;
}

/** The inputs' strings → MemberFields, and the problems a person can fix before sending. */
function fromDraft(draft) {
  const fields = {};
  const errors = {};
  for (const f of MEMBER_FIELDS) {
    const raw = String(draft[f.name] ?? '').trim();
    if (f.kind === 'year') {
      if (raw === '') fields[f.name] = null;
      else if (/^\d{4}$/.test(raw)) fields[f.name] = Number(raw);
      else {
        fields[f.name] = null;
        errors[f.name] = { text: t('member.invalid_year') };
      }
    } else if (f.kind === 'status') {
      fields[f.name] = raw || 'active';
    } else {
      fields[f.name] = raw === '' ? null : raw;
    }
  }
  if (!fields.name) errors.name = { text: codeLabel('reason', 'empty') };
  return { fields, errors };
}

function memberForm(ctx, id, back) {
  const isNew = id === null;
  const wraps = {};
  const controls = {};
  const messages = {};

  const control = (f) => {
    const common = { id: `field-${f.name}`, dataset: { field: f.name } };
    const value = editor.draft[f.name];
    if (f.kind === 'gender' || f.kind === 'status') {
      const codes = f.kind === 'gender' ? GENDERS : STATUSES;
      const prefix = f.kind === 'gender' ? 'gender' : 'member_status';
      return el('select', { ...common, className: 'input' }, [
        f.kind === 'gender' ? el('option', { attrs: { value: '' }, props: { selected: value === '' }, text: t('member.gender_unknown') }) : null,
        ...codes.map((code) => el('option', { attrs: { value: code }, props: { selected: value === code }, text: codeLabel(prefix, code) })),
      ]);
    }
    if (f.kind === 'notes') {
      return el('textarea', { ...common, className: 'input textarea', attrs: { rows: '3', maxlength: String(f.max) }, props: { value } });
    }
    if (f.kind === 'year') {
      return el('input', {
        ...common,
        className: 'input input-year',
        attrs: { type: 'number', min: '1900', max: '2100', step: '1', inputmode: 'numeric' },
        props: { value },
      });
    }
    return el('input', {
      ...common,
      className: 'input',
      attrs: {
        type: f.type || 'text',
        maxlength: String(f.max),
        autocomplete: 'off',
        spellcheck: 'false',
        required: f.required || null,
      },
      props: { value },
    });
  };

  const fieldNodes = MEMBER_FIELDS.map((f) => {
    controls[f.name] = control(f);
    messages[f.name] = el('p', { id: `error-${f.name}`, className: 'field-error', attrs: { 'aria-live': 'polite' }, hidden: true });
    controls[f.name].setAttribute('aria-describedby', `error-${f.name}`);
    wraps[f.name] = el('div', { id: `wrap-${f.name}`, className: ['field', `field-${f.kind}`] }, [
      el('label', { className: 'field-label', attrs: { for: `field-${f.name}` } }, [
        fieldLabel(f.name),
        f.required ? el('span', { className: 'required-mark', attrs: { title: t('member.required') }, text: ' *' }) : null,
      ]),
      controls[f.name],
      messages[f.name],
    ]);
    return wraps[f.name];
  });

  const formStatus = el('span', { id: 'member-form-status', className: 'status status-error', attrs: { role: 'alert' } });
  const save = el('button', { id: 'member-save', className: 'btn btn-primary', attrs: { type: 'submit' }, text: isNew ? t('member.create') : t('common.save') });
  const cancel = el('a', { id: 'member-cancel', className: 'btn', attrs: { href: back }, text: t('common.cancel') });

  function showErrors() {
    for (const name of FIELD_NAMES) {
      const problem = editor.errors[name];
      wraps[name].classList.toggle('field-invalid', Boolean(problem));
      if (problem) controls[name].setAttribute('aria-invalid', 'true');
      else controls[name].removeAttribute('aria-invalid');
      messages[name].hidden = !problem;
      replace(messages[name], problem ? [
        problem.text,
        problem.otherId !== undefined && problem.otherId !== null
          ? [' ', el('a', {
            className: 'duplicate-link',
            attrs: { href: memberHref(problem.otherId) },
            text: t('member.duplicate_open', { id: problem.otherId }),
          })]
          : null,
      ] : []);
    }
    formStatus.textContent = Object.keys(editor.errors).length ? t('member.form_has_errors') : '';
  }

  const form = el('form', { id: 'member-form', className: 'panel form member-form', attrs: { novalidate: true } }, [
    el('div', { className: 'form-grid' }, fieldNodes),
    el('div', { className: 'actions' }, [save, cancel, formStatus]),
  ]);

  form.addEventListener('input', (event) => {
    const name = event.target && event.target.dataset ? event.target.dataset.field : null;
    if (!name) return;
    editor.draft[name] = event.target.value;
    if (editor.errors[name]) {
      delete editor.errors[name];
      showErrors();
    }
  });
  form.addEventListener('change', (event) => {
    const name = event.target && event.target.dataset ? event.target.dataset.field : null;
    if (name) editor.draft[name] = event.target.value;
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // The controls are the truth: a field emptied without an input event (autofill, a test
    // driver's clear) is read as it stands.
    for (const name of FIELD_NAMES) editor.draft[name] = controls[name].value;
    const { fields, errors } = fromDraft(editor.draft);
    editor.errors = errors;
    showErrors();
    const first = FIELD_NAMES.find((name) => errors[name]);
    if (first) {
      controls[first].focus();
      return;
    }
    whileBusy(save, async () => {
      try {
        const saved = isNew ? await api.createMember(fields) : await api.updateMember(id, fields);
        const savedId = saved && saved.id !== undefined ? saved.id : id;
        editor = null;
        detailCache = null;
        // The saved record replaces the form in the history, so Back does not reopen the form
        // (which would reveal, and audit, the full data again).
        window.location.replace(memberHref(savedId));
      } catch (err) {
        const field = err && err.params ? err.params.field : null;
        if ((err.kind === 'invalid_input' || err.kind === 'duplicate_member') && FIELD_NAMES.includes(field)) {
          editor.errors = {
            [field]: err.kind === 'duplicate_member'
              ? { text: t('member.duplicate', { field: fieldLabel(field) }), otherId: err.params.other_id }
              : { text: codeLabel('reason', err.params.reason) },
          };
          showErrors();
          controls[field].focus();
        } else {
          showError(err);
        }
      }
    });
  });

  showErrors();
  setTimeout(() => {
    if (form.isConnected && isNew) controls.name.focus();
  }, 0);
  return form;
}
