// Settings: the association's rules, staff profiles, backup and restore, and which database is open.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { pinDialog } from '../components/pin-dialog.js';
import { codeLabel, orEmpty, formatNumber } from '../components/format.js';
import { t } from '../i18n/index.js';

const TIME_ZONES = [
  'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo',
  'Asia/Seoul', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles',
  'Australia/Sydney', 'UTC',
];

const MAJORITY_RULES = ['more_than_half', 'two_thirds'];
const ROLES = ['staff', 'admin'];

// Last data shown plus unsaved edits, so a language switch neither refetches nor loses typing.
let cache = null;
let draft = null;
// The outcome of the last backup or restore, kept so it survives the re-render a restore causes.
let backupMessage = null;

/** Renders the settings page. */
export function render(ctx) {
  const body = el('div', { className: 'settings-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const root = el('section', { id: 'settings', className: 'view-settings' }, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t('settings.title') })),
    body,
  ]);

  const fill = () => {
    replace(body, [
      settingsForm(ctx),
      staffSection(ctx, () => fill()),
      backupSection(ctx, reload),
      databaseSection(ctx),
    ]);
    root.dataset.ready = 'true';
  };

  // Fetches everything again, e.g. after a restore replaced the database under us.
  const reload = () => {
    draft = null;
    return Promise.all([api.getSettings(), api.listStaff()]).then(([settings, staff]) => {
      cache = { settings, staff };
      if (ctx.isCurrent()) fill();
    });
  };

  if (ctx.reason === 'locale' && cache) {
    fill();
    return root;
  }
  backupMessage = null;
  reload().catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
    showError(err);
  });
  return root;
}

function field(id, labelText, control, hint) {
  return el('div', { className: 'field' }, [
    el('label', { className: 'field-label', attrs: { for: id }, text: labelText }),
    control,
    hint ? el('p', { className: 'field-hint', text: hint }) : null,
  ]);
}

function status(id) {
  return el('span', { id, className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
}

function setStatus(node, text, isError = false) {
  node.textContent = text;
  node.classList.toggle('status-error', isError);
}

function settingsForm(ctx) {
  const values = draft || { ...cache.settings };
  draft = values;

  const name = el('input', {
    id: 'settings-association-name',
    className: 'input input-wide',
    // The backend's limits: 60 characters for the association, 40 for a staff name.
    attrs: { type: 'text', maxlength: '60', autocomplete: 'off' },
    props: { value: orBlank(values.association_name) },
  });
  const numerator = el('input', {
    id: 'settings-quorum-numerator',
    className: 'input input-number',
    attrs: { type: 'number', min: '1', max: '100', step: '1', 'aria-label': t('settings.quorum_numerator') },
    props: { value: orBlank(values.quorum_numerator) },
  });
  const denominator = el('input', {
    id: 'settings-quorum-denominator',
    className: 'input input-number',
    attrs: { type: 'number', min: '1', max: '100', step: '1', 'aria-label': t('settings.quorum_denominator') },
    props: { value: orBlank(values.quorum_denominator) },
  });
  const majority = el('select', { id: 'settings-majority', className: 'input' },
    MAJORITY_RULES.map((rule) => el('option', {
      attrs: { value: rule },
      props: { selected: values.majority === rule },
      text: codeLabel('majority', rule),
    })));
  // IANA names, shown as they are: an office abroad picks its own; the current value is kept
  // even when it is not in the list.
  const zones = [...new Set([values.time_zone || 'Asia/Shanghai', ...TIME_ZONES])];
  const timeZone = el('select', { id: 'settings-time-zone', className: 'input' },
    zones.map((zone) => el('option', { attrs: { value: zone }, props: { selected: (values.time_zone || 'Asia/Shanghai') === zone }, text: zone })));
  const backupDir = el('input', {
    id: 'settings-backup-dir',
    className: 'input input-wide',
    attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: t('settings.backup_dir_placeholder') },
    props: { value: orBlank(values.backup_dir) },
  });
  const saveStatus = status('settings-status');
  const save = el('button', { id: 'settings-save', className: 'btn btn-primary', attrs: { type: 'submit' }, text: t('common.save') });

  const readForm = () => ({
    ...cache.settings,
    association_name: name.value.trim(),
    quorum_numerator: toInt(numerator.value),
    quorum_denominator: toInt(denominator.value),
    majority: majority.value,
    backup_dir: backupDir.value.trim() || null,
    time_zone: timeZone.value,
  });

  const form = el('form', { id: 'settings-form', className: 'panel form', attrs: { novalidate: true } }, [
    el('h3', { className: 'panel-title', text: t('settings.general') }),
    field('settings-association-name', t('settings.association_name'), name),
    el('div', { className: 'field' }, [
      el('span', { className: 'field-label', attrs: { id: 'quorum-label' }, text: t('settings.quorum') }),
      el('div', { className: 'inline-controls', attrs: { role: 'group', 'aria-labelledby': 'quorum-label' } }, [
        el('span', { text: t('settings.quorum_before') }),
        numerator,
        el('span', { className: 'fraction-slash', text: '/' }),
        denominator,
        el('span', { text: t('settings.quorum_after') }),
      ]),
      el('p', { className: 'field-hint', text: t('settings.quorum_hint') }),
    ]),
    field('settings-majority', t('settings.majority'), majority, t('settings.majority_hint')),
    field('settings-time-zone', t('settings.time_zone'), timeZone, t('settings.time_zone_hint')),
    field('settings-backup-dir', t('settings.backup_dir'), backupDir, t('settings.backup_dir_hint')),
    el('div', { className: 'actions' }, [save, saveStatus]),
  ]);

  form.addEventListener('input', () => {
    draft = readForm();
    setStatus(saveStatus, '');
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const settings = readForm();
    const problem = validate(settings);
    if (problem) {
      setStatus(saveStatus, problem, true);
      return;
    }
    whileBusy(save, async () => {
      try {
        const saved = await api.saveSettings(settings);
        cache.settings = saved || settings;
        draft = { ...cache.settings };
        setStatus(saveStatus, t('settings.saved'));
        // The association's name is in the top bar.
        ctx.app.refreshOverview().catch(showError);
      } catch (err) {
        setStatus(saveStatus, '');
        showError(err);
      }
    });
  });
  return form;
}

/** A sentence for the first thing wrong with the form, or null; the backend checks again. */
function validate(settings) {
  if (!settings.association_name) return t('settings.invalid.name');
  const { quorum_numerator: n, quorum_denominator: d } = settings;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || n > d || d > 100) return t('settings.invalid.quorum');
  if (!MAJORITY_RULES.includes(settings.majority)) return t('settings.invalid.majority');
  return null;
}

function toInt(text) {
  const trimmed = String(text).trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
}

function orBlank(value) {
  return value === null || value === undefined ? '' : String(value);
}

function staffSection(ctx, refill) {
  const current = ctx.app.overview && ctx.app.overview.staff;
  const currentId = current ? current.id : null;

  const table = createTable([
    { key: 'name', label: t('staff.col.name'), sortable: true },
    { key: 'role', label: t('staff.col.role'), render: (s) => codeLabel('role', s.role) },
    {
      key: 'active',
      label: t('staff.col.active'),
      render: (s) => el('span', { className: s.active ? 'yes' : 'muted', text: s.active ? t('staff.active') : t('staff.inactive') }),
    },
    {
      key: 'current',
      label: t('staff.col.current'),
      render: (s) => {
        if (s.id === currentId) return el('span', { className: 'tag tag-accent', text: t('staff.is_current') });
        const button = el('button', {
          className: 'btn btn-small',
          attrs: { type: 'button', 'data-staff-id': s.id },
          props: { disabled: !s.active },
          text: t('staff.select'),
        });
        button.addEventListener('click', () => whileBusy(button, () => switchTo(ctx, s, current, refill)));
        return button;
      },
    },
    {
      key: 'pin',
      label: t('staff.col.pin'),
      render: (s) => {
        const state = el('span', { className: s.has_pin ? 'yes' : 'muted', text: s.has_pin ? t('staff.pin_set') : t('staff.pin_none') });
        // One's own PIN, or as an admin anyone's; the backend checks again.
        const mayChange = s.id === currentId || Boolean(current && current.role === 'admin');
        if (!mayChange || !s.active) return state;
        const button = el('button', {
          className: 'btn btn-small btn-quiet',
          attrs: { type: 'button', 'data-pin-staff-id': s.id },
          text: s.has_pin ? t('staff.change_pin') : t('staff.set_pin'),
        });
        button.addEventListener('click', () => whileBusy(button, async () => {
          if (await setPin(s, s.id === currentId && s.has_pin)) {
            await refreshStaff(ctx);
            refill();
          }
        }));
        return el('span', { className: 'inline-controls' }, [state, button]);
      },
    },
  ], {
    id: 'staff-table',
    rows: cache.staff,
    emptyText: t('staff.empty'),
    rowAttrs: (s) => ({ className: s.id === currentId ? 'row-current' : null, dataset: { staffId: s.id } }),
  });

  const newName = el('input', {
    id: 'staff-new-name',
    className: 'input',
    attrs: { type: 'text', maxlength: '40', autocomplete: 'off', placeholder: t('staff.new_name') },
  });
  const newRole = el('select', { id: 'staff-new-role', className: 'input', attrs: { 'aria-label': t('staff.col.role') } },
    ROLES.map((role) => el('option', { attrs: { value: role }, text: codeLabel('role', role) })));
  const addStatus = status('staff-status');
  // Adding profiles is for admins; greyed out only when we already know the profile is not one.
  const notAdmin = Boolean(current && current.role && current.role !== 'admin');
  const add = el('button', {
    id: 'staff-add',
    className: 'btn',
    attrs: { type: 'submit', title: notAdmin ? t('staff.add_admin_only') : null },
    props: { disabled: notAdmin },
    text: t('staff.add'),
  });
  const form = el('form', { id: 'staff-form', className: 'inline-form', attrs: { novalidate: true } }, [
    el('label', { className: 'field-label', attrs: { for: 'staff-new-name' }, text: t('staff.new_label') }),
    newName, newRole, add, addStatus,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = newName.value.trim();
    if (!name) {
      setStatus(addStatus, t('staff.invalid_name'), true);
      newName.focus();
      return;
    }
    whileBusy(add, async () => {
      try {
        await api.createStaff(name, newRole.value);
        cache.staff = await api.listStaff();
        refill();
      } catch (err) {
        showError(err);
      }
    });
  });

  return el('section', { id: 'staff-section', className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('staff.title') }),
    el('p', { className: 'panel-intro muted', text: t('staff.intro') }),
    table.element,
    form,
    notAdmin ? el('p', { className: 'field-hint', text: t('staff.add_admin_only') }) : null,
  ]);
}

/** Reloads the profiles and the acting one (its has_pin may have changed). */
async function refreshStaff(ctx) {
  cache.staff = await api.listStaff();
  const me = ctx.app.overview && ctx.app.overview.staff;
  const fresh = me && cache.staff.find((x) => x.id === me.id);
  if (fresh) ctx.app.setStaff(fresh);
}

/** Asks for a new PIN (and the old one where needed) and sets it; true when set. */
async function setPin(profile, withOld) {
  const done = await pinDialog({
    mode: 'set',
    title: t('pin.set_title', { name: profile.name }),
    message: t('pin.set_message', { name: profile.name }),
    withOld,
    submit: ({ pin, oldPin }) => api.setStaffPin(profile.id, pin, oldPin),
  });
  return Boolean(done);
}

/**
 * Switches to a profile. An admin with a PIN is asked for it first; an admin without one cannot
 * be switched to until an admin sets it, which an acting admin is offered on the spot.
 */
async function switchTo(ctx, target, current, refill) {
  const chosen = (profile) => {
    ctx.app.setStaff(profile || { id: target.id, name: target.name, role: target.role });
    refill();
  };
  try {
    if (target.role === 'admin' && target.has_pin) {
      const answer = await pinDialog({
        title: t('pin.ask_title', { name: target.name }),
        message: t('pin.ask_message', { name: target.name }),
        submit: async ({ pin }) => chosen(await api.selectStaff(target.id, pin)),
      });
      return answer;
    }
    chosen(await api.selectStaff(target.id));
  } catch (err) {
    if (err && err.kind === 'pin_required_to_set' && current && current.role === 'admin') {
      const set = await confirmDialog({
        title: t('pin.required_to_set_title', { name: target.name }),
        message: t('pin.required_to_set_offer', { name: target.name }),
        confirmText: t('staff.set_pin'),
      });
      if (!set) return null;
      let newPin = null;
      const done = await pinDialog({
        mode: 'set',
        title: t('pin.set_title', { name: target.name }),
        message: t('pin.set_message', { name: target.name }),
        submit: async ({ pin }) => {
          await api.setStaffPin(target.id, pin, null);
          newPin = pin;
        },
      });
      if (!done) {
        await refreshStaff(ctx);
        refill();
        return null;
      }
      await refreshStaff(ctx);
      // The acting admin just chose this PIN: switching with it needs no second typing.
      try {
        chosen(await api.selectStaff(target.id, newPin));
      } catch (again) {
        refill();
        showError(again);
      }
      return null;
    }
    showError(err);
  }
  return null;
}

function backupSection(ctx, reload) {
  const staff = ctx.app.overview && ctx.app.overview.staff;
  // The backend decides; the button is only greyed out when we already know the profile is not an admin.
  const notAdmin = Boolean(staff && staff.role && staff.role !== 'admin');
  const backupStatus = status('backup-status');
  if (backupMessage) setStatus(backupStatus, t(backupMessage.key, backupMessage.params));
  const say = (key, params) => {
    backupMessage = key ? { key, params } : null;
    setStatus(backupStatus, key ? t(key, params) : '');
  };

  const backup = el('button', { id: 'backup-now', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('backup.now') });
  backup.addEventListener('click', () => whileBusy(backup, async () => {
    say(null);
    try {
      const result = await api.backupDatabase(t('backup.dialog_title'));
      // null means the user cancelled the save dialog: nothing to say.
      if (result && result.path) say('backup.done', { path: result.path });
    } catch (err) {
      showError(err);
    }
  }));

  const restore = el('button', {
    id: 'restore-backup',
    className: 'btn btn-danger-outline',
    attrs: { type: 'button', title: notAdmin ? t('backup.restore_admin_only') : null },
    props: { disabled: notAdmin },
    text: t('backup.restore'),
  });
  restore.addEventListener('click', () => whileBusy(restore, async () => {
    say(null);
    const ok = await confirmDialog({
      title: t('backup.restore_confirm_title'),
      message: t('backup.restore_confirm'),
      confirmText: t('backup.restore_confirm_button'),
      danger: true,
    });
    if (!ok) return;
    try {
      const result = await api.restoreDatabase(t('backup.restore_dialog_title'));
      if (!result) return;
      say('backup.restored', { path: result.path, safety_copy: orEmpty(result.safety_copy) });
      // Everything on screen may have changed with the database: the top bar, the settings, the staff.
      await ctx.app.refreshOverview();
      await reload();
    } catch (err) {
      showError(err);
    }
  }));

  return el('section', { id: 'backup-section', className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('backup.title') }),
    el('p', { className: 'panel-intro muted', text: t('backup.intro') }),
    el('div', { className: 'actions' }, [backup, restore]),
    notAdmin ? el('p', { className: 'field-hint', text: t('backup.restore_admin_only') }) : null,
    el('p', { className: 'status-line' }, backupStatus),
  ]);
}

function databaseSection(ctx) {
  const database = (ctx.app.overview && ctx.app.overview.database) || {};
  const row = (label, value, id) => [
    el('dt', { text: label }),
    el('dd', { id, text: value }),
  ];
  return el('section', { id: 'database-section', className: 'panel' }, [
    el('h3', { className: 'panel-title', text: t('database.title') }),
    el('dl', { className: 'facts' }, [
      row(t('database.path'), orEmpty(database.path), 'database-path'),
      row(t('database.kind'), database.is_demo ? t('database.demo') : t('database.register'), 'database-kind'),
      row(t('database.schema_version'), formatNumber(database.schema_version), 'database-schema-version'),
    ]),
  ]);
}
