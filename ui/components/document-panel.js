// A meeting's documents panel: 签到表, 胸卡 (four to a sheet or one per page), 桌签, 邀请函, 会议手册,
// 决议 and 座位图 rendered to PDF with progress and cancel, then saved, opened or printed; and the
// one-badge reprint.
import * as api from '../api.js';
import { el, replace, whileBusy } from './dom.js';
import { confirmDialog } from './dialog.js';
import { showError } from './errors.js';
import { formatNumber } from './format.js';
import { openPrintDialog, fileFacts } from './print-dialog.js';
import { t } from '../i18n/index.js';

const LAYOUTS = ['sheet', 'single'];
const ORDERS = ['strokes', 'pinyin'];

// Per meeting, so a language switch or a look at another page does not lose a running render or
// its result; a render that ends after the page was left only updates this.
const panels = new Map();

function panelState(meetingId) {
  if (!panels.has(meetingId)) {
    panels.set(meetingId, {
      layout: 'sheet',
      order: 'strokes',
      running: null, // {jobId, document}
      progress: null, // the latest document-progress payload
      result: null, // render_meeting_document's answer + {document}
      notice: null, // {text, tone: 'info'|'ok'}
      refused: null, // {document, places}: a missing_glyphs refusal, offering to print marked
      draw: () => {},
      updateProgress: () => {},
    });
  }
  return panels.get(meetingId);
}

const documentLabel = (document) => t(`documents.${document}`);

const SHOWN_PLACES = 8;

/**
 * The fields a refusal or a marked render names, as "赵孟□ (name)", "Unit of 李四: □科技":
 * whose field it is, as far as the font prints it; at most SHOWN_PLACES and "… N more".
 */
export function describePlaces(places) {
  const list = (Array.isArray(places) ? places : []).map((p) => {
    const field = t(`documents.field.${p.field}`);
    if (!p.name) return t('documents.place_meeting', { field, text: p.text });
    if (p.field === 'name') return t('documents.place_name', { name: p.name });
    return t('documents.place_field', { name: p.name, field, text: p.text });
  });
  const shown = list.slice(0, SHOWN_PLACES).join(t('import.list_sep'));
  return list.length > SHOWN_PLACES ? t('documents.place_more', { shown, count: list.length - SHOWN_PLACES }) : shown;
}

/** The places of a missing_glyphs refusal that names them (an older answer may not). */
function refusedPlaces(err) {
  const places = err && err.kind === 'missing_glyphs' && err.params ? err.params.places : null;
  return Array.isArray(places) && places.length ? places : null;
}

/** Renders the panel for a meeting; returns its element. */
export function createDocumentPanel(meetingId) {
  const st = panelState(meetingId);
  const buttons = el('div', { className: 'doc-buttons' });
  const status = el('div', { id: 'doc-status', className: 'doc-status' });
  const root = el('section', { id: 'documents-panel', className: 'panel documents-panel', attrs: { 'aria-labelledby': 'documents-title' } }, [
    el('div', { className: 'doc-row' }, [
      el('h3', { id: 'documents-title', className: 'panel-title doc-title', text: t('documents.title') }),
      buttons,
    ]),
    status,
  ]);

  function draw() {
    if (!root.isConnected && root.dataset.drawn) return;
    root.dataset.drawn = 'true';
    const busy = Boolean(st.running);
    const layout = el('select', {
      id: 'badge-layout',
      className: 'input doc-layout',
      attrs: { 'aria-label': t('documents.layout_label'), title: t('documents.layout_label') },
      props: { disabled: busy },
    }, LAYOUTS.map((l) => el('option', { attrs: { value: l }, props: { selected: st.layout === l }, text: t(`documents.layout.${l}`) })));
    layout.addEventListener('change', () => {
      st.layout = layout.value;
    });
    const order = el('select', {
      id: 'name-order',
      className: 'input doc-order',
      attrs: { 'aria-label': t('documents.order_label'), title: t('documents.order_label') },
      props: { disabled: busy },
    }, ORDERS.map((o) => el('option', { attrs: { value: o }, props: { selected: st.order === o }, text: t(`documents.order.${o}`) })));
    order.addEventListener('change', () => {
      st.order = order.value;
    });
    const button = (document) => el('button', {
      id: `doc-${document}`,
      className: ['btn', st.running && st.running.document === document && 'doc-active'],
      attrs: { type: 'button' },
      props: { disabled: busy },
      dataset: { document },
      text: documentLabel(document),
      on: { click: () => run(document) },
    });
    replace(buttons, [
      button('sign_in'),
      el('span', { className: 'doc-badges' }, [button('badges'), layout]),
      button('table_cards'),
      button('invitations'),
      button('packet'),
      button('resolutions'),
      button('seating'),
      order,
    ]);
    replace(status, st.running ? runningLine() : resultLine());
    root.dataset.state = st.running ? 'running' : st.result ? 'done' : 'idle';
  }

  function runningLine() {
    const bar = el('progress', { id: 'doc-progress', className: 'progress', attrs: { max: '100' } });
    const text = el('span', { id: 'doc-progress-text', className: 'muted doc-progress-text' });
    const cancel = el('button', { id: 'doc-cancel', className: 'btn btn-small btn-danger-outline', attrs: { type: 'button' }, text: t('documents.cancel') });
    const jobId = st.running.jobId;
    cancel.addEventListener('click', () => whileBusy(cancel, async () => {
      try {
        await api.cancelJob(jobId);
      } catch (err) {
        showError(err);
      }
    }));
    st.updateProgress = () => {
      if (!bar.isConnected) return;
      const p = st.progress;
      const total = p ? Number(p.total) : 0;
      if (p && total > 0) {
        bar.max = total;
        bar.value = Math.min(Number(p.done) || 0, total);
        text.textContent = t('documents.progress', { done: formatNumber(p.done), total: formatNumber(total) });
      } else {
        // No count yet: an indeterminate bar.
        bar.removeAttribute('value');
        text.textContent = t('documents.starting');
      }
    };
    st.updateProgress();
    return el('div', { className: 'doc-line', attrs: { 'aria-busy': 'true' } }, [
      el('span', { className: 'doc-running-label', text: t('documents.rendering', { document: documentLabel(st.running.document) }) }),
      bar,
      text,
      cancel,
    ]);
  }

  /** Who cannot be printed as written, and the staff's choice to print anyway, marked. */
  function refusalLine() {
    const { document, places } = st.refused;
    const anyway = el('button', {
      id: 'doc-print-marked',
      className: 'btn btn-small btn-primary',
      attrs: { type: 'button' },
      text: t('documents.print_marked'),
      on: { click: () => run(document, { markMissing: true }) },
    });
    return el('div', { id: 'doc-refused', className: 'doc-refused', attrs: { role: 'alert' }, dataset: { document } }, [
      el('p', { className: 'doc-refused-text', text: t('documents.refused', { document: documentLabel(document), count: places.length, places: describePlaces(places) }) }),
      el('p', { className: 'muted doc-refused-hint', text: t('documents.refused_hint') }),
      el('div', { className: 'doc-line' }, [anyway]),
    ]);
  }

  function resultLine() {
    if (st.refused) return refusalLine();
    const notice = st.notice
      ? el('p', { id: 'doc-notice', className: ['doc-notice', st.notice.tone === 'ok' ? 'status' : 'muted'], attrs: { role: 'status' }, text: st.notice.text })
      : null;
    if (!st.result) return notice || el('p', { className: 'muted doc-hint', text: t('documents.hint') });
    const file = st.result;
    const save = el('button', { id: 'doc-save', className: 'btn btn-small', attrs: { type: 'button' }, text: t('documents.save') });
    save.addEventListener('click', () => whileBusy(save, async () => {
      try {
        const saved = await api.saveDocument(file.path, file.file_name, t('documents.save_title'));
        if (saved && saved.path) {
          st.notice = { tone: 'ok', text: t('documents.saved', { path: saved.path }) };
          st.draw();
        }
      } catch (err) {
        showError(err);
      }
    }));
    const open = el('button', { id: 'doc-open', className: 'btn btn-small', attrs: { type: 'button' }, text: t('documents.open') });
    open.addEventListener('click', () => whileBusy(open, async () => {
      try {
        await api.openDocument(file.path);
      } catch (err) {
        showError(err);
      }
    }));
    const print = el('button', { id: 'doc-print', className: 'btn btn-small btn-primary', attrs: { type: 'button' }, text: t('documents.print') });
    print.addEventListener('click', () => openPrintDialog(file, { heading: t('print.heading', { document: documentLabel(file.document) }) }));
    return [
      el('div', { id: 'doc-result', className: 'doc-line', dataset: { document: file.document } }, [
        el('span', { className: 'doc-done-mark', attrs: { 'aria-hidden': 'true' }, text: '✓' }),
        el('span', { id: 'doc-file-name', className: 'doc-file-name', attrs: { title: file.path }, text: file.file_name }),
        el('span', { id: 'doc-file-facts', className: 'muted doc-file-facts', text: fileFacts(file) }),
        el('span', { className: 'doc-line-gap' }),
        save,
        open,
        print,
      ]),
      notice,
    ];
  }

  async function run(document, { markMissing = false } = {}) {
    if (st.running) return;
    const jobId = api.newJobId();
    st.running = { jobId, document };
    st.progress = null;
    st.notice = null;
    st.result = null;
    st.refused = null;
    st.draw();
    // Without progress events the bar stays indeterminate; the render itself is unaffected.
    const unlisten = await api.followJob(jobId, (payload) => {
      st.progress = payload;
      st.updateProgress();
    });
    try {
      const result = await api.renderMeetingDocument(meetingId, document, {
        jobId,
        badgeLayout: document === 'badges' ? st.layout : null,
        order: st.order,
        markMissing,
      });
      st.result = { ...result, document };
      if (result.marked && result.marked.length) {
        st.notice = { tone: 'info', text: t('documents.marked', { count: result.marked.length, places: describePlaces(result.marked) }) };
      }
    } catch (err) {
      const places = refusedPlaces(err);
      // A cancel is the user's own choice: a quiet line, not an error. A refusal naming people
      // is the staff's to decide: who, and the offer to print the rest with marks.
      if (err && err.kind === 'cancelled') st.notice = { tone: 'info', text: t('documents.cancelled', { document: documentLabel(document) }) };
      else if (places) st.refused = { document, places };
      else showError(err);
    } finally {
      unlisten();
      st.running = null;
      st.progress = null;
      st.draw();
    }
  }

  st.draw = draw;
  draw();
  return root;
}

/**
 * Renders one attendee's badge (one badge per page) and opens the print dialog for it, with save
 * and open offered too. attendee: {id, name}. Errors are shown; resolves when the dialog closes.
 */
export async function reprintBadge(meetingId, attendee) {
  const render = (markMissing) => api.renderMeetingDocument(meetingId, 'badges', {
    jobId: api.newJobId(),
    badgeLayout: 'single',
    attendeeIds: [attendee.id],
    markMissing,
  });
  let file;
  try {
    file = await render(false);
  } catch (err) {
    const places = refusedPlaces(err);
    if (!places) {
      if (!err || err.kind !== 'cancelled') showError(err);
      return;
    }
    const anyway = await confirmDialog({
      title: t('documents.refused_title'),
      message: `${t('documents.refused', { document: t('documents.badges'), count: places.length, places: describePlaces(places) })} ${t('documents.refused_hint')}`,
      confirmText: t('documents.print_marked'),
    });
    if (!anyway) return;
    try {
      file = await render(true);
    } catch (again) {
      if (!again || again.kind !== 'cancelled') showError(again);
      return;
    }
  }
  await openPrintDialog(file, { heading: t('documents.reprint_heading', { name: attendee.name }), offerFile: true });
}
