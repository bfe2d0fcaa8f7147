// Branches (分会): the tree of regional, industry, college and overseas branches; one branch's
// members with their roles; add, rename, move and archive branches.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError, describeError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { createMemberPicker } from '../components/member-picker.js';
import { formatCount, formatNumber, codeLabel, orEmpty } from '../components/format.js';
import { BRANCH_KINDS, BRANCH_ROLES } from '../components/member-fields.js';
import { t } from '../i18n/index.js';

const MAX_DEPTH_CLASS = 6;

// The list, the chosen branch, its members and an open form, kept across a language switch.
let branches = null;
let selectedId = null;
let members = null; // {branchId, rows}
let form = null; // {mode: 'create'|'edit', draft: {name, kind, parent_id, city}, error}
let notice = null; // a sentence about the chosen branch (e.g. why it cannot be archived)

/** Renders the branches page; #/branches?id=N opens branch N. */
export function render(ctx) {
  const fromQuery = Number(ctx.query && ctx.query.get('id'));
  if (ctx.reason !== 'locale') {
    form = null;
    notice = null;
    if (Number.isInteger(fromQuery) && fromQuery > 0) selectedId = fromQuery;
  }

  const count = el('span', { id: 'branches-count', className: 'muted' });
  const treeBox = el('div', { className: 'branch-tree-box' }, el('p', { className: 'loading', text: t('common.loading') }));
  const main = el('div', { className: 'branch-main' });
  const newButton = el('button', { id: 'branch-new', className: 'btn btn-small', attrs: { type: 'button' }, text: t('branch.new') });
  newButton.addEventListener('click', () => openForm('create', null));

  const root = el('section', { id: 'branches', className: 'view-branches' }, [
    el('div', { className: 'view-header' }, [
      el('a', { className: 'back-link', attrs: { href: '#/members' }, text: t('member.back') }),
      el('h2', { className: 'view-title' }, [t('branches.title'), count]),
    ]),
    el('div', { className: 'split' }, [
      el('aside', { className: 'panel split-side' }, [
        el('div', { className: 'panel-header' }, [el('h3', { className: 'panel-title', text: t('branches.tree') }), newButton]),
        treeBox,
      ]),
      main,
    ]),
  ]);

  const byId = () => new Map((branches || []).map((b) => [b.id, b]));

  /** Depth-first order with each branch's depth; a parent missing from the list makes a root. */
  function treeOrder() {
    const ids = byId();
    const children = new Map();
    const roots = [];
    for (const b of branches) {
      if (b.parent_id !== null && b.parent_id !== undefined && ids.has(b.parent_id)) {
        if (!children.has(b.parent_id)) children.set(b.parent_id, []);
        children.get(b.parent_id).push(b);
      } else {
        roots.push(b);
      }
    }
    const out = [];
    const seen = new Set();
    const walk = (b, depth) => {
      if (seen.has(b.id)) return;
      seen.add(b.id);
      out.push({ branch: b, depth });
      for (const child of children.get(b.id) || []) walk(child, depth + 1);
    };
    for (const b of roots) walk(b, 0);
    // Anything left (a cycle in bad data) still shows, at the top level.
    for (const b of branches) walk(b, 0);
    return out;
  }

  function descendantsOf(id) {
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const b of branches) {
        if (!out.has(b.id) && out.has(b.parent_id)) {
          out.add(b.id);
          grew = true;
        }
      }
    }
    return out;
  }

  function fill() {
    count.textContent = t('branches.count', { n: formatNumber(branches.length) });
    const order = treeOrder();
    replace(treeBox, order.length === 0
      ? el('p', { className: 'muted', text: t('branches.empty') })
      : el('ul', { id: 'branch-tree', className: 'tree', attrs: { role: 'tree', 'aria-label': t('branches.tree') } }, order.map(({ branch: b, depth }) =>
        el('li', { attrs: { role: 'none' } }, el('button', {
          className: ['branch-node', `depth-${Math.min(depth, MAX_DEPTH_CLASS)}`, b.id === selectedId && 'selected'],
          attrs: { type: 'button', role: 'treeitem', 'aria-selected': b.id === selectedId ? 'true' : 'false', 'aria-level': String(depth + 1) },
          dataset: { branchId: b.id },
          on: { click: () => select(b.id) },
        }, [
          el('span', { className: 'branch-node-line' }, [
            el('span', { className: 'branch-node-name', text: orEmpty(b.name) }),
            el('span', { className: ['kind-tag', `kind-${b.kind}`], text: codeLabel('branch_kind', b.kind) }),
          ]),
          el('span', { className: 'branch-node-meta muted' }, [
            formatCount(b.members),
            b.president ? ` · ${t('branches.president_short', { name: b.president })}` : null,
          ]),
        ])))));
    drawMain();
    root.dataset.ready = 'true';
  }

  function select(id) {
    selectedId = id;
    form = null;
    notice = null;
    members = null;
    fill();
    focusNode(id);
    loadMembers(id);
  }

  // The tree is rebuilt on every choice; the keyboard stays on the chosen branch.
  function focusNode(id) {
    const node = treeBox.querySelector(`.branch-node[data-branch-id="${id}"]`);
    if (node) node.focus();
  }

  function loadMembers(id) {
    return api.branchMembers(id).then((rows) => {
      if (selectedId !== id) return;
      members = { branchId: id, rows: Array.isArray(rows) ? rows : [] };
      if (ctx.isCurrent()) drawMain();
    }).catch((err) => {
      if (ctx.isCurrent()) showError(err);
    });
  }

  const reloadList = () => api.listBranches().then((list) => {
    branches = Array.isArray(list) ? list : [];
    if (selectedId !== null && !branches.some((b) => b.id === selectedId)) selectedId = null;
    if (ctx.isCurrent()) fill();
  });

  // ---------- The right-hand side ----------
  function drawMain() {
    const branch = byId().get(selectedId);
    replace(main, [
      form ? branchForm() : null,
      branch ? branchDetail(branch) : (form ? null : el('div', { className: 'panel muted', text: branches.length ? t('branches.pick') : t('branches.empty_hint') })),
      branch ? membersPanel(branch) : null,
    ]);
  }

  function branchDetail(b) {
    const parent = byId().get(b.parent_id);
    const edit = el('button', { id: 'branch-edit', className: 'btn', attrs: { type: 'button' }, text: t('branch.edit') });
    edit.addEventListener('click', () => openForm('edit', b));
    const child = el('button', { id: 'branch-add-child', className: 'btn', attrs: { type: 'button' }, text: t('branch.add_child') });
    child.addEventListener('click', () => openForm('create', b));
    const archive = el('button', { id: 'branch-archive', className: 'btn btn-danger-outline', attrs: { type: 'button' }, text: t('branch.archive') });
    archive.addEventListener('click', () => whileBusy(archive, async () => {
      const ok = await confirmDialog({
        title: t('branch.archive_confirm_title'),
        message: t('branch.archive_confirm', { name: b.name }),
        confirmText: t('branch.archive'),
        danger: true,
      });
      if (!ok) return;
      try {
        await api.archiveBranch(b.id);
        selectedId = b.parent_id ?? null;
        notice = null;
        members = null;
        await reloadList();
        if (selectedId !== null) loadMembers(selectedId);
      } catch (err) {
        if (err && err.kind === 'invalid_input' && err.params && err.params.reason === 'has_children') {
          notice = t('branch.has_children', { name: b.name });
          drawMain();
        } else {
          showError(err);
        }
      }
    }));

    return el('section', { id: 'branch-detail', className: 'panel', dataset: { branchId: b.id } }, [
      el('h3', { id: 'branch-title', className: 'panel-title branch-title' }, [
        orEmpty(b.name),
        el('span', { className: ['kind-tag', `kind-${b.kind}`], text: codeLabel('branch_kind', b.kind) }),
      ]),
      el('dl', { className: 'facts' }, [
        el('dt', { text: t('branch.parent') }), el('dd', { id: 'branch-parent', text: parent ? parent.name : t('branch.no_parent') }),
        el('dt', { text: t('branch.city') }), el('dd', { text: orEmpty(b.city) }),
        el('dt', { text: t('branch.president') }), el('dd', { text: orEmpty(b.president) }),
        el('dt', { text: t('branch.members') }), el('dd', { text: formatCount(b.members) }),
      ]),
      notice ? el('p', { id: 'branch-error', className: 'note note-error', attrs: { role: 'alert' }, text: notice }) : null,
      el('div', { className: 'actions' }, [edit, child, archive]),
    ]);
  }

  function membersPanel(b) {
    const rows = members && members.branchId === b.id ? members.rows : null;
    const picker = createMemberPicker({ id: 'branch-add-search', placeholder: t('branch.add_member_placeholder') });
    const role = el('select', { id: 'branch-add-role', className: 'input', attrs: { 'aria-label': t('branch.role') } },
      BRANCH_ROLES.map((r) => el('option', { attrs: { value: r }, props: { selected: r === 'member' }, text: codeLabel('branch_role', r) })));
    const add = el('button', { id: 'branch-add-member', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('branch.add_member') });
    add.addEventListener('click', () => whileBusy(add, async () => {
      const hit = picker.value;
      if (!hit) {
        picker.focus();
        return;
      }
      await changeRole(b.id, hit.id, role.value);
      picker.clear();
    }));

    const table = rows === null
      ? el('p', { className: 'loading', text: t('common.loading') })
      : createTable([
        {
          key: 'name',
          label: t('member.col.name'),
          className: 'col-name',
          sortable: true,
          render: (m) => el('a', { attrs: { href: `#/members/${encodeURIComponent(m.member_id)}` }, text: orEmpty(m.name) }),
        },
        { key: 'graduation_year', label: t('member.col.graduation_year'), numeric: true, sortable: true },
        { key: 'college', label: t('member.col.college'), sortable: true },
        {
          key: 'role',
          label: t('branch.role'),
          sortable: true,
          value: (m) => BRANCH_ROLES.indexOf(m.role),
          render: (m) => {
            const select = el('select', {
              className: 'input input-small role-select',
              attrs: { 'aria-label': t('branch.role_of', { name: m.name }) },
              dataset: { memberId: m.member_id },
            }, BRANCH_ROLES.map((r) => el('option', { attrs: { value: r }, props: { selected: r === m.role }, text: codeLabel('branch_role', r) })));
            select.addEventListener('change', () => whileBusy(select, () => changeRole(b.id, m.member_id, select.value)));
            return select;
          },
        },
        {
          key: 'remove',
          label: '',
          render: (m) => {
            const button = el('button', {
              className: 'btn btn-quiet btn-small member-remove',
              attrs: { type: 'button', title: t('branch.remove_hint', { name: m.name }) },
              dataset: { memberId: m.member_id },
              text: t('branch.remove'),
            });
            button.addEventListener('click', () => whileBusy(button, async () => {
              const ok = await confirmDialog({
                title: t('branch.remove_confirm_title'),
                message: t('branch.remove_confirm', { name: m.name, branch: b.name }),
                confirmText: t('branch.remove'),
                danger: true,
              });
              if (ok) await changeRole(b.id, m.member_id, null);
            }));
            return button;
          },
        },
      ], {
        id: 'branch-members',
        rows,
        emptyText: t('branch.no_members'),
        rowAttrs: (m) => ({ className: 'branch-member-row', dataset: { memberId: m.member_id } }),
      }).element;

    return el('section', { id: 'branch-members-panel', className: 'panel' }, [
      el('h3', { className: 'panel-title' }, [t('branch.members_title'), rows ? el('span', { className: 'muted title-count', text: formatCount(rows.length) }) : null]),
      el('div', { className: 'inline-form add-row' }, [picker.element, role, add]),
      table,
    ]);
  }

  async function changeRole(branchId, memberId, role) {
    try {
      await api.setBranchRole(branchId, memberId, role);
      // The counts and the president in the tree may have changed too.
      await Promise.all([reloadList(), loadMembers(branchId)]);
    } catch (err) {
      showError(err);
      // The select shows what is really recorded.
      if (ctx.isCurrent()) drawMain();
    }
  }

  // ---------- Create / rename / move ----------
  function openForm(mode, branch) {
    notice = null;
    form = mode === 'edit'
      ? { mode, id: branch.id, draft: { name: branch.name || '', kind: branch.kind, parent_id: branch.parent_id ?? null, city: branch.city || '' }, error: null }
      : { mode, draft: { name: '', kind: branch ? branch.kind : 'regional', parent_id: branch ? branch.id : null, city: '' }, error: null };
    drawMain();
    const name = document.getElementById('branch-name');
    if (name) name.focus();
  }

  function branchForm() {
    const d = form.draft;
    const excluded = form.mode === 'edit' ? descendantsOf(form.id) : new Set();
    const name = el('input', { id: 'branch-name', className: 'input input-wide', attrs: { type: 'text', maxlength: '100', autocomplete: 'off' }, props: { value: d.name } });
    const kind = el('select', { id: 'branch-kind', className: 'input' },
      BRANCH_KINDS.map((k) => el('option', { attrs: { value: k }, props: { selected: k === d.kind }, text: codeLabel('branch_kind', k) })));
    const parent = el('select', { id: 'branch-parent', className: 'input' }, [
      el('option', { attrs: { value: '' }, props: { selected: d.parent_id === null }, text: t('branch.no_parent') }),
      ...treeOrder().filter(({ branch: b }) => !excluded.has(b.id)).map(({ branch: b, depth }) => el('option', {
        attrs: { value: String(b.id) },
        props: { selected: b.id === d.parent_id },
        // Indented with ideographic spaces: an option cannot hold markup.
        text: `${'\u3000'.repeat(Math.min(depth, MAX_DEPTH_CLASS))}${b.name}`,
      })),
    ]);
    const city = el('input', { id: 'branch-city', className: 'input', attrs: { type: 'text', maxlength: '100', autocomplete: 'off' }, props: { value: d.city } });
    const save = el('button', { id: 'branch-save', className: 'btn btn-primary', attrs: { type: 'submit' }, text: t('common.save') });
    const cancel = el('button', { id: 'branch-cancel', className: 'btn', attrs: { type: 'button' }, text: t('common.cancel') });
    cancel.addEventListener('click', () => {
      form = null;
      drawMain();
    });
    const error = el('p', { id: 'branch-form-error', className: 'status-line status-error', attrs: { role: 'alert' }, text: form.error || '' });
    const field = (id, label, control) => el('div', { className: 'field' }, [el('label', { className: 'field-label', attrs: { for: id }, text: label }), control]);

    const node = el('form', { id: 'branch-form', className: 'panel form', attrs: { novalidate: true } }, [
      el('h3', { className: 'panel-title', text: form.mode === 'edit' ? t('branch.edit_title') : t('branch.new_title') }),
      el('div', { className: 'form-grid' }, [
        field('branch-name', t('branch.name'), name),
        field('branch-kind', t('branch.kind'), kind),
        field('branch-parent', t('branch.parent'), parent),
        field('branch-city', t('branch.city'), city),
      ]),
      error,
      el('div', { className: 'actions' }, [save, cancel]),
    ]);
    node.addEventListener('input', () => {
      form.draft = { name: name.value, kind: kind.value, parent_id: parent.value ? Number(parent.value) : null, city: city.value };
    });
    node.addEventListener('change', () => {
      form.draft = { name: name.value, kind: kind.value, parent_id: parent.value ? Number(parent.value) : null, city: city.value };
    });
    node.addEventListener('submit', (event) => {
      event.preventDefault();
      const branch = {
        name: name.value.trim(),
        kind: kind.value,
        parent_id: parent.value ? Number(parent.value) : null,
        city: city.value.trim() || null,
      };
      if (!branch.name) {
        form.error = t('branch.name_required');
        error.textContent = form.error;
        name.focus();
        return;
      }
      whileBusy(save, async () => {
        try {
          if (form.mode === 'edit') {
            await api.updateBranch(form.id, branch);
            selectedId = form.id;
          } else {
            const created = await api.createBranch(branch);
            if (created && created.id !== undefined) selectedId = created.id;
          }
          form = null;
          members = null;
          await reloadList();
          if (selectedId !== null) loadMembers(selectedId);
        } catch (err) {
          if (err && err.kind === 'invalid_input') {
            form.error = describeError(err).sentence;
            error.textContent = form.error;
          } else {
            showError(err);
          }
        }
      });
    });
    return node;
  }

  if (ctx.reason === 'locale' && branches) {
    fill();
    return root;
  }
  reloadList().then(() => {
    if (selectedId !== null && ctx.isCurrent()) loadMembers(selectedId);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(treeBox, el('p', { className: 'muted', text: t('common.load_failed') }));
    root.dataset.ready = 'true';
    showError(err);
  });
  return root;
}
