// The only module that talks to the backend: Tauri invoke in the app, JSON over HTTP on a door station.

/** A failure from the backend (or from reaching it): the UI phrases it from kind and params. */
export class AppError extends Error {
  constructor(kind, params = {}, message = '') {
    super(message || kind);
    this.name = 'AppError';
    this.kind = kind;
    this.params = params || {};
  }
}

/** Normalises whatever a transport rejected with into an AppError. */
function toAppError(raw) {
  if (raw instanceof AppError) return raw;
  if (raw && typeof raw === 'object') {
    // The door server may wrap it the way the CLI does: {error: {kind, message}}.
    const body = raw.error && typeof raw.error === 'object' ? raw.error : raw;
    if (typeof body.kind === 'string') {
      return new AppError(body.kind, body.params || {}, typeof body.message === 'string' ? body.message : '');
    }
    if (raw instanceof Error) return new AppError('internal', {}, raw.message);
  }
  if (typeof raw === 'string') {
    // Tauri itself rejects with a bare string, e.g. for a command the shell does not know yet.
    try {
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && typeof parsed.kind === 'string') return toAppError(parsed);
    } catch {
      // Not JSON: keep the string as the message.
    }
    return new AppError('internal', {}, raw);
  }
  return new AppError('internal', {}, String(raw));
}

/** Door-station transport: POST /api/<command> with the same arguments as invoke. */
async function fetchTransport(command, args) {
  let response;
  try {
    response = await fetch(`/api/${command}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(args),
    });
  } catch (err) {
    throw new AppError('unreachable', {}, String(err && err.message ? err.message : err));
  }
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      // A proxy's or server's HTML error page is not worth showing; the status line says enough.
      throw new AppError('internal', {}, response.ok
        ? `invalid JSON from /api/${command}`
        : `HTTP ${response.status} ${response.statusText}`.trim());
    }
  }
  if (!response.ok) {
    throw body ? toAppError(body) : new AppError('internal', {}, `HTTP ${response.status}`);
  }
  return body;
}

/** The entries of an object whose values are set (not null, undefined or ''). */
function present(object) {
  return Object.fromEntries(Object.entries(object || {}).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

/** Adds the dialog title a command shows, when there is one. */
const titled = (args, title) => (title ? { ...args, title } : args);

function transport(command, args) {
  const core = window.__TAURI__ && window.__TAURI__.core;
  if (core && typeof core.invoke === 'function') return core.invoke(command, args);
  return fetchTransport(command, args);
}

/** Calls a backend command by its snake_case name; rejects with AppError. */
export async function call(command, args = {}) {
  try {
    return await transport(command, args);
  } catch (err) {
    throw toAppError(err);
  }
}

/** {stats, database, association_name, staff} */
export const getOverview = () => call('get_overview');
/** [{id, title, kind, expanded, starts_at, venue, attendees}] */
export const listMeetings = () => call('list_meetings');
/** [{id, name, unit, category, group, voting, seat, badge_token, checked_in_at}] */
export const listAttendees = (meetingId) => call('list_attendees', { meetingId });

// Meeting preparation (ui/API.md "Meeting preparation").
/** {id, title, kind, expanded, starts_at, venue, attendees, status, term_id, ends_at, notes, quorum}. */
export const getMeeting = (meetingId) => call('get_meeting', { meetingId });
/** form: {title, kind, expanded, term, starts_at (RFC 3339 with offset), ends_at, venue, notes, quorum: [n, d] | null}. */
export const createMeeting = (form) => call('create_meeting', { form });
export const updateMeeting = (meetingId, form) => call('update_meeting', { meetingId, form });
export const setMeetingStatus = (meetingId, status) => call('set_meeting_status', { meetingId, status });
/** form: {title, starts_at}. */
export const copyMeeting = (meetingId, form) => call('copy_meeting', { meetingId, form });
/** [{code, done, params}]. */
export const meetingReadiness = (meetingId) => call('meeting_readiness', { meetingId });
/** [{id, position, title, kind, presenter, starts_at, duration_min, fixed_start, text_chars, attachment_name}]. */
export const listAgenda = (meetingId) => call('list_agenda', { meetingId });
/** setup: {title, kind, presenter, duration_min, fixed_start}. */
export const addAgendaItem = (meetingId, setup) => call('add_agenda_item', { meetingId, setup });
export const updateAgendaItem = (itemId, setup) => call('update_agenda_item', { itemId, setup });
export const reorderAgenda = (meetingId, itemIds) => call('reorder_agenda', { meetingId, itemIds });
export const deleteAgendaItem = (itemId) => call('delete_agenda_item', { itemId });
/** {item, text, blocks: [{kind: heading|paragraph, text}]}. */
export const getReportText = (itemId) => call('get_report_text', { itemId });
export const setReportText = (itemId, text) => call('set_report_text', { itemId, text });
/** Opens a file dialog; null when cancelled. */
export const importReportText = (itemId, title) => call('import_report_text', { itemId, title });
export const attachReportPdf = (itemId, title) => call('attach_report_pdf', { itemId, title });
export const removeReportPdf = (itemId) => call('remove_report_pdf', { itemId });
/** [{id, title, kind, base, rule, method, yes, no, abstain, base_count, needed, passed, no_quorum, recorded_at, agenda_item_id}]. */
export const listMotions = (meetingId) => call('list_motions', { meetingId });
/** setup: {title, kind, agenda_item, base, rule}. */
export const createMotion = (meetingId, setup) => call('create_motion', { meetingId, setup });
export const updateMotion = (motionId, setup) => call('update_motion', { motionId, setup });
export const deleteMotion = (motionId) => call('delete_motion', { motionId });
/** vote: {method, yes, no, abstain}. */
export const recordVote = (motionId, vote) => call('record_vote', { motionId, vote });
export const recordNoQuorum = (motionId) => call('record_no_quorum', { motionId });
/** The list rows plus {member_id, job_title, protocol_order, branch_id, rsvp, pinyin, initials}. */
export const meetingAttendees = (meetingId) => call('meeting_attendees', { meetingId });
/** options: {category, group}; → {added, already, rejected, already_invited}. */
export const inviteTerm = (meetingId, termId, options) => call('invite_term', { meetingId, termId, options });
export const inviteBranch = (meetingId, branchId, options) => call('invite_branch', { meetingId, branchId, options });
export const inviteMembers = (meetingId, memberIds, options) => call('invite_members', { meetingId, memberIds, options });
/** Opens a file dialog (members or guests); null when cancelled. */
export const inviteFromFile = (meetingId, guests, options, title) => call('invite_from_file', { meetingId, guests, options, title });
/** guest: {name, unit, job_title, category, group, protocol_order}; → the attendee id. */
export const addGuest = (meetingId, guest) => call('add_guest', { meetingId, guest });
/** change: {category, group, voting, unit, job_title, protocol_order, rsvp}. */
export const updateAttendee = (attendeeId, change) => call('update_attendee', { attendeeId, change });
export const withdrawAttendee = (attendeeId) => call('withdraw_attendee', { attendeeId });
export const substituteDelegate = (attendeeId, memberId, guest) => call('substitute_delegate', { attendeeId, memberId, guest });
/** [{branch_id, branch, quota, delegates, over}]. */
export const listQuotas = (meetingId) => call('list_quotas', { meetingId });
export const setQuota = (meetingId, branchId, quota) => call('set_quota', { meetingId, branchId, quota });
/** {hall: [{name, rows, seats}], seats: [{section, row, number, attendee_id, name, category, group}]}. */
export const seatingPlan = (meetingId) => call('seating_plan', { meetingId });
/** sections: [{name, rows, seats}], front row first; → who lost a seat the hall no longer has. */
export const setHall = (meetingId, sections) => call('set_hall', { meetingId, sections });
/** → {seated, unseated: [{attendee, name, category}]}. */
export const autoSeat = (meetingId) => call('auto_seat', { meetingId });
/** seat: {section, row, number} or null to clear. */
export const assignSeat = (attendeeId, seat) => call('assign_seat', { attendeeId, seat });
/** {association_name, logo_path, quorum_numerator, quorum_denominator, majority, backup_dir} */
export const getSettings = () => call('get_settings');
/** Saves the whole settings object; returns the saved settings. */
export const saveSettings = (settings) => call('save_settings', { settings });
/** [{id, name, role, active, has_pin}] */
export const listStaff = () => call('list_staff');
/** Creates a staff profile; returns {id, name, role, active}. */
export const createStaff = (name, role) => call('create_staff', { name, role });
/**
 * Makes a profile the one the audit log records; returns {id, name, role, active, has_pin}.
 * An admin needs its pin (errors pin_required, wrong_pin, pin_required_to_set).
 */
export const selectStaff = (staffId, pin = null) => call('select_staff', pin === null ? { staffId } : { staffId, pin });
/** Sets a profile's PIN (oldPin: one's own current PIN, if it has one); returns the profile. */
export const setStaffPin = (staffId, pin, oldPin = null) =>
  call('set_staff_pin', oldPin === null ? { staffId, pin } : { staffId, pin, oldPin });
/**
 * [{id, at, staff_id, staff_name, action, entity, entity_id, before, after, note}], newest first.
 * filters: {entity, entityId, staffId, action}; empty ones are left out.
 */
export const listAudit = (limit, filters = {}) => call('list_audit', { limit, ...present(filters) });
/** {path}, or null when the user cancelled the save dialog; title is the dialog's title in the UI language. */
export const backupDatabase = (title) => call('backup_database', title ? { title } : {});
/** {path, safety_copy}, or null when cancelled; admin only; title as for backupDatabase. */
export const restoreDatabase = (title) => call('restore_database', title ? { title } : {});
/** Switches to the demo database; returns its overview. */
export const openDemoDatabase = () => call('open_demo_database');
/** Switches back to the office's own database; returns its overview. */
export const openRegister = () => call('open_register');

// ---------- Members, branches, council, import, export, statistics ----------

/**
 * query: {text, college?, graduation_year_from?, graduation_year_to?, branch_id?, city?, status?,
 * office?, include_archived?, limit, offset} → [{id, name, gender, college, major, graduation_year,
 * degree, employer, city, status, phone_masked, matched}], best match first.
 */
export const searchMembers = (query) => call('search_members', { query });
/** {colleges, cities, degrees, branches: [{id, name}], offices, graduation_years: {min, max}} */
export const memberFilterOptions = () => call('member_filter_options');
/** {member (masked), branches: [{branch_id, branch_name, role}], positions: [{term_number, office}]} */
export const getMember = (memberId) => call('get_member', { memberId });
/** The record with phone and ID number in full; the backend records the look in the audit log. */
export const revealMember = (memberId) => call('reveal_member', { memberId });
/** Adds a member from MemberFields; returns the record (masked). */
export const createMember = (fields) => call('create_member', { fields });
/** Replaces a member's fields; returns the record (masked). */
export const updateMember = (memberId, fields) => call('update_member', { memberId, fields });
/** Archives a member (archived true) or brings them back; returns the record. */
export const archiveMember = (memberId, archived) => call('archive_member', { memberId, archived });
/** keepId gets fields and the other's branches, positions and invitations; the other is archived. Admin only. */
export const mergeMembers = (keepId, mergeId, fields) => call('merge_members', { keepId, mergeId, fields });
/**
 * Save dialog, then {path, rows, masked}, or null when cancelled; unmasked needs an administrator.
 * jobId (from newJobId) names the job: `job-progress` events with phase `exporting`; cancelJob stops it.
 */
export const exportMembers = (query, columns, unmasked, title, jobId) =>
  call('export_members', titled({ query, columns, unmasked, ...present({ jobId }) }, title));

/**
 * Open dialog, then {token, file_name, header_row, rows, columns: [{index, header, field, samples}], fields}, or null.
 * jobId names the read (then the token): `job-progress` phase `reading`; cancelJob(jobId) stops it.
 */
export const importOpen = (title, jobId) => call('import_open', titled(present({ jobId }), title));
/** Dry run: {inserted, updated, unchanged, review: [{row, reason, kind}], rejected: [{row, reason, kind}]}. */
export const importPreview = (token, mapping) => call('import_preview', { token, mapping });
/** Writes the import in one transaction; returns the same report as the preview. */
export const importApply = (token, mapping) => call('import_apply', { token, mapping });
/** Stops a running preview or apply (the token is its job id); it then fails with kind `cancelled` and nothing is written. */
export const importCancel = (token) => cancelJob(token);
/** Save dialog for the rejected rows (.xlsx with a 原因 column): {path} or null. */
export const importSaveRejects = (token, title) => call('import_save_rejects', titled({ token }, title));
// ---------- Long jobs: imports, exports, documents ----------

/** Stops a running job: its SQL is interrupted, it rejects with kind `cancelled`, nothing is written. */
export const cancelJob = (jobId) => call('cancel_job', { jobId });
/** The polling twin of `job-progress`: {job_id, phase, done, total, state, cancel_requested}, or null. */
export const jobStatus = (jobId) => call('job_status', { jobId });
/**
 * Calls callback({job_id, phase, done, total}) for every `job-progress` event (phase `reading`,
 * `checking`, `writing`, `exporting` or `rendering`); resolves to a function that stops listening.
 * Where there are no events (a door station's browser) it never calls: poll jobStatus there.
 */
export async function onJobProgress(callback) {
  const events = window.__TAURI__ && window.__TAURI__.event;
  if (!events || typeof events.listen !== 'function') return () => {};
  const unlisten = await events.listen('job-progress', (event) => callback(event && event.payload));
  return typeof unlisten === 'function' ? unlisten : () => {};
}

/**
 * Calls callback(payload) for the `job-progress` events of one job only; resolves to a function
 * that stops listening. Where events cannot be listened to, the job still runs: it resolves to
 * a no-op and the caller's bar simply stays still.
 */
export async function followJob(jobId, callback) {
  try {
    return await onJobProgress((p) => {
      if (p && p.job_id === jobId) callback(p);
    });
  } catch {
    return () => {};
  }
}

/** Open review items, oldest first: [{id, created_at, source, row, kind, detail, member_id, incoming, existing}]. */
export const listReviews = () => call('list_reviews');
/** action: `merge` (with fields), `insert` or `dismiss`. */
export const resolveReview = (reviewId, action, fields) =>
  call('resolve_review', fields ? { reviewId, action, fields } : { reviewId, action });
/** Records on file with the same name, graduation year and college: [{first, second}] (masked); merge with mergeMembers. */
export const listDuplicateMembers = (limit) => call('list_duplicate_members', limit ? { limit } : {});

/** [{id, name, kind, parent_id, city, members, president}], parents before children. */
export const listBranches = () => call('list_branches');
/** [{member_id, name, role, graduation_year, college}] */
export const branchMembers = (branchId) => call('branch_members', { branchId });
/** branch: {name, kind, parent_id, city}; returns {id}. */
export const createBranch = (branch) => call('create_branch', { branch });
/** Renames or moves a branch (the whole {name, kind, parent_id, city}). */
export const updateBranch = (branchId, branch) => call('update_branch', { branchId, branch });
/** Archives a branch; refused (invalid_input, reason has_children) while it has sub-branches. */
export const archiveBranch = (branchId) => call('archive_branch', { branchId });
/** Sets a member's role in a branch, adding them if needed; role null removes them. */
export const setBranchRole = (branchId, memberId, role) => call('set_branch_role', { branchId, memberId, role });

/** [{id, number, starts_on, ends_on, positions}], newest first. */
export const listTerms = () => call('list_terms');
/** [{member_id, name, office}] in office order. */
export const termPositions = (termId) => call('term_positions', { termId });
/** Gives (held true) or takes away (held false) an office in a term. */
export const setPosition = (termId, memberId, office, held) => call('set_position', { termId, memberId, office, held });

/** {total_members, by_decade, by_college, by_degree, by_city, branch_sizes: [[label, n]], contact_coverage: [[label, have, total]]} */
export const getStatistics = () => call('get_statistics');
/** Save dialog, then {path}, or null when cancelled. */
export const exportStatisticsPdf = (title) => call('export_statistics_pdf', titled({}, title));

// ---------- Meeting documents, printing and badges (issue 4) ----------

/** A job id, made here so a cancel can be sent while the job runs (a render, an export, an import). */
export function newJobId(prefix = 'doc') {
  const random = new Uint32Array(2);
  window.crypto.getRandomValues(random);
  return `${prefix}-${Date.now().toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`;
}

/**
 * Renders a meeting's document into the app's documents folder.
 * document: `sign_in` | `badges` | `table_cards`; options: {jobId, badgeLayout? (`sheet` | `single`),
 * attendeeIds? (only these people), order? (`strokes` | `pinyin`: names within a delegation),
 * markMissing? (print characters no font has as a boxed □ for hand correction instead of refusing)}
 * → {job_id, path, file_name, document, pages, bytes, marked}. Emits `job-progress` (phase `rendering`).
 */
export const renderMeetingDocument = (meetingId, document, { jobId, badgeLayout, attendeeIds, order, markMissing } = {}) =>
  call('render_meeting_document', {
    meetingId, document, jobId, ...present({ badgeLayout, order }), ...(attendeeIds ? { attendeeIds } : {}),
    ...(markMissing ? { markMissing: true } : {}),
  });
/** Save dialog offering fileName, then {path}, or null when cancelled. Only rendered documents. */
export const saveDocument = (path, fileName, title) => call('save_document', titled({ path, fileName }, title));
/** Shows a rendered document in the system's PDF viewer. */
export const openDocument = (path) => call('open_document', { path });
/** [{name, is_default}]; empty when the computer has no print service. */
export const listPrinters = () => call('list_printers');
/** Prints a rendered document; printer null = the system default; copies 1–999 → {job}. */
export const printDocument = (path, printer, copies) =>
  call('print_document', { path, copies, ...present({ printer }) });
/** A new badge token for an attendee (the old one stops working at the door) → the token. */
export const reissueBadge = (attendeeId) => call('reissue_badge', { attendeeId });

// ---------- The door: check-in, walk-ins, live counts (issue 10) ----------
// In the app these are Tauri commands; on a door station's browser they are the door server's
// REST API, every request carrying the pairing secret (Authorization: Bearer).

const PAIRING_KEY = 'alumni-desk.door.pairing';

/** Whether this page runs inside the app (else: a door station's browser). */
export const inApp = () => Boolean(window.__TAURI__ && window.__TAURI__.core);

/** The station's pairing {key, meeting, station}, kept in the browser's storage; or null. */
export function doorPairing() {
  try {
    const stored = JSON.parse(window.localStorage.getItem(PAIRING_KEY) || 'null');
    return stored && typeof stored.key === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** Keeps the station's pairing (the secret from the pairing address, the meeting, the station's name). */
export function setDoorPairing(pairing) {
  window.localStorage.setItem(PAIRING_KEY, JSON.stringify(pairing));
}

/** A station's request to the door server; rejects with AppError (kind `unreachable` when the host cannot be reached). */
async function doorFetch(method, path, body) {
  const pairing = doorPairing() || {};
  const headers = {
    Accept: 'application/json',
    Authorization: `Bearer ${pairing.key || ''}`,
    'X-Station': encodeURIComponent(pairing.station || ''),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (err) {
    throw new AppError('unreachable', {}, String(err && err.message ? err.message : err));
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw new AppError(response.status >= 500 ? 'unreachable' : 'internal', {}, `HTTP ${response.status}`);
  }
  if (!response.ok) throw parsed ? toAppError(parsed) : new AppError('internal', {}, `HTTP ${response.status}`);
  return parsed;
}

/** A new event id for a check-in: the same id sent again (a retry, a replayed queue) changes nothing. */
export function newEventId(prefix = 'ev') {
  return newJobId(prefix);
}

/**
 * Checks in (or with undo: true, undoes) by badge token (as scanned or typed) or attendeeId.
 * request: {token?, attendeeId?, station, eventId, undo?, queuedAt? (station only: when a queued scan was made)}
 * → {result: checked_in|already|unknown|undone, attendee, at, station, reason, event_id, replayed, conflict, badge_of, other_meeting}.
 */
export async function doorCheckin(meetingId, { token, attendeeId, station, eventId, undo = false, queuedAt }) {
  try {
    if (inApp()) {
      return await call('door_checkin', { meetingId, station, eventId, undo, ...present({ token, attendeeId }) });
    }
    const body = { station, event_id: eventId, ...present({ token, attendee_id: attendeeId, queued_at: queuedAt }) };
    return await doorFetch('POST', undo ? '/api/undo' : '/api/checkin', body);
  } catch (err) {
    throw toAppError(err);
  }
}

/** walkIn: {name, unit?, jobTitle?, phone?, category?, group?} → the check-in answer (attendee.walk_in true). */
export async function doorWalkIn(meetingId, walkIn, station, eventId) {
  const form = present({ name: walkIn.name, unit: walkIn.unit, job_title: walkIn.jobTitle, phone: walkIn.phone, category: walkIn.category, group: walkIn.group });
  try {
    if (inApp()) return await call('door_walk_in', { meetingId, walkIn: form, station, eventId });
    return await doorFetch('POST', '/api/walk-in', { ...form, station, event_id: eventId });
  } catch (err) {
    throw toAppError(err);
  }
}

/** [{id, name, unit, category, group, seat, voting, phone_masked, walk_in, checked_in_at}], best match first. */
export async function doorSearch(meetingId, query, limit = 12) {
  try {
    if (inApp()) return await call('door_search', { meetingId, query, limit });
    return await doorFetch('GET', `/api/search?q=${encodeURIComponent(query)}&limit=${limit}`);
  } catch (err) {
    throw toAppError(err);
  }
}

/** {expected, present, voting_expected, voting_present, quorum, by_category, by_group, arrivals, slice_min, missing, stations, conflicts, as_of} */
export async function getAttendance(meetingId) {
  try {
    if (inApp()) return await call('get_attendance', { meetingId });
    return await doorFetch('GET', '/api/attendance');
  } catch (err) {
    throw toAppError(err);
  }
}

/** The meeting a station serves: {id, title, kind, starts_at, venue, attendees}. */
export async function doorMeeting(meetingId) {
  try {
    if (inApp()) return (await listMeetings()).find((m) => m.id === meetingId) || null;
    return await doorFetch('GET', '/api/meeting');
  } catch (err) {
    throw toAppError(err);
  }
}

/**
 * Calls onEvent({meeting_id, kind, outcome}) for every change at the meeting's door (any station),
 * and onEvent(null) when events may have been missed (refetch the counts). In the app: Tauri
 * events while the door screen is open; on a station: the server's event stream, reconnected
 * after an outage. Returns a function that stops listening.
 */
export function listenToDoor(meetingId, onEvent) {
  let stopped = false;
  if (inApp()) {
    const events = window.__TAURI__.event;
    let unlisten = null;
    if (events && typeof events.listen === 'function') {
      events.listen('door-event', (event) => {
        if (!stopped && event && event.payload && event.payload.meeting_id === meetingId) onEvent(event.payload);
      }).then((fn) => {
        unlisten = fn;
        if (stopped) fn();
      });
    }
    return () => {
      stopped = true;
      if (unlisten) unlisten();
    };
  }
  const controller = new AbortController();
  (async () => {
    while (!stopped) {
      try {
        const pairing = doorPairing() || {};
        const response = await fetch('/api/events', {
          headers: { Authorization: `Bearer ${pairing.key || ''}`, 'X-Station': encodeURIComponent(pairing.station || ''), Accept: 'text/event-stream' },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onEvent(null);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = (block.match(/^event: ?(.*)$/m) || [])[1];
            const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.replace(/^data: ?/, '')).join('\n');
            if (name === 'door' && data) {
              try {
                onEvent(JSON.parse(data));
              } catch {
                onEvent(null);
              }
            } else if (name === 'lagged') {
              onEvent(null);
            }
          }
        }
      } catch {
        // The host is unreachable or restarting: try again shortly.
      }
      if (!stopped) await new Promise((resolve) => { setTimeout(resolve, 2000); });
    }
  })();
  return () => {
    stopped = true;
    controller.abort();
  };
}

/** The window's door screen opened (long office writes wait while it is): → door id. */
export const doorWindowOpen = (meetingId) => call('door_window_open', { meetingId });
/** The window's door screen is still open. */
export const doorWindowHeartbeat = (doorId) => call('door_window_heartbeat', { doorId });
/** The window's door screen closed. */
export const doorWindowClose = (doorId) => call('door_window_close', { doorId });
/** Marks an outage conflict as looked at by staff. */
export const resolveConflict = (id) => call('resolve_conflict', { id });
/** Starts the LAN door server for a meeting → {running, meeting_id, url, qr_svg, stations}. */
export const doorServerStart = (meetingId, port) => call('door_server_start', { meetingId, ...present({ port }) });
/** Stops the door server → the status. */
export const doorServerStop = () => call('door_server_stop');
/** {running, meeting_id, url, qr_svg, stations: [{station, last_contact, requests, check_ins}]} */
export const doorServerStatus = () => call('door_server_status');
/** A station: the walk-in's badge PDF from the host, as an object URL to open or download. */
export async function doorWalkInBadge(attendeeId) {
  const pairing = doorPairing() || {};
  let response;
  try {
    response = await fetch(`/api/walk-in/${encodeURIComponent(attendeeId)}/badge`, {
      headers: { Authorization: `Bearer ${pairing.key || ''}`, 'X-Station': encodeURIComponent(pairing.station || '') },
      cache: 'no-store',
    });
  } catch (err) {
    throw new AppError('unreachable', {}, String(err && err.message ? err.message : err));
  }
  if (!response.ok) throw toAppError(await response.json().catch(() => ({ kind: 'internal' })));
  return URL.createObjectURL(await response.blob());
}
/** Renders the meeting's 出席情况报告 now → {job_id, path, file_name, document, pages, bytes}, for openPrintDialog. */
export const renderAttendanceReport = (meetingId, jobId) => call('render_attendance_report', { meetingId, jobId });

// Elections (API.md "Elections").
/** [{id, body, title, seats, candidates, status, round, kind}] in the order they were set up. */
export const listElections = (meetingId) => call('list_elections', { meetingId });
/** ElectionSetup: the detail (candidates…), voting_expected/present, quorum_needed/reached, warnings. */
export const getElection = (electionId) => call('get_election', { electionId });
/** setup: {body, title, seats, write_in_lines, ballot_form, base, tie_rule, electorate}; candidates: [{member, name, unit}]. */
export const createElection = (meetingId, setup, candidates) => call('create_election', { meetingId, setup, candidates });
export const updateElection = (electionId, setup, candidates) => call('update_election', { electionId, setup, candidates });
export const deleteElection = (electionId) => call('delete_election', { electionId });
/** Records the ballots issued → the ElectionSetup. */
export const issueBallots = (electionId, issued) => call('issue_ballots', { electionId, issued });
/** marks: one of agree|disagree|abstain|empty per candidate → {ballot, pass, keyed, next_number, differences}. */
export const keyBallot = (electionId, pass, number, marks, writeIns) =>
  call('key_ballot', { electionId, pass, number, marks, writeIns });
export const deleteBallot = (electionId, pass, number) => call('delete_ballot', { electionId, pass, number });
/** [{number, marks, write_ins, over_marked, blank}] */
export const keyedBallots = (electionId, pass) => call('keyed_ballots', { electionId, pass });
/** [{ballot, column, first, second}] */
export const passDifferences = (electionId) => call('pass_differences', { electionId });
/** sheet: {returned, invalid, blank, listed: [{agree, disagree, abstain}], write_ins: [[name, agree]]} → the result. */
export const enterTallySheet = (electionId, sheet) => call('enter_tally_sheet', { electionId, sheet });
/** The `election result --json` shape plus source and sheet_differences. */
export const electionResult = (electionId) => call('election_result', { electionId });
/** {id, kind, round, seats, candidates} */
export const nextRound = (electionId) => call('next_round', { electionId });
/** {id, elected, electorates: [{election, meeting, voters, unseated}]} */
export const declareResult = (electionId) => call('declare_result', { electionId });
/** document: results|announcement|ballots|tally → a rendered file for the print dialog. */
export const renderElectionDocument = (electionId, document, jobId, count = null) =>
  call('render_election_document', { electionId, document, jobId, count });
