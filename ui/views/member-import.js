// Import wizard: choose a spreadsheet, match its columns to fields, try it (nothing written), then
// import in one go; rows that differ from a record go to the review queue, never over it.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError, describeError } from '../components/errors.js';
import { confirmDialog } from '../components/dialog.js';
import { formatNumber, formatCount, codeLabel, orEmpty } from '../components/format.js';
import { FIELD_NAMES, fieldLabel } from '../components/member-fields.js';
import { t, getLocale } from '../i18n/index.js';

// Rows listed on screen per list; the rejects file has them all.
const LISTED = 200;
const STEPS = ['file', 'mapping', 'preview', 'apply'];

function freshWizard() {
  return {
    file: null, // import_open's answer
    readingJob: null, // the job id of the file being read, while it is read
    mapping: [], // field code or null, per column
    report: null,
    reportKind: null, // 'preview' | 'apply'
    running: null, // 'preview' | 'apply' while a call runs
    progress: null, // the latest import-progress event
    notice: null, // {tone: 'info'|'error', text, detail}
    savedRejects: null, // path of the saved rejects file
  };
}

// The wizard outlives a language switch and a look at another page while a long import runs.
let wiz = freshWizard();
// The latest render's redraw; a call that finishes after the user left only updates wiz.
let redraw = () => {};
let updateProgress = () => {};

/** Renders the import wizard. */
export function render(ctx) {
  if (ctx.reason !== 'locale' && !wiz.running && wiz.reportKind === 'apply') wiz = freshWizard();

  const stepper = el('ol', { id: 'import-steps', className: 'stepper' });
  const body = el('div', { id: 'import-body', className: 'import-body' });
  const root = el('section', { id: 'member-import', className: 'view-import' }, [
    el('div', { className: 'view-header' }, [
      el('a', { className: 'back-link', attrs: { href: '#/members' }, text: t('member.back') }),
      el('h2', { className: 'view-title', text: t('import.title') }),
      el('p', { className: 'muted', text: t('import.intro') }),
    ]),
    stepper,
    body,
  ]);

  redraw = () => {
    if (!ctx.isCurrent()) return;
    const focusedId = document.activeElement && document.activeElement.id;
    draw();
    // A redraw after a choice in the mapping keeps the keyboard where it was.
    if (focusedId) {
      const again = document.getElementById(focusedId);
      if (again && again !== document.activeElement && !again.disabled) again.focus();
    }
  };

  function currentStep() {
    if (wiz.reportKind === 'apply') return 'apply';
    if (wiz.report || wiz.running === 'preview') return 'preview';
    if (wiz.file) return 'mapping';
    return 'file';
  }

  function draw() {
    const step = currentStep();
    const at = STEPS.indexOf(step);
    replace(stepper, STEPS.map((s, i) => el('li', {
      className: ['step', i < at && 'done', i === at && 'current'],
      attrs: { 'aria-current': i === at ? 'step' : null },
    }, [el('span', { className: 'step-number', text: String(i + 1) }), el('span', { text: t(`import.step.${s}`) })])));

    replace(body, [
      noticeBox(),
      fileStep(),
      // Once imported, the mapping has done its job; the report is what matters.
      wiz.file && wiz.reportKind !== 'apply' ? mappingStep() : null,
      wiz.running ? runningBox() : null,
      wiz.report && !wiz.running ? reportStep() : null,
    ]);
    root.dataset.ready = 'true';
    root.dataset.step = step;
  }

  function noticeBox() {
    if (!wiz.notice) return null;
    return el('div', {
      id: 'import-notice',
      className: ['note', wiz.notice.tone === 'error' ? 'note-error' : 'note-info'],
      attrs: { role: wiz.notice.tone === 'error' ? 'alert' : 'status' },
    }, [
      el('strong', { text: wiz.notice.text }),
      wiz.notice.detail ? el('div', { className: 'error-detail', text: wiz.notice.detail }) : null,
    ]);
  }

  // ---------- Step 1: the file ----------
  function fileStep() {
    const choose = el('button', {
      id: 'import-choose',
      className: ['btn', wiz.file ? null : 'btn-primary'],
      attrs: { type: 'button' },
      props: { disabled: Boolean(wiz.running || wiz.readingJob) },
      text: wiz.file ? t('import.choose_other') : t('import.choose'),
    });
    choose.addEventListener('click', () => whileBusy(choose, async () => {
      // The read is a job of its own, so a large or slow file can be stopped while it is read.
      const jobId = api.newJobId('import');
      wiz.readingJob = jobId;
      redraw();
      try {
        const opened = await api.importOpen(t('import.open_title'), jobId);
        // null: the user closed the open dialog; whatever was chosen before stays.
        if (!opened) return;
        wiz = freshWizard();
        wiz.file = opened;
        wiz.mapping = (opened.columns || []).map((c) => c.field || null);
      } catch (err) {
        wiz = freshWizard();
        wiz.notice = err && err.kind === 'cancelled'
          ? { tone: 'info', text: t('import.cancelled_reading') }
          : errorNotice(err);
      } finally {
        wiz.readingJob = null;
        redraw();
      }
    }));
    const reading = wiz.readingJob;
    const readingRow = reading
      ? el('div', { id: 'import-reading', className: 'progress-row' }, [
        el('progress', { className: 'progress' }),
        el('span', { className: 'muted', text: t('import.reading') }),
        el('button', {
          id: 'import-cancel-reading',
          className: 'btn btn-danger-outline',
          attrs: { type: 'button' },
          text: t('import.cancel_reading'),
          on: { click: () => api.cancelJob(reading).catch(showError) },
        }),
      ])
      : null;
    const file = wiz.file;
    return el('section', { id: 'import-step-file', className: 'panel' }, [
      el('h3', { className: 'panel-title', text: t('import.step1_title') }),
      file
        ? el('dl', { className: 'facts' }, [
          el('dt', { text: t('import.file_name') }), el('dd', { id: 'import-file-name', text: orEmpty(file.file_name) }),
          el('dt', { text: t('import.header_row') }), el('dd', { id: 'import-header-row', text: t('import.row_n', { row: file.header_row }) }),
          el('dt', { text: t('import.rows') }), el('dd', { id: 'import-rows', text: t('import.rows_n', { n: formatNumber(file.rows) }) }),
        ])
        : el('p', { className: 'muted', text: t('import.choose_hint') }),
      readingRow,
      el('div', { className: 'actions' }, choose),
    ]);
  }

  // ---------- Step 2: which column is which field ----------
  function mappingStep() {
    const file = wiz.file;
    // The backend names the fields a column can go to; without that list, every field but status.
    const fields = Array.isArray(file.fields) && file.fields.length ? file.fields : FIELD_NAMES.filter((f) => f !== 'status');
    const locked = Boolean(wiz.running) || wiz.reportKind === 'apply';
    const problems = mappingProblems();

    const table = createTable([
      { key: 'letter', label: t('import.col.column'), className: 'col-letter', render: (c) => columnLetter(c.index) },
      { key: 'header', label: t('import.col.header'), className: 'col-name', render: (c) => orEmpty(c.header) },
      {
        key: 'samples',
        label: t('import.col.samples'),
        render: (c) => {
          const samples = (c.samples || []).slice(0, 3);
          return samples.length
            ? el('ul', { className: 'samples' }, samples.map((v) => el('li', { attrs: { title: v }, text: v === '' ? t('common.empty') : v })))
            : el('span', { className: 'muted', text: t('import.no_samples') });
        },
      },
      {
        key: 'field',
        label: t('import.col.field'),
        render: (c) => {
          const i = wiz.file.columns.indexOf(c);
          const value = wiz.mapping[i] || '';
          const select = el('select', {
            id: `map-${c.index}`,
            className: ['input', 'map-select', !value && 'map-ignored'],
            attrs: { 'aria-label': t('import.map_label', { header: orEmpty(c.header) }) },
            props: { disabled: locked },
            dataset: { column: c.index },
          }, [
            el('option', { attrs: { value: '' }, props: { selected: !value }, text: t('import.ignore') }),
            ...fields.map((f) => el('option', { attrs: { value: f }, props: { selected: value === f }, text: fieldLabel(f) })),
          ]);
          select.addEventListener('change', () => {
            wiz.mapping[i] = select.value || null;
            // A dry run answers for the mapping it was given; a new mapping needs a new one.
            if (wiz.reportKind === 'preview') {
              wiz.report = null;
              wiz.reportKind = null;
            }
            wiz.notice = null;
            redraw();
          });
          return select;
        },
      },
    ], {
      id: 'import-mapping',
      rows: file.columns || [],
      rowAttrs: (c) => ({ className: !wiz.mapping[(file.columns || []).indexOf(c)] ? 'row-muted' : null, dataset: { column: c.index } }),
    });

    const preview = el('button', {
      id: 'import-preview',
      className: ['btn', wiz.report ? null : 'btn-primary'],
      attrs: { type: 'button' },
      props: { disabled: locked || problems.length > 0 },
      text: t('import.preview'),
    });
    preview.addEventListener('click', () => run('preview'));

    return el('section', { id: 'import-step-mapping', className: 'panel' }, [
      el('h3', { className: 'panel-title', text: t('import.step2_title') }),
      el('p', { className: 'panel-intro muted', text: t('import.mapping_intro') }),
      table.element,
      problems.length
        ? el('ul', { id: 'import-mapping-problems', className: 'problems' }, problems.map((p) => el('li', { text: p })))
        : null,
      el('div', { className: 'actions' }, [preview, el('span', { className: 'muted', text: t('import.preview_hint') })]),
    ]);
  }

  function mappingProblems() {
    const problems = [];
    const columns = wiz.file.columns || [];
    if (!wiz.mapping.includes('name')) problems.push(t('import.problem.no_name'));
    const seen = new Map();
    wiz.mapping.forEach((field, i) => {
      if (!field) return;
      if (!seen.has(field)) seen.set(field, []);
      seen.get(field).push(columnLetter(columns[i] ? columns[i].index : i));
    });
    for (const [field, letters] of seen) {
      if (letters.length > 1) problems.push(t('import.problem.twice', { field: fieldLabel(field), columns: letters.join(t('import.list_sep')) }));
    }
    return problems;
  }

  // ---------- Running: progress and cancel ----------
  function runningBox() {
    const bar = el('progress', { id: 'import-progress', className: 'progress', attrs: { max: '100' } });
    const text = el('span', { id: 'import-progress-text', className: 'muted' });
    const cancel = el('button', { id: 'import-cancel', className: 'btn btn-danger-outline', attrs: { type: 'button' }, text: t('import.cancel') });
    cancel.addEventListener('click', () => whileBusy(cancel, async () => {
      try {
        await api.importCancel(wiz.file.token);
      } catch (err) {
        showError(err);
      }
    }));
    updateProgress = () => {
      if (!bar.isConnected) return;
      const p = wiz.progress;
      const total = p ? Number(p.total) : 0;
      if (p && total > 0) {
        bar.max = total;
        bar.value = Math.min(Number(p.done) || 0, total);
        text.textContent = t(`import.phase.${p.phase}`, { done: formatNumber(p.done), total: formatNumber(total) });
      } else {
        // No count yet: an indeterminate bar.
        bar.removeAttribute('value');
        text.textContent = p && p.phase ? t(`import.phase.${p.phase}`, { done: formatNumber(p.done || 0), total: '…' }) : t('import.starting');
      }
    };
    updateProgress();
    return el('section', { id: 'import-running', className: 'panel', attrs: { 'aria-busy': 'true' } }, [
      el('h3', { className: 'panel-title', text: wiz.running === 'apply' ? t('import.running_apply') : t('import.running_preview') }),
      el('div', { className: 'progress-row' }, [bar, cancel]),
      text,
    ]);
  }

  async function run(kind) {
    if (wiz.running || !wiz.file) return;
    const token = wiz.file.token;
    const mapping = wiz.mapping.slice();
    if (kind === 'apply') {
      const r = wiz.report || {};
      const ok = await confirmDialog({
        title: t('import.apply_confirm_title'),
        message: t('import.apply_confirm', {
          inserted: formatNumber(r.inserted || 0),
          updated: formatNumber(r.updated || 0),
          review: formatNumber((r.review || []).length),
        }),
        confirmText: t('import.apply'),
      });
      if (!ok) return;
    }
    wiz.running = kind;
    wiz.progress = null;
    wiz.notice = null;
    wiz.savedRejects = null;
    redraw();
    // Without progress events the bar stays indeterminate; the import itself is unaffected.
    const unlisten = await api.followJob(token, (payload) => {
      wiz.progress = payload;
      updateProgress();
    });
    try {
      const report = kind === 'preview' ? await api.importPreview(token, mapping) : await api.importApply(token, mapping);
      if (wiz.file && wiz.file.token === token) {
        wiz.report = report || {};
        wiz.reportKind = kind;
      }
    } catch (err) {
      if (wiz.file && wiz.file.token === token) {
        wiz.notice = err && err.kind === 'cancelled'
          ? { tone: 'info', text: kind === 'apply' ? t('import.cancelled_apply') : t('import.cancelled_preview') }
          : errorNotice(err);
      }
    } finally {
      unlisten();
      wiz.running = null;
      wiz.progress = null;
      redraw();
      const report = document.getElementById('import-step-report');
      if (report && ctx.isCurrent()) report.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  }

  // ---------- Steps 3 and 4: what the file would do / did ----------
  function reportStep() {
    const r = wiz.report || {};
    const applied = wiz.reportKind === 'apply';
    const review = r.review || [];
    const rejected = r.rejected || [];
    const chip = (id, label, value, extra, unit = 'people') => el('div', { className: ['count-chip', extra] }, [
      el('span', { className: 'count-label', text: label }),
      el('span', { id: `import-count-${id}`, className: 'count-value', text: formatCount(value, unit) }),
    ]);

    const actions = [];
    if (!applied) {
      const apply = el('button', { id: 'import-apply', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('import.apply') });
      apply.addEventListener('click', () => run('apply'));
      actions.push(apply, el('span', { className: 'muted', text: t('import.apply_hint') }));
    } else {
      if (rejected.length) {
        const save = el('button', { id: 'import-save-rejects', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('import.save_rejects') });
        save.addEventListener('click', () => whileBusy(save, async () => {
          try {
            const saved = await api.importSaveRejects(wiz.file.token, t('import.save_rejects_title'));
            if (saved && saved.path) {
              wiz.savedRejects = saved.path;
              redraw();
            }
          } catch (err) {
            showError(err);
          }
        }));
        actions.push(save);
      }
      if (review.length) {
        actions.push(el('a', { id: 'import-open-review', className: 'btn', attrs: { href: '#/members/review' }, text: t('import.open_review') }));
      }
      actions.push(el('a', { id: 'import-done', className: 'btn', attrs: { href: '#/members' }, text: t('import.to_members') }));
    }

    return el('section', { id: 'import-step-report', className: 'panel', dataset: { kind: wiz.reportKind } }, [
      el('h3', { className: 'panel-title', text: applied ? t('import.report_apply') : t('import.report_preview') }),
      el('p', { className: 'panel-intro muted', text: applied ? t('import.report_apply_intro') : t('import.report_preview_intro') }),
      el('div', { id: 'import-counts', className: 'count-row' }, [
        chip('inserted', t('import.count.inserted'), r.inserted || 0, 'count-strong'),
        chip('updated', t('import.count.updated'), r.updated || 0),
        chip('unchanged', t('import.count.unchanged'), r.unchanged || 0),
        chip('review', t('import.count.review'), review.length, review.length ? 'count-warn' : null, 'rows'),
        chip('rejected', t('import.count.rejected'), rejected.length, rejected.length ? 'count-bad' : null, 'rows'),
      ]),
      el('div', { className: 'actions' }, actions),
      wiz.savedRejects ? el('p', { id: 'import-rejects-saved', className: 'status-line status', text: t('import.rejects_saved', { path: wiz.savedRejects }) }) : null,
      review.length ? rowList('import-review-list', t('import.review_list', { n: formatNumber(review.length) }), review, 'review_kind') : null,
      rejected.length ? rowList('import-rejected-list', t('import.rejected_list', { n: formatNumber(rejected.length) }), rejected, 'reject_kind') : null,
    ]);
  }

  /** Every problem of the row in the user's language: the core phrases them in Chinese (naming the file's own columns) and English. */
  function reasonDetail(e) {
    return getLocale() === 'zh-CN' && e.reason_zh ? e.reason_zh : e.reason;
  }

  function rowList(id, title, entries, prefix) {
    const shown = entries.slice(0, LISTED);
    return el('div', { className: 'report-list' }, [
      el('h4', { className: 'list-title', text: title }),
      createTable([
        { key: 'row', label: t('import.col.row'), className: 'col-row', render: (e) => t('import.row_n', { row: e.row }) },
        {
          key: 'reason',
          label: t('import.col.reason'),
          render: (e) => [
            el('span', { className: 'reason-kind', text: e.kind ? codeLabel(prefix, e.kind) : orEmpty(e.reason) }),
            e.kind && e.reason ? el('span', { className: 'reason-detail muted', text: reasonDetail(e) }) : null,
          ],
        },
      ], { id, rows: shown, className: 'report-table', rowAttrs: (e) => ({ dataset: { row: e.row } }) }).element,
      entries.length > LISTED ? el('p', { className: 'muted', text: t('import.more_rows', { n: formatNumber(entries.length - LISTED) }) }) : null,
    ]);
  }

  draw();
  return root;
}

function errorNotice(err) {
  const { sentence, detail } = describeError(err);
  return { tone: 'error', text: sentence, detail };
}

/** 0 → A, 25 → Z, 26 → AA: the column letters a spreadsheet shows. */
function columnLetter(index) {
  let n = Number(index);
  if (!Number.isInteger(n) || n < 0) return String(index);
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}
