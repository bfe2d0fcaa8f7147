// The door screen, in the app window and on a station's browser alike: one input that always
// has the focus. A USB scanner types a badge's token and Enter → check-in; typing a name,
// pinyin, initials or a phone's last four digits searches the meeting's list, and Enter checks
// in the selected person. Green for in, amber for already in, red for a badge that lets nobody
// in, blue for a scan kept while the host is unreachable — never green until the host has it.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { describeError } from '../components/errors.js';
import { codeLabel, formatTime, orEmpty } from '../components/format.js';
import { beep } from '../components/beep.js';
import * as queue from '../components/door-queue.js';
import { openPrintDialog } from '../components/print-dialog.js';
import { t } from '../i18n/index.js';

// Digits with spaces or dashes, twelve digits or more: a badge, not a search.
const TOKEN_LIKE = /^[\s\-－‐–—_0-9０-９]+$/;
const FEED_SIZE = 12;
const SEARCH_DELAY_MS = 120;
const REPLAY_EVERY_MS = 3000;
const COUNTS_EVERY_MS = 5000;
const HEARTBEAT_MS = 20000;

function looksLikeToken(text) {
  return TOKEN_LIKE.test(text) && (text.match(/[0-9０-９]/g) || []).length >= 12;
}

/**
 * The door screen for a meeting. opts: {meetingId, station, isCurrent() (false once the screen
 * is left), onExit?}. Returns the root element.
 */
export function renderDoor({ meetingId, station, isCurrent, onExit }) {
  const st = {
    meeting: null,
    counts: null,
    hits: [],
    selected: 0,
    lastIn: null,
    feed: [],
    doorId: null,
    searchSeq: 0,
    searchTimer: null,
    stopListening: null,
    timers: [],
    dialogOpen: false,
  };
  const alive = () => isCurrent() && root.isConnected;

  const input = el('input', {
    id: 'door-input',
    className: 'door-input',
    attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-label': t('door.input_label'), placeholder: t('door.input_placeholder') },
  });
  const result = el('section', { id: 'door-result', className: 'door-result door-idle', attrs: { 'aria-live': 'assertive' } },
    el('p', { className: 'door-result-hint', text: t('door.ready') }));
  const hits = el('ol', { id: 'door-hits', className: 'door-hits', attrs: { role: 'listbox', 'aria-label': t('door.hits_label') } });
  const feed = el('ol', { id: 'door-feed', className: 'door-feed' });
  const counts = el('div', { id: 'door-counts', className: 'door-counts' });
  const queueNote = el('p', { id: 'door-queue', className: 'door-queue', hidden: true });
  const title = el('h2', { id: 'door-title', className: 'door-title', text: t('door.title') });
  const undoButton = el('button', { id: 'door-undo', className: 'btn btn-large', attrs: { type: 'button' }, props: { disabled: true }, text: t('door.undo') });
  const walkInButton = el('button', { id: 'door-walk-in', className: 'btn btn-large', attrs: { type: 'button' }, text: t('door.walk_in') });
  const exitButton = onExit
    ? el('button', { id: 'door-exit', className: 'btn btn-large btn-quiet', attrs: { type: 'button' }, text: t('door.exit'), on: { click: () => onExit() } })
    : null;

  const root = el('section', { id: 'door', className: 'door', dataset: { meeting: meetingId } }, [
    el('header', { className: 'door-header' }, [
      el('div', { className: 'door-heading' }, [
        title,
        el('p', { id: 'door-station', className: 'door-station', text: t('door.station', { station }) }),
      ]),
      counts,
    ]),
    el('div', { className: 'door-body' }, [
      el('div', { className: 'door-main' }, [
        input,
        hits,
        result,
        queueNote,
      ]),
      el('aside', { className: 'door-side' }, [
        el('div', { className: 'door-actions' }, [undoButton, walkInButton, exitButton]),
        el('h3', { className: 'door-feed-title', text: t('door.feed') }),
        feed,
      ]),
    ]),
  ]);

  // ---------- the answer ----------

  function show(kind, lines, actions = []) {
    result.className = `door-result door-${kind}`;
    result.dataset.result = kind;
    replace(result, [...lines, actions.length ? el('div', { className: 'door-result-actions' }, actions) : null]);
  }

  function personLines(person) {
    return [
      el('p', { id: 'door-name', className: 'door-name', text: person.name }),
      el('p', { className: 'door-facts' }, [
        el('span', { id: 'door-category', className: 'door-chip', text: codeLabel('category', person.category) }),
        person.group ? el('span', { id: 'door-group', className: 'door-chip', text: person.group }) : null,
        person.walk_in ? el('span', { className: 'door-chip', text: t('door.walk_in_chip') }) : null,
      ]),
      el('p', { id: 'door-seat', className: 'door-seat', text: person.seat ? t('door.seat', { seat: person.seat }) : t('door.no_seat') }),
      person.unit ? el('p', { className: 'door-unit', text: person.unit }) : null,
    ];
  }

  function unknownReason(outcome) {
    const whose = outcome.badge_of ? outcome.badge_of.name : '';
    return t(`door.reason.${outcome.reason || 'not_found'}`, { name: whose, meeting: outcome.other_meeting || '' });
  }

  function answer(outcome, { fromQueue = false } = {}) {
    const who = outcome.attendee;
    if (outcome.result === 'checked_in') {
      beep('ok');
      st.lastIn = who;
      undoButton.disabled = false;
      const actions = who && who.walk_in ? [printBadgeButton(who)] : [];
      show('ok', [el('p', { className: 'door-verdict', text: fromQueue ? t('door.ok_from_queue') : t('door.ok') }), ...personLines(who)], actions);
    } else if (outcome.result === 'already') {
      beep('already');
      const when = t('door.already', { time: formatTime(outcome.at), station: outcome.station || '' });
      show('already', [
        el('p', { className: 'door-verdict', text: outcome.conflict ? t('door.conflict') : t('door.already_title') }),
        ...personLines(who),
        el('p', { id: 'door-already', className: 'door-when', text: when }),
      ]);
    } else if (outcome.result === 'undone') {
      show('undone', [el('p', { className: 'door-verdict', text: t('door.undone', { name: who.name }) })]);
    } else {
      beep('unknown');
      show('unknown', [
        el('p', { className: 'door-verdict', text: t('door.unknown') }),
        el('p', { id: 'door-reason', className: 'door-reason', text: unknownReason(outcome) }),
      ]);
    }
    addToFeed(outcome, true);
  }

  function addToFeed(outcome, own) {
    if (!outcome || !outcome.attendee) return;
    st.feed.unshift({ outcome, own });
    st.feed.length = Math.min(st.feed.length, FEED_SIZE);
    replace(feed, st.feed.map(({ outcome: o, own: mine }) => el('li', {
      className: ['door-feed-item', `door-feed-${o.result}`, o.conflict && 'door-feed-conflict'],
    }, [
      el('span', { className: 'door-feed-time', text: formatTime(o.at) }),
      el('span', { className: 'door-feed-name', text: o.attendee.name }),
      el('span', { className: 'door-feed-what', text: t(`door.feed.${o.result}`) + (o.conflict ? ` · ${t('door.feed.conflict')}` : '') }),
      el('span', { className: 'door-feed-station', text: mine ? t('door.feed.here') : (o.station || '') }),
    ])));
  }

  function printBadgeButton(who) {
    const button = el('button', { id: 'door-print-badge', className: 'btn', attrs: { type: 'button' }, text: t('door.print_badge') });
    button.addEventListener('click', () => whileBusy(button, async () => {
      try {
        if (api.inApp()) {
          const file = await api.renderMeetingDocument(meetingId, 'badges', {
            jobId: api.newJobId('walkin'), badgeLayout: 'single', attendeeIds: [who.id], markMissing: true,
          });
          st.dialogOpen = true;
          await openPrintDialog(file, { heading: t('door.print_badge') });
        } else {
          // A link the user clicks: a window opened after an await is blocked as a pop-up.
          const link = el('a', {
            id: 'door-badge-link', className: 'btn',
            attrs: { href: await api.doorWalkInBadge(who.id), target: '_blank', rel: 'noopener', download: `badge-${who.id}.pdf` },
            text: t('door.open_badge'),
          });
          button.replaceWith(link);
        }
      } catch (err) {
        showProblem(err);
      } finally {
        st.dialogOpen = false;
        input.focus();
      }
    }));
    return button;
  }

  function showProblem(err) {
    beep('unknown');
    const { sentence } = describeError(err);
    show('unknown', [el('p', { className: 'door-verdict', text: t('door.failed') }), el('p', { className: 'door-reason', text: sentence })]);
  }

  // ---------- checking in ----------

  async function checkIn(target) {
    const eventId = api.newEventId(target.token ? 'scan' : 'pick');
    try {
      const outcome = await api.doorCheckin(meetingId, { ...target, station, eventId });
      if (!alive()) return;
      answer(outcome);
      refreshCounts();
    } catch (err) {
      if (!alive()) return;
      if (err.kind === 'unreachable' && !api.inApp() && target.token) {
        // Kept with its own time and event id; replayed when the host is back.
        queue.enqueue({ eventId, token: target.token, station, queuedAt: new Date().toISOString(), meetingId });
        beep('queued');
        show('queued', [
          el('p', { className: 'door-verdict', text: t('door.queued') }),
          el('p', { className: 'door-reason', text: t('door.queued_hint') }),
        ]);
        showQueue();
      } else {
        showProblem(err);
      }
    }
  }

  async function replayQueue() {
    const waiting = queue.queued(meetingId);
    for (const item of waiting) {
      if (!alive()) return;
      try {
        const outcome = await api.doorCheckin(meetingId, { token: item.token, station: item.station, eventId: item.eventId, queuedAt: item.queuedAt });
        queue.dequeue(item.eventId);
        addToFeed(outcome, true);
        if (outcome.conflict) {
          beep('already');
          show('already', [
            el('p', { className: 'door-verdict', text: t('door.conflict') }),
            ...personLines(outcome.attendee),
            el('p', { className: 'door-when', text: t('door.already', { time: formatTime(outcome.at), station: outcome.station || '' }) }),
          ]);
        }
      } catch (err) {
        if (err.kind === 'unreachable') break;
        // Refused for good (e.g. a malformed request): drop it, say so in the feed.
        queue.dequeue(item.eventId);
      }
    }
    showQueue();
    if (waiting.length) refreshCounts();
  }

  function showQueue() {
    const n = api.inApp() ? 0 : queue.queued(meetingId).length;
    queueNote.hidden = n === 0;
    queueNote.textContent = t('door.queue_count', { count: n });
  }

  async function undoLast() {
    const who = st.lastIn;
    if (!who) return;
    try {
      const outcome = await api.doorCheckin(meetingId, { attendeeId: who.id, station, eventId: api.newEventId('undo'), undo: true });
      st.lastIn = null;
      undoButton.disabled = true;
      answer(outcome);
      refreshCounts();
    } catch (err) {
      showProblem(err);
    }
    input.focus();
  }

  // ---------- searching ----------

  function drawHits() {
    replace(hits, st.hits.map((hit, i) => el('li', {
      className: ['door-hit', i === st.selected && 'selected', hit.checked_in_at && 'door-hit-in'],
      attrs: { role: 'option', 'aria-selected': i === st.selected ? 'true' : 'false' },
      dataset: { attendee: hit.id },
      on: { mousedown: (event) => { event.preventDefault(); st.selected = i; pick(); } },
    }, [
      el('span', { className: 'door-hit-name', text: hit.name }),
      el('span', { className: 'door-hit-facts', text: [codeLabel('category', hit.category), hit.group, hit.unit].filter(Boolean).join(' · ') }),
      el('span', { className: 'door-hit-phone', text: orEmpty(hit.phone_masked) }),
      el('span', { className: 'door-hit-state', text: hit.checked_in_at ? t('door.hit_in', { time: formatTime(hit.checked_in_at) }) : '' }),
    ])));
    hits.hidden = st.hits.length === 0;
  }

  async function search(text) {
    const seq = ++st.searchSeq;
    try {
      const found = await api.doorSearch(meetingId, text, 12);
      if (seq !== st.searchSeq || !alive()) return;
      st.hits = found;
      st.selected = 0;
      drawHits();
    } catch (err) {
      if (seq === st.searchSeq && err.kind !== 'unreachable') showProblem(err);
    }
  }

  function clearSearch() {
    st.searchSeq += 1;
    clearTimeout(st.searchTimer);
    st.hits = [];
    drawHits();
  }

  function pick() {
    const hit = st.hits[st.selected];
    if (!hit) return;
    input.value = '';
    clearSearch();
    checkIn({ attendeeId: hit.id });
    input.focus();
  }

  input.addEventListener('input', () => {
    const text = input.value.trim();
    clearTimeout(st.searchTimer);
    if (!text || looksLikeToken(text)) {
      clearSearch();
      return;
    }
    st.searchTimer = setTimeout(() => search(text), SEARCH_DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!st.hits.length) return;
      event.preventDefault();
      st.selected = (st.selected + (event.key === 'ArrowDown' ? 1 : st.hits.length - 1)) % st.hits.length;
      drawHits();
      return;
    }
    if (event.key === 'Escape') {
      input.value = '';
      clearSearch();
      return;
    }
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (looksLikeToken(text) || /^[0-9]{5,}$/.test(text)) {
      // A scan (or a mistyped badge number: the door says why it lets nobody in).
      input.value = '';
      clearSearch();
      checkIn({ token: text });
    } else if (st.hits.length) {
      pick();
    } else {
      search(text);
    }
  });

  // The input keeps the focus: a scanner types wherever the focus is.
  input.addEventListener('blur', () => {
    setTimeout(() => {
      if (alive() && !st.dialogOpen && !document.querySelector('dialog[open]')) input.focus();
    }, 150);
  });

  undoButton.addEventListener('click', () => undoLast());
  walkInButton.addEventListener('click', () => openWalkIn());

  // ---------- walk-ins ----------

  function openWalkIn() {
    st.dialogOpen = true;
    const field = (id, key, attrs = {}) => {
      const inputEl = el('input', { id: `walk-in-${id}`, className: 'input', attrs: { type: 'text', autocomplete: 'off', ...attrs } });
      return [inputEl, el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t(key) }), inputEl])];
    };
    const [name, nameField] = field('name', 'door.walk_in.name', { required: true, maxlength: '40' });
    const [unit, unitField] = field('unit', 'door.walk_in.unit', { maxlength: '100' });
    const [jobTitle, jobField] = field('job-title', 'door.walk_in.job_title', { maxlength: '100' });
    const [phone, phoneField] = field('phone', 'door.walk_in.phone', { maxlength: '30', inputmode: 'tel' });
    const [group, groupField] = field('group', 'door.walk_in.group', { maxlength: '40' });
    const category = el('select', { id: 'walk-in-category', className: 'input' },
      ['guest', 'observer', 'staff', 'delegate'].map((c) => el('option', { attrs: { value: c }, text: codeLabel('category', c) })));
    const problem = el('p', { className: 'form-error', hidden: true });
    const save = el('button', { id: 'walk-in-save', className: 'btn btn-primary', attrs: { type: 'submit' }, text: t('door.walk_in.save') });
    const cancel = el('button', { className: 'btn', attrs: { type: 'button' }, text: t('common.cancel') });
    const form = el('form', { className: 'walk-in-form' }, [
      el('h2', { className: 'dialog-title', text: t('door.walk_in.title') }),
      nameField, unitField, jobField, phoneField,
      el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('door.walk_in.category') }), category]),
      groupField, problem,
      el('div', { className: 'dialog-actions' }, [cancel, save]),
    ]);
    const dialog = el('dialog', { id: 'walk-in-dialog', className: 'dialog' }, form);
    const close = () => {
      dialog.close();
      dialog.remove();
      st.dialogOpen = false;
      input.focus();
    };
    cancel.addEventListener('click', close);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!name.value.trim()) {
        problem.hidden = false;
        problem.textContent = t('door.walk_in.name_required');
        name.focus();
        return;
      }
      whileBusy(save, async () => {
        try {
          const outcome = await api.doorWalkIn(meetingId, {
            name: name.value, unit: unit.value, jobTitle: jobTitle.value, phone: phone.value,
            category: category.value, group: group.value,
          }, station, api.newEventId('walkin'));
          close();
          answer(outcome);
          refreshCounts();
        } catch (err) {
          problem.hidden = false;
          problem.textContent = describeError(err).sentence;
        }
      });
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    name.focus();
  }

  // ---------- counts ----------

  function drawCounts(a) {
    const q = a.quorum;
    replace(counts, [
      el('div', { className: 'door-count' }, [
        el('span', { className: 'door-count-label', text: t('door.present') }),
        el('span', { id: 'door-present', className: 'door-count-value', text: `${a.present} / ${a.expected}` }),
      ]),
      el('div', { className: 'door-count' }, [
        el('span', { className: 'door-count-label', text: t('door.voting') }),
        el('span', { id: 'door-voting', className: 'door-count-value', text: `${a.voting_present} / ${a.voting_expected}` }),
      ]),
      el('div', { id: 'door-quorum', className: ['door-count', q.reached ? 'door-quorum-yes' : 'door-quorum-no'] }, [
        el('span', { className: 'door-count-label', text: t('door.quorum', { needed: q.needed }) }),
        el('span', { className: 'door-count-value', text: q.reached ? t('door.quorum_reached', { time: formatTime(q.reached_at) }) : t('door.quorum_missing', { count: Math.max(0, q.needed - a.voting_present) }) }),
      ]),
    ]);
  }

  async function refreshCounts() {
    try {
      const a = await api.getAttendance(meetingId);
      if (!alive()) return;
      st.counts = a;
      drawCounts(a);
    } catch {
      // Counts are a courtesy: the next refresh tries again.
    }
  }

  // ---------- start and stop ----------

  function every(ms, fn) {
    st.timers.push(setInterval(() => {
      if (alive()) fn();
      else stop();
    }, ms));
  }

  function stop() {
    for (const timer of st.timers) clearInterval(timer);
    st.timers = [];
    if (st.stopListening) st.stopListening();
    st.stopListening = null;
    if (st.doorId !== null && api.inApp()) api.doorWindowClose(st.doorId).catch(() => {});
    st.doorId = null;
  }
  root.stopDoor = stop;

  (async () => {
    try {
      st.meeting = await api.doorMeeting(meetingId);
      if (st.meeting) title.textContent = st.meeting.title;
    } catch (err) {
      showProblem(err);
    }
    if (api.inApp()) {
      try {
        st.doorId = await api.doorWindowOpen(meetingId);
        every(HEARTBEAT_MS, () => api.doorWindowHeartbeat(st.doorId).catch(() => {}));
      } catch (err) {
        showProblem(err);
      }
    } else {
      every(REPLAY_EVERY_MS, () => { if (queue.queued(meetingId).length) replayQueue(); });
    }
    st.stopListening = api.listenToDoor(meetingId, (event) => {
      if (!alive()) return;
      if (event && event.outcome && event.outcome.station !== station) addToFeed(event.outcome, false);
      refreshCounts();
    });
    every(COUNTS_EVERY_MS, refreshCounts);
    refreshCounts();
    showQueue();
    root.dataset.ready = 'true';
    input.focus();
  })();

  return root;
}
