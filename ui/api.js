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
/** {association_name, logo_path, quorum_numerator, quorum_denominator, majority, backup_dir} */
export const getSettings = () => call('get_settings');
/** Saves the whole settings object; returns the saved settings. */
export const saveSettings = (settings) => call('save_settings', { settings });
/** [{id, name, role, active}] */
export const listStaff = () => call('list_staff');
/** Creates a staff profile; returns {id, name, role, active}. */
export const createStaff = (name, role) => call('create_staff', { name, role });
/** Makes a profile the one the audit log records; returns {id, name, role}. */
export const selectStaff = (staffId) => call('select_staff', { staffId });
/** [{id, at, staff, action, entity, entity_id, before, after}], newest first. */
export const listAudit = (limit) => call('list_audit', { limit });
/** {path}, or null when the user cancelled the save dialog; title is the dialog's title in the UI language. */
export const backupDatabase = (title) => call('backup_database', title ? { title } : {});
/** {path, safety_copy}, or null when cancelled; admin only; title as for backupDatabase. */
export const restoreDatabase = (title) => call('restore_database', title ? { title } : {});
/** Switches to the demo database; returns its overview. */
export const openDemoDatabase = () => call('open_demo_database');
/** Switches back to the office's own database; returns its overview. */
export const openRegister = () => call('open_register');
